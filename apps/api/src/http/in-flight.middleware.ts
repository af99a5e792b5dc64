import { RuntimeStatus } from '@vg/core';
import { NextFunction, Request, Response } from 'express';

/**
 * Counts requests in flight, for the shutdown to wait on. While draining, every answer says `Connection: close`,
 * so keep-alive clients move to another replica instead of sending more here.
 */
export function countInFlight(status: RuntimeStatus) {
  return (_req: Request, res: Response, next: NextFunction) => {
    status.requestStarted();
    if (status.draining) res.setHeader('connection', 'close');
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      status.requestFinished();
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
