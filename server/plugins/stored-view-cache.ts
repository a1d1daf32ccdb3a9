/**
 * GET /v1/me's statement kept in memory (server/stored-view-cache.ts), kept honest by the database's change
 * notifications (server/db/view-change-listener.ts). Without a way to listen (the embedded database's server
 * does not pass notifications on) or with no room, the cache is never live and every visit asks the database.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { StoredViewCache } from '../stored-view-cache.ts';
import { listenForViewChanges, type OpenListenerConnection, type ViewChangeListener } from '../db/view-change-listener.ts';

declare module 'fastify' {
  interface FastifyInstance {
    storedViewCache: StoredViewCache;
    /** Resolves once every change committed before the call has been heard by the cache (at once when it is off). */
    viewChangesHeard(): Promise<void>;
  }
}

export interface StoredViewCacheOptions {
  /** Copies kept at most; 0 turns the cache off. */
  maxEntries: number;
  /** Opens the listening connection; absent, the cache stays off. */
  openListener?: OpenListenerConnection;
  /** How often a probe is sent; copies are served until three probes in a row are overdue. */
  heartbeatMs?: number;
}

export const STORED_VIEW_CACHE_OFF: StoredViewCacheOptions = { maxEntries: 0 };

async function storedViewCache(app: FastifyInstance, options: StoredViewCacheOptions) {
  const { maxEntries, openListener, heartbeatMs = 2000 } = options;
  const cache = new StoredViewCache({ maxEntries });
  app.decorate('storedViewCache', cache);
  let listener: ViewChangeListener | undefined;
  app.decorate('viewChangesHeard', async () => {
    await listener?.heardUpToNow();
  });
  if (!openListener || maxEntries === 0) return;

  let wasLive = false;
  app.addHook('onReady', async () => {
    listener = listenForViewChanges({
      open: openListener,
      probeWith: app.sql,
      heartbeatMs,
      onChange: (change) => cache.forget(change),
      onLive: (probeSentAt) => {
        cache.markLive(probeSentAt, 3 * heartbeatMs);
        if (!wasLive) app.log.info('answers of GET /v1/me are kept in memory: change notifications arrive');
        wasLive = true;
      },
      onLost: (reason) => {
        cache.markLost();
        if (wasLive) app.log.warn({ reason }, 'answers of GET /v1/me are no longer kept in memory until change notifications arrive again');
        wasLive = false;
      },
    });
  });
  app.addHook('onClose', async () => {
    await listener?.close();
  });
}

export default fp(storedViewCache, { name: 'stored-view-cache', dependencies: ['db'] });
