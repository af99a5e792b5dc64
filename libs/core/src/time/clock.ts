import { Injectable } from '@nestjs/common';
import { todayInChina } from './calendar-days';

/**
 * What time it is, as a provider: services that judge a date against today ask it, so a test can move today
 * (`jest.spyOn(app.get(Clock), 'today')`) without moving the clock that token expiry and timeouts read.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today in China Standard Time, `YYYY-MM-DD`. */
  today(): string {
    return todayInChina(this.now());
  }
}
