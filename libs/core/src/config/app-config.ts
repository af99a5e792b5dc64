import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The one typed configuration, read and validated once at start-up. A bad or missing setting throws
 * `ConfigError` with every problem listed, and the process stops before it opens a port.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** Interface the api listens on: loopback in development and tests, every interface in production. */
  host: string;
  /**
   * Which proxies' X-Forwarded-For is believed for the client address (Express's `trust proxy`: `loopback`, a
   * CIDR list, a hop count, or `false`). The sign-in throttle counts per client address, so this must name the
   * load balancer in front of the api.
   */
  trustProxy: string | number | boolean;
  /** Set when an external PostgreSQL is used; otherwise an embedded one is started. */
  databaseUrl: string | null;
  /**
   * The login the api's pool uses (a member of `vg_app`, owning nothing, subject to row-level security); unset, the
   * api makes its own (`vg_api`) with the credentials of the database URL, which stay the migrations'.
   */
  databaseApiUrl: string | null;
  /** Local state of a development checkout: the embedded database and the generated JWT secret. */
  dataDir: string;
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
  /** A request still unanswered after this long is answered SERVICE_UNAVAILABLE. */
  requestTimeoutMs: number;
  /** PostgreSQL cancels a statement running longer than this (below the request deadline). */
  statementTimeoutMs: number;
  /** How long a request may wait for a pooled connection (or a new one) before SERVICE_UNAVAILABLE. */
  databaseConnectTimeoutMs: number;
  /** On SIGTERM, how long in-flight requests get to finish before their connections are closed. */
  shutdownGraceMs: number;
  /**
   * On SIGTERM, how long connections still arriving are accepted (and answered with `Connection: close`) after
   * readiness turns 503, before the port closes: those a load balancer sent before it saw the replica drain.
   */
  shutdownAcceptMs: number;
  passwordHashProfile: PasswordHashProfile;
  /** How often the outbox relay looks for events committed by other processes or due for a retry. */
  outboxPollMs: number;
  /** SMTP server for the email channel (`smtp://user:pass@host:port`); unset turns email off. */
  smtpUrl: string | null;
  /** Sender of notification emails. */
  mailFrom: string;
  /** First retry of a failed email or webhook after this long, doubling on each later failure. */
  notificationRetryBaseMs: number;
  /** A notification that failed this often is given up (kept, marked FAILED). */
  notificationMaxAttempts: number;
  /** Webhooks may call loopback and private addresses over plain http (never in production unless set). */
  webhookAllowPrivate: boolean;
}

/**
 * How costly password hashes are: `standard` is argon2id at the library's defaults; `fast` is argon2id at its
 * minimum cost, so a test suite that signs in thousands of times does not spend minutes hashing. Never production.
 */
export type PasswordHashProfile = 'standard' | 'fast';
const PASSWORD_HASH_PROFILES: PasswordHashProfile[] = ['standard', 'fast'];

/**
 * PASSWORD_HASH_PROFILE, checked: the profile to use (`standard` whenever the setting is refused) and what is wrong
 * with the setting. The password hasher reads it with this same rule, so it can never hash `fast` in production.
 */
export function passwordHashProfileOf(env: NodeJS.ProcessEnv): { profile: PasswordHashProfile; problem?: string } {
  const raw = env.PASSWORD_HASH_PROFILE || 'standard';
  if (!PASSWORD_HASH_PROFILES.includes(raw as PasswordHashProfile)) {
    return { profile: 'standard', problem: `PASSWORD_HASH_PROFILE must be standard or fast (got "${raw}")` };
  }
  if (raw === 'fast' && (env.NODE_ENV || 'production') === 'production') {
    return {
      profile: 'standard',
      problem:
        'PASSWORD_HASH_PROFILE=fast is for tests and refused in production (NODE_ENV unset counts as production)',
    };
  }
  return { profile: raw as PasswordHashProfile };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Where development keeps its generated JWT secret, inside the data directory (git-ignored). */
export const JWT_SECRET_FILE = 'jwt-secret';
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

  const dataDir = env.DATA_DIR || '.data';
  let jwtSecret = env.JWT_SECRET ?? '';
  if (!jwtSecret) {
    if (nodeEnv === 'production')
      problems.push('JWT_SECRET is required in production (NODE_ENV unset counts as production)');
    // Never a value written in the source: development keeps its own random secret beside its data, so tokens
    // survive a restart and every checkout signs with a different key; a test process gets a throw-away one.
    else jwtSecret = nodeEnv === 'development' ? developmentSecret(dataDir, problems) : randomSecret();
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  const logLevel = env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const passwordHashing = passwordHashProfileOf(env);
  if (passwordHashing.problem) problems.push(passwordHashing.problem);

  const requestTimeoutMs = integer('REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000);
  const statementTimeoutMs = integer('STATEMENT_TIMEOUT_MS', 25_000, 100, 600_000);
  if (statementTimeoutMs >= requestTimeoutMs) {
    problems.push('STATEMENT_TIMEOUT_MS must be below REQUEST_TIMEOUT_MS (a slow statement fails before the deadline)');
  }
  const host = env.HOST || (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1');
  if (!/^[\w.:-]{1,253}$/.test(host)) problems.push(`HOST must be an address or host name (got "${host}")`);

  const trustProxyRaw = env.TRUST_PROXY || 'loopback';
  const trustProxy = /^\d+$/.test(trustProxyRaw)
    ? Number(trustProxyRaw)
    : trustProxyRaw === 'false'
      ? false
      : trustProxyRaw;
  if (trustProxyRaw === 'true') problems.push('TRUST_PROXY=true would believe any client; name the proxy (a CIDR)');

  const config: AppConfig = {
    nodeEnv,
    port: integer('PORT', 3000, 0, 65535),
    host,
    trustProxy,
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseApiUrl: url('DATABASE_API_URL', ['postgres:', 'postgresql:']),
    dataDir,
    embeddedPgDir: env.EMBEDDED_PG_DIR || path.join(dataDir, 'pg'),
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
    requestTimeoutMs,
    statementTimeoutMs,
    databaseConnectTimeoutMs: integer('DATABASE_CONNECT_TIMEOUT_MS', 10_000, 100, 600_000),
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 20_000, 0, 600_000),
    shutdownAcceptMs: integer('SHUTDOWN_ACCEPT_MS', 1_000, 0, 60_000),
    passwordHashProfile: passwordHashing.profile,
    outboxPollMs: integer('OUTBOX_POLL_MS', 1_000, 50, 60_000),
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'Virtual Group <no-reply@virtual-group.invalid>',
    notificationRetryBaseMs: integer('NOTIFICATION_RETRY_BASE_MS', 30_000, 10, 3_600_000),
    notificationMaxAttempts: integer('NOTIFICATION_MAX_ATTEMPTS', 8, 1, 50),
    webhookAllowPrivate: flag('WEBHOOK_ALLOW_PRIVATE', nodeEnv !== 'production'),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

const randomSecret = () => randomBytes(48).toString('base64url');

/**
 * The development secret in `<dataDir>/jwt-secret`, created on first start with mode 0600 (only this user reads
 * it). Written with O_EXCL so two processes starting together agree on one secret.
 */
function developmentSecret(dataDir: string, problems: string[]): string {
  const file = path.join(dataDir, JWT_SECRET_FILE);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, `${randomSecret()}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length < 32)
      problems.push(`${file} holds a secret shorter than 32 characters; delete it to get a new one`);
    return secret;
  } catch (error) {
    problems.push(`cannot keep the development JWT secret in ${file}: ${(error as Error).message}`);
    return '';
  }
}

/** Nest injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
