import { ConfigError, loadConfig, type UnitOfWork } from '@vg/core';
import { ReplanScheduler } from './replan-scheduler';
import type { ReplanService } from './replan.service';

// The database side of the schedule is in tests/e2e/replan/replan-schedule.e2e-spec.ts; here only the clock.
describe('the re-plan schedule’s clock', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const schedulerWith = (env: Record<string, string>) =>
    new ReplanScheduler(loadConfig({ NODE_ENV: 'test', ...env }), {} as UnitOfWork, {} as ReplanService);

  it('ticks every REPLAN_EVERY_MINUTES and stops at shutdown', () => {
    const scheduler = schedulerWith({ REPLAN_EVERY_MINUTES: '30' });
    const runDue = jest.spyOn(scheduler, 'runDue').mockResolvedValue([]);
    scheduler.onApplicationBootstrap();
    jest.advanceTimersByTime(29 * 60_000);
    expect(runDue).not.toHaveBeenCalled();
    jest.advanceTimersByTime(60_000);
    expect(runDue).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(30 * 60_000);
    expect(runDue).toHaveBeenCalledTimes(2);
    scheduler.onApplicationShutdown();
    jest.advanceTimersByTime(120 * 60_000);
    expect(runDue).toHaveBeenCalledTimes(2);
  });

  it('never ticks when unset', () => {
    const scheduler = schedulerWith({});
    const runDue = jest.spyOn(scheduler, 'runDue').mockResolvedValue([]);
    scheduler.onApplicationBootstrap();
    jest.advanceTimersByTime(7 * 24 * 60 * 60_000);
    expect(runDue).not.toHaveBeenCalled();
  });

  it('refuses an interval that is not a whole number of minutes up to a week', () => {
    for (const value of ['-5', '1.5', 'hourly', String(7 * 24 * 60 + 1)]) {
      expect(() => loadConfig({ NODE_ENV: 'test', REPLAN_EVERY_MINUTES: value })).toThrow(ConfigError);
    }
  });
});
