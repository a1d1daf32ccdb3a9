/**
 * Hears the changes that make GET /v1/me's copies in memory wrong (server/stored-view-cache.ts): a session of
 * its own LISTENs on the channel the triggers of migration 0017 notify.
 *
 * Hearing nothing proves nothing: the connection may be gone or stalled. So the listener also sends itself a
 * probe, from another session (the app's pool), every `heartbeatMs`. PostgreSQL delivers a session's
 * notifications in commit order, so a probe that comes back proves that every change committed before it was
 * sent has been heard; that is what `onLive` reports. A lost connection is reported at once (`onLost`), and
 * listening starts again with a growing delay.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import type { ViewChange } from '../stored-view-cache.ts';
import { onOwnConnection } from './own-connection.ts';

export const VIEW_CHANGES_CHANNEL = 'openbook_view_changes';

/** Opens one connection of its own for LISTEN, handing it the notifications and its closing. */
export type OpenListenerConnection = (handlers: { onnotify: (channel: string, payload: string) => void; onclose: () => void }) => Sql;

export interface ViewChangeListenerOptions {
  open: OpenListenerConnection;
  /** Sends the probes: a pool of other sessions (as the app's role: pg_notify needs no rights). */
  probeWith: Sql;
  onChange: (change: ViewChange) => void;
  /** A probe sent at `probeSentAt` (monotonic ms) came back. */
  onLive: (probeSentAt: number) => void;
  /** Changes may have gone unheard; `reason` says why. */
  onLost: (reason: string) => void;
  heartbeatMs?: number;
  now?: () => number;
}

export interface ViewChangeListener {
  /** Resolves once every change committed before the call has been heard (a probe sent after it came back). */
  heardUpToNow(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const MAX_RETRY_DELAY_MS = 30_000;

export function listenForViewChanges(options: ViewChangeListenerOptions): ViewChangeListener {
  const { open, probeWith, onChange, onLive, onLost, heartbeatMs = 2000, now = () => performance.now() } = options;
  const probesSent = new Map<string, number>();
  let closed = false;
  let listening = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  /** The latest send time of a probe that came back, and who waits for a later one. */
  let heardUpTo = Number.NEGATIVE_INFINITY;
  const waiting = new Set<{ from: number; resolve: () => void }>();

  const connection = open({
    onnotify(channel, payload) {
      if (channel === VIEW_CHANGES_CHANNEL) heard(payload);
    },
    onclose() {
      if (closed) return;
      lost('the listening connection closed');
    },
  });

  function heard(payload: string): void {
    const message = readPayload(payload);
    if (message === null) {
      // Something on the channel we cannot read: it may have been a change, so treat it as one of everything.
      onLost(`an unreadable notification on ${VIEW_CHANGES_CHANNEL}`);
      return;
    }
    if ('probe' in message) {
      // Another server's probe is not ours to count.
      const sentAt = probesSent.get(message.probe);
      if (sentAt === undefined) return;
      probesSent.delete(message.probe);
      heardUpTo = Math.max(heardUpTo, sentAt);
      onLive(sentAt);
      for (const waiter of waiting) if (heardUpTo >= waiter.from) waiter.resolve();
      return;
    }
    onChange(message);
  }

  function lost(reason: string): void {
    listening = false;
    probesSent.clear();
    onLost(reason);
    failures += 1;
    listenSoon(Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** failures));
  }

  function listenSoon(delayMs: number): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void listen();
    }, delayMs);
    retry.unref();
  }

  async function listen(): Promise<void> {
    try {
      // postgres.js opens the connection again for this when it was closed.
      await connection.unsafe(`listen ${VIEW_CHANGES_CHANNEL}`);
    } catch (error) {
      if (!closed && listening === false) lost(`listening failed: ${(error as Error).message}`);
      return;
    }
    listening = true;
    failures = 0;
    await probe();
  }

  async function probe(): Promise<void> {
    if (closed || !listening) return;
    const id = randomUUID();
    const sentAt = now();
    // Probes that never came back are forgotten after a while: they prove nothing any more.
    for (const [old, at] of probesSent) if (sentAt - at > 10 * heartbeatMs) probesSent.delete(old);
    probesSent.set(id, sentAt);
    try {
      await onOwnConnection(probeWith, (sql) => sql`select pg_notify(${VIEW_CHANGES_CHANNEL}, ${JSON.stringify({ probe: id })})`);
    } catch {
      // The database is unreachable from the pool: the probe will not come back, and the cache goes stale on its own.
    }
  }

  const heartbeat = setInterval(() => void probe(), heartbeatMs);
  heartbeat.unref();
  void listen();

  return {
    async heardUpToNow(timeoutMs = 5000) {
      const from = now();
      let timer: NodeJS.Timeout | undefined;
      let waiter: { from: number; resolve: () => void } | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          waiter = { from, resolve };
          waiting.add(waiter);
          timer = setTimeout(() => reject(new Error(`no probe came back on ${VIEW_CHANGES_CHANNEL} within ${timeoutMs} ms`)), timeoutMs);
          void probe();
        });
      } finally {
        clearTimeout(timer);
        if (waiter) waiting.delete(waiter);
      }
    },
    async close() {
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(retry);
      await connection.end({ timeout: 1 });
    },
  };
}

type Payload = ViewChange | { probe: string };

function readPayload(payload: string): Payload | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { probe, tenant, customers } = parsed as Record<string, unknown>;
  if (typeof probe === 'string') return { probe };
  if (typeof tenant !== 'string') return null;
  if (customers === undefined) return { tenantId: tenant, customerIds: null };
  if (Array.isArray(customers) && customers.every((id) => typeof id === 'string')) return { tenantId: tenant, customerIds: customers };
  return null;
}
