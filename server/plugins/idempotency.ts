/**
 * `Idempotency-Key` on every vendor POST: the first answer to a key is stored and replayed to any retry
 * with the same body; the same key with another body is refused (422); concurrent requests with one key
 * execute once (the others wait for the first answer). Keys belong to the tenant that used them.
 * A pending key whose request died (no answer within STALE_AFTER_MS) may be taken over by a retry.
 */
import { createHash } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.ts';
import { withTenant } from '../db/tenant-scope.ts';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const WAIT_STEP_MS = 50;
const WAIT_LIMIT_MS = 15_000;
const STALE_AFTER_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
}

interface StoredKey {
  requestHash: Uint8Array;
  statusCode: number | null;
  response: string | null;
  ageMs: number;
}

function requestHash(request: FastifyRequest): Buffer {
  return createHash('sha256').update(`${request.method} ${request.routeOptions.url}\n${JSON.stringify(request.body ?? null)}`).digest();
}

async function idempotency(app: FastifyInstance) {
  app.decorateRequest('idempotencyKey', null);

  const load = async (tenantId: string, key: string): Promise<StoredKey | null> => {
    const [row] = await withTenant(
      app.sql,
      tenantId,
      (tx) => tx<StoredKey[]>`
        select request_hash as "requestHash", status_code as "statusCode", response,
               (extract(epoch from now() - created_at) * 1000)::float8 as "ageMs"
        from idempotency_keys where tenant_id = ${tenantId} and key = ${key}`,
    );
    return row ?? null;
  };

  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (header === undefined || request.method !== 'POST' || request.routeOptions.config.auth !== 'apiKey') return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new HttpError(400, 'invalid_request', 'Idempotency-Key must be 1 to 255 printable ASCII characters');
    }
    const hash = requestHash(request);
    const claim = async () => {
      const [claimed] = await withTenant(
        app.sql,
        request.tenantId,
        (tx) => tx`
          insert into idempotency_keys (tenant_id, key, request_hash, route)
          values (${request.tenantId}, ${header}, ${hash}, ${request.routeOptions.url ?? ''})
          on conflict (tenant_id, key) do nothing returning 1`,
      );
      return Boolean(claimed);
    };
    if (await claim()) {
      request.idempotencyKey = header;
      return;
    }
    for (let waited = 0; ; waited += WAIT_STEP_MS) {
      const stored = await load(request.tenantId, header);
      if (!stored) {
        // The first request failed and released the key: this one may run.
        if (await claim()) {
          request.idempotencyKey = header;
          return;
        }
        continue;
      }
      if (!hash.equals(Buffer.from(stored.requestHash))) {
        throw new HttpError(422, 'idempotency_key_reused', 'this Idempotency-Key was used with a different request; use a new key for a new request');
      }
      if (stored.statusCode !== null && stored.response !== null) {
        return reply.code(stored.statusCode).header('content-type', 'application/json; charset=utf-8').header('idempotent-replayed', 'true').send(stored.response);
      }
      if (stored.ageMs > STALE_AFTER_MS) {
        await withTenant(app.sql, request.tenantId, (tx) => tx`delete from idempotency_keys where tenant_id = ${request.tenantId} and key = ${header} and completed_at is null`);
        continue;
      }
      if (waited >= WAIT_LIMIT_MS) {
        reply.header('retry-after', '1');
        throw new HttpError(409, 'idempotency_in_progress', 'a request with this Idempotency-Key is still running; retry shortly');
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key) return payload;
    const record = () =>
      withTenant(app.sql, request.tenantId, (tx) =>
        reply.statusCode >= 500 || typeof payload !== 'string'
          ? // Nothing was decided: free the key so that a retry runs the request again.
            tx`delete from idempotency_keys where tenant_id = ${request.tenantId} and key = ${key}`
          : tx`
              update idempotency_keys set status_code = ${reply.statusCode}, response = ${payload}, completed_at = now()
              where tenant_id = ${request.tenantId} and key = ${key}`,
      );
    // The connection it runs on may have just been lost with the request's own (a 503). The pool learns of
    // its lost connections as their sockets close, so each further try waits a little longer, for a connection
    // that works. If every try fails, the answer still goes out; the key stays pending and a retry waits for it
    // to go stale (STALE_AFTER_MS).
    for (const [attempt, pauseMs] of RECORD_PAUSES_MS.entries()) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      try {
        await record();
        break;
      } catch (error) {
        if (attempt === RECORD_PAUSES_MS.length - 1) request.log.error({ err: error }, 'could not record the outcome of an Idempotency-Key');
      }
    }
    return payload;
  });
}

/** Before each try of recording a request's outcome: at once, then after 100 and 400 ms. */
const RECORD_PAUSES_MS = [0, 100, 400];

export default fp(idempotency, { name: 'idempotency', dependencies: ['db', 'auth'] });
