/**
 * The one typed configuration, read and validated once at start-up. A bad or missing setting throws
 * `ConfigError` with every problem listed, and the process stops before it opens a port.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** Set when an external PostgreSQL is used; otherwise an embedded one is started. */
  databaseUrl: string | null;
  embeddedPgDir: string;
  redisUrl: string | null;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  proposalResponseHours: number;
  loadDemoCluster: boolean;
  demoFirms: number;
  logLevel: string;
  /** Largest accepted request body, bytes. */
  bodyLimitBytes: number;
  /** Largest import file, bytes: the upload route's own cap (and the decoded size of a base64 file in GraphQL). */
  importMaxBytes: number;
  /** Re-plan every park with orders waiting for a plan this often, in minutes; 0 leaves it to the park admins. */
  replanEveryMinutes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me-0123456789';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  // Unset means production: development conveniences (introspection, the Sandbox, a built-in JWT secret) must be
  // asked for explicitly — `npm start` does.
  const nodeEnv = (env.NODE_ENV || 'production') as AppConfig['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${env.NODE_ENV}")`);
  }
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = env[name];
    if (!raw) return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) problems.push(`${name} must use ${protocols.join(' or ')}`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!['true', 'false', '1', '0'].includes(raw)) {
      problems.push(`${name} must be true or false (got "${raw}")`);
      return fallback;
    }
    return raw === 'true' || raw === '1';
  };

  let jwtSecret = env.JWT_SECRET ?? '';
  if (!jwtSecret) {
    if (nodeEnv === 'production')
      problems.push('JWT_SECRET is required in production (NODE_ENV unset counts as production)');
    jwtSecret = DEVELOPMENT_JWT_SECRET;
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  const logLevel = env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const config: AppConfig = {
    nodeEnv,
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    embeddedPgDir: env.EMBEDDED_PG_DIR ?? '.data/pg',
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret,
    accessTokenTtlSeconds: integer('JWT_ACCESS_TTL_SECONDS', 900, 30, 86400),
    refreshTokenTtlSeconds: integer('JWT_REFRESH_TTL_SECONDS', 14 * 86400, 60, 90 * 86400),
    proposalResponseHours: integer('PROPOSAL_RESPONSE_HOURS', 48, 1, 720),
    loadDemoCluster: flag('LOAD_DEMO_CLUSTER', nodeEnv === 'development'),
    demoFirms: integer('DEMO_FIRMS', 300, 1, 12000),
    logLevel,
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', 1_000_000, 1_000, 50_000_000),
    importMaxBytes: integer('IMPORT_MAX_BYTES', 32 * 1024 * 1024, 1024 * 1024, 200 * 1024 * 1024),
    replanEveryMinutes: integer('REPLAN_EVERY_MINUTES', 0, 0, 7 * 24 * 60),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Nest injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
