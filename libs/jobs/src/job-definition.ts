/** What a handler is told about the attempt it runs. */
export interface JobContext {
  /** The queue's id of the job (the same across its retries). */
  jobId: string;
  /** 1 for the first run, 2 for the first retry, and so on. */
  attempt: number;
  /** True when this is the last attempt the job gets: a failure now sends it to the dead letters. */
  lastAttempt: boolean;
  /** Aborted when this process stops: the handler should stop soon and throw, so another worker retries it. */
  signal: AbortSignal;
}

/**
 * One kind of job: how it is retried, how a dead worker is noticed, and what runs it. The handler must be safe to run
 * again after a crash (each kind guards its own effects with a state check in its transaction).
 */
export interface JobDefinition<T extends object> {
  kind: string;
  /** Retries after the first attempt, with exponential back-off from `retryDelaySeconds`. */
  retryLimit: number;
  retryDelaySeconds: number;
  /**
   * A running job sends a heartbeat this often (seconds, at least 10); a job whose heartbeat stops (its worker was
   * killed) is failed by the queue's monitor and retried on another worker.
   */
  heartbeatSeconds: number;
  /** The most a single attempt may run, seconds. */
  expireInSeconds: number;
  /** Attempts of this kind one worker process runs at the same time. */
  concurrency: number;
  run(data: T, context: JobContext): Promise<unknown>;
  /**
   * Called once when the job has used all its attempts (or its worker died on the last one): records the failure
   * with its reason where the job's owner shows it.
   */
  deadLettered(data: T, reason: string): Promise<void>;
}

/** Sent to a queue: a kind and its data. */
export interface JobRequest<T extends object> {
  kind: string;
  data: T;
  /** At most one job with this key in each time slot of `singletonSeconds` across the whole fleet. */
  singleton?: { key: string; seconds: number };
}
