import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventBus } from '../events/event-bus';
import { DomainEvent } from '../events/domain-event';
import { writeToOutbox } from '../events/event-outbox';
import { metrics } from '../metrics/metrics';

/** PostgreSQL's codes for a transaction that lost a race and may simply be run again. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** What a service gets inside a unit of work: the transaction's manager and the transactional outbox. */
export interface Tx {
  manager: EntityManager;
  /** Written to the outbox with this transaction; relayed to subscribers and notifications once it has committed. */
  publishAfterCommit(event: DomainEvent): void;
}

export function isRetryableDatabaseError(error: unknown): boolean {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } })?.code ??
    (error as { driverError?: { code?: unknown } })?.driverError?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * One transaction per mutation. Serialization failures and deadlocks are retried a bounded number of times with
 * jittered back-off (TypeORM does not). Events queued by the work are written to the outbox as its last statement,
 * so they commit with the change or not at all; after the commit the relay is woken to deliver them.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async run<T>(work: (tx: Tx) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const outbox: DomainEvent[] = [];
      try {
        const result = await this.dataSource.transaction(isolation, async (manager) => {
          const value = await work({ manager, publishAfterCommit: (event) => outbox.push(event) });
          await writeToOutbox(manager, outbox);
          return value;
        });
        if (outbox.length) this.events.outboxWritten();
        return result;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableDatabaseError(error)) throw error;
        metrics.transactionRetries.inc({ sqlstate: (error as { code?: string }).code ?? 'driver' });
        await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt + Math.random() * 20));
      }
    }
  }

  /** Read-only work on a plain connection. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
