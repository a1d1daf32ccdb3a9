/**
 * A property of ingestion: the same stream of order events, delivered with any duplication, in any order
 * and cut into any batches, leaves the same stored orders and, after a refit, the same scores. Retries and
 * out-of-order deliveries of a vendor's queue therefore never change a customer's figures.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { newTenant, post } from '../test-support/fixtures.ts';
import { generateDemoData } from '../../demo/generate.ts';
import { mulberry32, type Random } from '../../shared/random.ts';
import type { OrderInput } from '../../shared/schemas/orders.ts';

const AS_OF = new Date('2026-03-31T00:00:00Z');
const HOUR_MS = 3_600_000;

/** Every version of every order: the first as generated, and for some a later one (a refund, a corrected amount). */
function orderEvents(orders: OrderInput[], random: Random): OrderInput[] {
  const events: OrderInput[] = [];
  for (const order of orders) {
    const created = new Date(order.occurredAt).getTime() + HOUR_MS;
    events.push({ ...order, updatedAt: new Date(created).toISOString() });
    const change = random();
    if (change < 0.15) events.push({ ...order, status: 'refunded', updatedAt: new Date(created + 24 * HOUR_MS).toISOString() });
    else if (change < 0.3) events.push({ ...order, amount: Math.round(order.amount * 0.9), updatedAt: new Date(created + 2 * HOUR_MS).toISOString() });
  }
  return events;
}

function shuffle<T>(items: T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Each event sent one to three times, shuffled, cut into batches of random sizes (a batch may not repeat an id). */
function deliveries(events: OrderInput[], random: Random): OrderInput[][] {
  const repeated = events.flatMap((event) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => event));
  const batches: OrderInput[][] = [];
  let batch: OrderInput[] = [];
  let ids = new Set<string>();
  let size = 1 + Math.floor(random() * 600);
  for (const event of shuffle(repeated, random)) {
    if (batch.length >= size || ids.has(event.externalId)) {
      batches.push(batch);
      batch = [];
      ids = new Set();
      size = 1 + Math.floor(random() * 600);
    }
    batch.push(event);
    ids.add(event.externalId);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

describe('any duplication and reordering of the same order stream', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  const data = generateDemoData({ customers: 250, seed: 11, asOf: AS_OF, historyYears: 2 });
  const events = orderEvents(data.orders, mulberry32(3));

  /** Sends the customers, then the batches; refits; answers what is stored for the tenant, without its id. */
  async function deliver(batches: OrderInput[][]) {
    const tenant = await newTenant(harness.sql, 'Stream');
    const customers = await post(harness.app, '/v1/customers', tenant.apiKey, { items: data.customers });
    assert.equal(customers.statusCode, 200, customers.body);
    for (const batch of batches) {
      const response = await post(harness.app, '/v1/orders', tenant.apiKey, { items: batch });
      assert.equal(response.statusCode, 200, response.body);
    }
    await harness.app.rescoring.settled();
    const refresh = await post(harness.app, '/v1/scores/refresh', tenant.apiKey, {});
    assert.equal(refresh.statusCode, 200, refresh.body);
    const orders = await harness.sql`
      select external_id, customer_id, occurred_at, amount, cost, status, items, source_updated_at
      from orders where tenant_id = ${tenant.tenantId} order by external_id`;
    const scores = await harness.sql`
      select customer_id, model, frequency, recency_weeks, age_weeks, monetary_value, p_alive,
             expected_purchases, expected_spend, predicted_value
      from customer_scores where tenant_id = ${tenant.tenantId} order by customer_id`;
    const [run] = await harness.sql`
      select observation_end, purchase_model, spend_model, customers, fitted_on
      from model_runs where tenant_id = ${tenant.tenantId} and status = 'succeeded' order by id desc limit 1`;
    return { orders: [...orders], scores: [...scores], run: { ...run } };
  }

  let reference: Awaited<ReturnType<typeof deliver>>;

  before(async () => {
    harness = await openTestApp({ clock: () => AS_OF });
    // The reference: every event once, in the order it happened, in batches of 1,000.
    const inOrder = [...events].sort((a, b) => (a.updatedAt ?? '').localeCompare(b.updatedAt ?? ''));
    const batches: OrderInput[][] = [];
    for (const event of inOrder) {
      const last = batches.at(-1);
      if (!last || last.length >= 1000 || last.some((item) => item.externalId === event.externalId)) batches.push([event]);
      else last.push(event);
    }
    reference = await deliver(batches);
  });
  after(() => harness.close());

  test('the reference keeps the newest version of every order and scores every customer with an order', () => {
    assert.equal(reference.orders.length, data.orders.length);
    const newest = new Map<string, OrderInput>();
    for (const event of events) {
      const known = newest.get(event.externalId);
      if (!known || (known.updatedAt ?? '') < (event.updatedAt ?? '')) newest.set(event.externalId, event);
    }
    for (const row of reference.orders) {
      const expected = newest.get(row.external_id as string);
      assert.equal(row.status, expected?.status, `order ${String(row.external_id)}`);
      assert.equal(Number(row.amount), expected?.amount, `order ${String(row.external_id)}`);
    }
    assert.ok(reference.scores.length > 100, `${reference.scores.length} customers scored`);
    assert.ok(reference.run.purchase_model, 'the purchase model was fitted');
  });

  for (const seed of [1, 2, 3, 4]) {
    test(`delivery ${seed}: duplicated, shuffled and rebatched, it stores the same orders and the same scores`, async () => {
      const batches = deliveries(events, mulberry32(1000 + seed));
      assert.ok(batches.length > 5 && batches.flat().length > events.length, 'the delivery really duplicates and rebatches');
      const delivered = await deliver(batches);
      assert.deepEqual(delivered.orders, reference.orders);
      assert.deepEqual(delivered.scores, reference.scores);
      assert.deepEqual(delivered.run, reference.run);
    });
  }

  test('newest first, every event twice, in batches of up to 500: still the same', async () => {
    const newestFirst = [...events].sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
    const batches = [...newestFirst, ...newestFirst].reduce<OrderInput[][]>((all, event) => {
      const last = all.at(-1);
      if (!last || last.length >= 500 || last.some((item) => item.externalId === event.externalId)) all.push([event]);
      else last.push(event);
      return all;
    }, []);
    const delivered = await deliver(batches);
    assert.deepEqual(delivered.orders, reference.orders);
    assert.deepEqual(delivered.scores, reference.scores);
    assert.deepEqual(delivered.run, reference.run);
  });
});
