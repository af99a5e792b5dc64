import { AppConfig, createLogger, loadConfig } from '@vg/core';
import { createTestDatabase } from '../setup/test-database';
import { serveTestApp, TestApp } from './test-app';

export interface CapturedLog {
  /** Every line the logger wrote, raw. */
  lines: string[];
  /** The same lines parsed as JSON. */
  records(): Record<string, unknown>[];
}

/** A pino destination that keeps every line in memory. */
export function captureLog(): CapturedLog & { stream: { write(line: string): void } } {
  const lines: string[] = [];
  return {
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    stream: { write: (line: string) => void lines.push(line) },
  };
}

export interface AppOptions {
  /** The environment the config is read from, as-is: nothing is added, so a variable can be left unset. */
  env: NodeJS.ProcessEnv;
  logLevel?: string;
  log?: ReturnType<typeof captureLog>;
}

/**
 * Like `startTestApp`, for the tests that need what it fixes: an environment without NODE_ENV, or the log lines.
 * The real app over real HTTP on its own fresh, migrated database.
 */
export async function startAppWithConfig(options: AppOptions): Promise<TestApp & { config: AppConfig }> {
  const config = loadConfig({ PORT: '0', LOAD_DEMO_CLUSTER: 'false', ...options.env });
  const logger = createLogger(options.logLevel ?? 'silent', options.log?.stream);
  return { ...(await serveTestApp(config, logger, await createTestDatabase())), config };
}

/** The process environment without the named variables (e.g. to start with NODE_ENV unset). */
export function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}
