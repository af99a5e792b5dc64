import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, createValidationPipe, PinoNestLogger, RuntimeStatus } from '@vg/core';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import pinoHttp from 'pino-http';
import { AppModule } from './app.module';
import { serveCockpit } from './cockpit/cockpit-static';
import { countInFlight } from './http/in-flight.middleware';
import { requestDeadline } from './http/request-deadline.middleware';

/** Builds the Nest application (not yet listening): shared by `main`, the e2e tests and the benchmarks. */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.use(countInFlight(app.get(RuntimeStatus)));
  app.use('/graphql', requestDeadline(config.requestTimeoutMs, logger));
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
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
