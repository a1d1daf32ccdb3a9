/**
 * Keeps customers' scores and loyalty standing fresh as their orders arrive. Ingestion hands over the ids
 * it touched and returns at once; the refresh waits until the tenant's batches pause, so that an import of
 * many batches is re-evaluated a few times, not once per batch while the next batch is being written
 * (issue 8: the re-evaluation of each 5,000-order batch ran beside the next batch's parse and upsert).
 *
 * Per tenant, the ids are collected until no batch has come for `quietMs`, and never for longer than
 * `maxDelayMs` after the first of them, so a tenant that never pauses is still refreshed. One refresh
 * runs at a time. `settled()` refreshes everything collected at once (tests, and anything that must read
 * fresh standings); closing the app does the same and waits for it, so no customer is left behind and no
 * refresh is cut off halfway.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { rescoreCustomers } from '../scoring/rescore-customers.ts';

export interface Rescoring {
  /** Collects these customers of the tenant for the tenant's next refresh. */
  enqueue(tenantId: string, customerIds: string[]): void;
  /** Starts the refresh of every customer collected so far without waiting for a pause; resolves when done. */
  settled(): Promise<void>;
  /** Resolves once nothing is collected or being refreshed, refreshes starting when their pause comes. */
  idle(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    rescoring: Rescoring;
  }
}

export interface DebounceOptions {
  /** A tenant's customers are refreshed once no batch of theirs has come for this long... */
  quietMs: number;
  /** ...or this long after the first customer collected, whichever comes first. */
  maxDelayMs: number;
}

// The pause: longer than the gap between a vendor's back-to-back batches (a 5,000-order batch takes a few
// hundred milliseconds to answer), short enough that a single batch is reflected within about a second.
// The maximum: a long import is refreshed in bursts of a few seconds' customers (in the ingest bench, 5 s
// of batches are about 7,000 customers, about a second of re-evaluation), not in one burst at its end.
export const RESCORING_DEBOUNCE: DebounceOptions = { quietMs: 1_000, maxDelayMs: 5_000 };

type Timer = ReturnType<typeof setTimeout>;

/**
 * Collects ids per key and hands each key's set to `refresh` after a pause, one refresh at a time.
 * Separate from the plugin so that its timing can be tested alone, with fake timers.
 */
export class DebouncedRefresh {
  readonly #refresh: (tenantId: string, ids: string[]) => Promise<void>;
  readonly #options: DebounceOptions;
  readonly #now: () => number;
  readonly #pending = new Map<string, { ids: Set<string>; since: number; timer: Timer | undefined }>();
  #chain: Promise<void> = Promise.resolve();
  #running = 0;
  #idleWaiters: Array<() => void> = [];
  #closing = false;

  /** `refresh` must not reject (the plugin's logs and swallows its failures); a rejection is ignored here. */
  constructor(refresh: (tenantId: string, ids: string[]) => Promise<void>, options: DebounceOptions = RESCORING_DEBOUNCE, now = () => Date.now()) {
    this.#refresh = refresh;
    this.#options = options;
    this.#now = now;
  }

  enqueue(tenantId: string, ids: Iterable<string>): void {
    const entry = this.#pending.get(tenantId) ?? { ids: new Set<string>(), since: this.#now(), timer: undefined };
    clearTimeout(entry.timer);
    for (const id of ids) entry.ids.add(id);
    this.#pending.set(tenantId, entry);
    if (this.#closing) {
      void this.#dispatch(tenantId);
      return;
    }
    const wait = Math.max(0, Math.min(this.#options.quietMs, entry.since + this.#options.maxDelayMs - this.#now()));
    entry.timer = setTimeout(() => void this.#dispatch(tenantId), wait);
  }

  /** Refreshes everything collected now; resolves when every refresh started so far is done. */
  flush(): Promise<void> {
    for (const tenantId of [...this.#pending.keys()]) void this.#dispatch(tenantId);
    return this.#chain;
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** From now on nothing waits for a pause; refreshes everything collected and waits until idle. */
  async close(): Promise<void> {
    this.#closing = true;
    await this.flush();
    await this.idle();
  }

  #isIdle(): boolean {
    return this.#pending.size === 0 && this.#running === 0;
  }

  #dispatch(tenantId: string): Promise<void> {
    const entry = this.#pending.get(tenantId);
    if (!entry) return this.#chain;
    clearTimeout(entry.timer);
    this.#pending.delete(tenantId);
    const ids = [...entry.ids];
    this.#running += 1;
    this.#chain = this.#chain
      .then(() => this.#refresh(tenantId, ids))
      .catch(() => {})
      .finally(() => {
        this.#running -= 1;
        if (!this.#isIdle()) return;
        const waiters = this.#idleWaiters;
        this.#idleWaiters = [];
        for (const resolve of waiters) resolve();
      });
    return this.#chain;
  }
}

async function rescoring(app: FastifyInstance, options: Partial<DebounceOptions>) {
  const queue = new DebouncedRefresh(
    async (tenantId, ids) => {
      try {
        await rescoreCustomers(app.sql, tenantId, ids, app.clock());
      } catch (error) {
        app.log.error({ err: error, tenantId, customers: ids.length }, 'refreshing scores after new orders failed');
      }
    },
    { ...RESCORING_DEBOUNCE, ...options },
  );

  app.decorate('rescoring', {
    enqueue: (tenantId: string, customerIds: string[]) => queue.enqueue(tenantId, customerIds),
    settled: () => queue.flush(),
    idle: () => queue.idle(),
  });

  // Fastify runs this after the server has stopped taking requests and the in-flight ones have finished
  // (its own close handler is registered last and runs first), and before the database closes.
  app.addHook('onClose', async () => {
    await queue.close();
  });
}

export default fp(rescoring, { name: 'rescoring', dependencies: ['db'] });
