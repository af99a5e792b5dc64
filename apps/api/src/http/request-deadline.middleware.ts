import { ErrorCode } from '@vg/core';
import { NextFunction, Request, Response } from 'express';
import { Logger } from 'pino';
import { GRAPHQL_RESPONSE_JSON, wantsGraphqlResponseJson } from '../graphql/response-media-type';

/**
 * Every request is answered within `timeoutMs`: when the work takes longer (a frozen database, a runaway query),
 * the client gets SERVICE_UNAVAILABLE at the deadline (503 for `application/graphql-response+json`, 200 for
 * `application/json`), and whatever the work writes later is dropped. The work itself ends on its own: the
 * statement timeout and the pool's connect timeout are set below the deadline.
 */
export function requestDeadline(timeoutMs: number, logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.headersSent || res.writableEnded) return;
      const graphqlResponseJson = wantsGraphqlResponseJson(req.headers.accept);
      const body = JSON.stringify({
        errors: [
          {
            message: 'The request took too long; try again in a moment',
            extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
          },
        ],
      });
      res.writeHead(graphqlResponseJson ? 503 : 200, {
        'content-type': `${graphqlResponseJson ? GRAPHQL_RESPONSE_JSON : 'application/json'}; charset=utf-8`,
        'content-length': Buffer.byteLength(body),
        'retry-after': '2',
      });
      res.end(body);
      silence(res);
      logger.warn({ url: req.url, timeoutMs }, 'request deadline passed: answered SERVICE_UNAVAILABLE');
    }, timeoutMs);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}

/** The late answer of the abandoned work must neither throw (headers already sent) nor reach the socket. */
function silence(res: Response): void {
  const ignore = () => res;
  Object.assign(res, {
    setHeader: ignore,
    writeHead: ignore,
    status: ignore,
    set: ignore,
    write: () => true,
    end: ignore,
  });
}
