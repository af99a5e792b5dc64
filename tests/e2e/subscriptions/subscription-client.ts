import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber<T> {
  /** Everything received so far, in order. */
  received: T[];
  /** The first item (already received or still to come) that matches, or a rejection after `timeoutMs`. */
  waitFor(predicate: (item: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** A graphql-ws subscriber over a real WebSocket, signed in through connectionParams like the cockpit page. */
export function subscribe<T>(
  baseUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Subscriber<T> {
  const received: T[] = [];
  const waiters: { predicate: (item: T) => boolean; resolve: (item: T) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | null = null;
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  const fail = (error: Error) => {
    failure = error;
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  };
  const unsubscribe = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors?.length) return fail(new Error(JSON.stringify(result.errors)));
        const item = Object.values(result.data ?? {})[0] as T;
        received.push(item);
        for (const waiter of [...waiters]) {
          if (!waiter.predicate(item)) continue;
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(item);
        }
      },
      error: (error) => fail(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: () => undefined,
    },
  );
  return {
    received,
    waitFor(predicate, timeoutMs = 5_000) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      if (failure) return Promise.reject(failure);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`Nothing matching arrived in ${timeoutMs} ms; received ${JSON.stringify(received)}`));
        }, timeoutMs);
        const waiter = {
          predicate,
          resolve: (item: T) => (clearTimeout(timer), resolve(item)),
          reject: (error: Error) => (clearTimeout(timer), reject(error)),
        };
        waiters.push(waiter);
      });
    },
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}
