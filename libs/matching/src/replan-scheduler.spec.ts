import { ConfigError, loadConfig, type UnitOfWork } from '@vg/core';
import type { JobQueue } from '@vg/jobs';
import { REPLAN_DUE_JOB, ReplanScheduler } from './replan-scheduler';
import type { ReplanService } from './replan.service';

// The database side of the schedule is in tests/e2e/replan/replan-schedule.e2e-spec.ts and, across processes, in
// tests/e2e/fleet; here only the clock and what each tick asks of the queue.
describe('the re-plan schedule’s clock', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const schedulerWith = (env: Record<string, string>) => {
    const queue = { define: jest.fn(), send: jest.fn().mockResolvedValue('job-id') };
    const scheduler = new ReplanScheduler(
      loadConfig({ NODE_ENV: 'test', ...env }),
      {} as UnitOfWork,
      {} as ReplanService,
      queue as unknown as JobQueue,
    );
    return { scheduler, queue };
  };

  it('ticks every REPLAN_EVERY_MINUTES and stops at shutdown', () => {
    const { scheduler } = schedulerWith({ REPLAN_EVERY_MINUTES: '30' });
    const tick = jest.spyOn(scheduler, 'tick').mockResolvedValue(null);
    scheduler.onApplicationBootstrap();
    jest.advanceTimersByTime(29 * 60_000);
    expect(tick).not.toHaveBeenCalled();
    jest.advanceTimersByTime(60_000);
    expect(tick).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(30 * 60_000);
    expect(tick).toHaveBeenCalledTimes(2);
    scheduler.onApplicationShutdown();
    jest.advanceTimersByTime(120 * 60_000);
    expect(tick).toHaveBeenCalledTimes(2);
  });

  it('asks the queue for one round per interval, keyed so the fleet runs it once', async () => {
    const { scheduler, queue } = schedulerWith({ REPLAN_EVERY_MINUTES: '45' });
    await scheduler.tick();
    expect(queue.send).toHaveBeenCalledWith({
      kind: REPLAN_DUE_JOB,
      data: {},
      singleton: { key: REPLAN_DUE_JOB, seconds: 45 * 60 },
    });
  });

  it('never ticks when unset', () => {
    const { scheduler } = schedulerWith({});
    const tick = jest.spyOn(scheduler, 'tick').mockResolvedValue(null);
    scheduler.onApplicationBootstrap();
    jest.advanceTimersByTime(7 * 24 * 60 * 60_000);
    expect(tick).not.toHaveBeenCalled();
  });

  it('refuses an interval that is not a whole number of minutes up to a week', () => {
    for (const value of ['-5', '1.5', 'hourly', String(7 * 24 * 60 + 1)]) {
      expect(() => loadConfig({ NODE_ENV: 'test', REPLAN_EVERY_MINUTES: value })).toThrow(ConfigError);
    }
  });
});
