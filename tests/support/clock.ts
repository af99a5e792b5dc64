import { Clock } from '@vg/core';
import { TestApp } from './test-app';

/**
 * Moves the api's today — the last day a fact (a delivery, a day's progress) may be dated — to `day`, for the rest
 * of the app's life. Token expiry and timeouts keep the real clock.
 */
export function setToday(app: TestApp, day: string): void {
  jest.spyOn(app.app.get(Clock), 'today').mockReturnValue(day);
}

/** Far enough ahead that every day the tests book capacity for has passed: the work is reported once done. */
export const AFTER_THE_WORK = '2099-12-31';
