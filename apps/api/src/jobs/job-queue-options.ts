import { ConfigError } from '@vg/core';
import type { JobQueueOptions } from '@vg/jobs';

/**
 * The job queue's settings, read at start-up: JOB_WORKERS=false makes an api replica that only sends jobs (a fleet
 * whose workers run apart, `npm run worker`); JOB_MONITOR_SECONDS is how soon the job of a worker that died is
 * noticed and retried; JOB_POLL_SECONDS how often an idle worker looks for jobs when no notification woke it.
 */
export function jobQueueOptions(
  databaseUrl: string,
  env: NodeJS.ProcessEnv,
  defaults: { runWorkers: boolean },
): JobQueueOptions {
  const problems: string[] = [];
  const seconds = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    }
    return Number(raw);
  };
  const workersRaw = env.JOB_WORKERS;
  if (workersRaw !== undefined && workersRaw !== '' && !['true', 'false'].includes(workersRaw)) {
    problems.push(`JOB_WORKERS must be true or false (got "${workersRaw}")`);
  }
  const options: JobQueueOptions = {
    databaseUrl,
    runWorkers: workersRaw ? workersRaw === 'true' : defaults.runWorkers,
    monitorIntervalSeconds: seconds('JOB_MONITOR_SECONDS', 10, 1, 600),
    pollingIntervalSeconds: seconds('JOB_POLL_SECONDS', 2, 1, 60),
  };
  if (problems.length) throw new ConfigError(problems);
  return options;
}
