import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import {
  apiConnectionUrl,
  AppConfig,
  createValidationPipe,
  PinoNestLogger,
  runInRequestScope,
  RuntimeStatus,
} from '@vg/core';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import pinoHttp from 'pino-http';
import { AppModule } from './app.module';
import { serveCockpit } from './cockpit/cockpit-static';
import { countInFlight } from './http/in-flight.middleware';
import { requestDeadline } from './http/request-deadline.middleware';

/**
 * Builds the Nest application (not yet listening): shared by `main`, the e2e tests and the benchmarks. `databaseUrl`
 * is the owner's (migrations); the api's pool connects as a role subject to row-level security.
 */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger): Promise<INestApplication> {
  const apiUrl = await apiConnectionUrl(databaseUrl, config.databaseApiUrl);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { owner: databaseUrl, api: apiUrl }, logger),
    {
      logger: new PinoNestLogger(logger),
      bodyParser: false,
    },
  );
  app.use(countInFlight(app.get(RuntimeStatus)));
  app.use('/graphql', requestDeadline(config.requestTimeoutMs, logger));
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  // Every request starts in the public database scope; the guard narrows it to the caller once the token is checked.
  // After the body parser: its stream callbacks would not carry the scope on.
  app.use((_request: unknown, _response: unknown, next: () => void) => runInRequestScope(next));
  app.set('trust proxy', config.trustProxy);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Only method, path and status: never headers with tokens, never bodies with passwords or tax figures.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/health' },
    }),
  );
  app.useGlobalPipes(createValidationPipe());
  serveCockpit(app);
  return app;
}
