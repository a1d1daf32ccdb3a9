/**
 * Keeps customers' scores fresh as their orders arrive: ingestion hands over the ids it touched and
 * returns at once; the refresh runs after the response, one batch at a time, and the app waits for it
 * on close so no refresh is cut off halfway.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { rescoreCustomers } from '../scoring/rescore-customers.ts';

export interface Rescoring {
  enqueue(tenantId: string, customerIds: string[]): void;
  /** Resolves when every refresh enqueued so far has finished. */
  settled(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    rescoring: Rescoring;
  }
}

async function rescoring(app: FastifyInstance) {
  const pending = new Map<string, Set<string>>();
  let chain = Promise.resolve();

  const flush = async () => {
    const batches = [...pending.entries()];
    pending.clear();
    for (const [tenantId, ids] of batches) {
      try {
        await rescoreCustomers(app.sql, tenantId, [...ids], app.clock());
      } catch (error) {
        app.log.error({ err: error, tenantId }, 'refreshing scores after new orders failed');
      }
    }
  };

  app.decorate('rescoring', {
    enqueue(tenantId: string, customerIds: string[]) {
      const ids = pending.get(tenantId) ?? new Set<string>();
      for (const id of customerIds) ids.add(id);
      pending.set(tenantId, ids);
      chain = chain.then(flush);
    },
    settled: () => chain,
  });

  app.addHook('onClose', async () => {
    await chain;
  });
}

export default fp(rescoring, { name: 'rescoring', dependencies: ['db'] });
