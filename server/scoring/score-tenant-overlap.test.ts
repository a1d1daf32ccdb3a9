import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTestApp } from '../test-support/test-app.ts';
import { newTenant, post } from '../test-support/fixtures.ts';
import { generateDemoData } from '../../demo/generate.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';

const AS_OF = new Date('2026-06-30T12:00:00Z');
// Two sessions must run at once, the run's and the ingestion's: the embedded database has one.
const SKIP = process.env.DATABASE_URL ? false : 'the embedded database runs one transaction at a time: a scoring run cannot be paused beside another writer (run with DATABASE_URL)';

/**
 * A scoring run reads every customer's orders first and writes their figures last. Here it is held just
 * before its first score is written (a lock on the scores table), an order arrives and the customer is
 * re-evaluated, and only then is the run let go: its figures of that customer were read before the order.
 */
describe('an order that arrives while a scoring run is writing', { skip: SKIP }, () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;

  before(async () => {
    harness = await openTestApp({ clock: () => AS_OF });
    acme = await newTenant(harness.sql, 'Acme');
    const data = generateDemoData({ customers: 300, seed: 11, asOf: AS_OF, historyYears: 2 });
    // $500 a month ago: a Member of the default program, whose Silver starts at $1,000 over 12 months.
    data.customers.push({ externalId: 'late-buyer' });
    data.orders.push({ externalId: 'late-1', customerId: 'late-buyer', occurredAt: '2026-05-30T10:00:00Z', amount: 50_000, status: 'paid', items: [] });
    assert.equal((await post(harness.app, '/v1/customers', acme.apiKey, { items: data.customers })).statusCode, 200);
    assert.equal((await post(harness.app, '/v1/orders', acme.apiKey, { items: data.orders })).statusCode, 200);
    await harness.app.rescoring.settled();
  });
  after(() => harness?.close());

  const standing = async () => {
    const [row] = await harness.sql<{ tierId: string; qualifyingValue: number }[]>`
      select tier_id as "tierId", qualifying_value as "qualifyingValue" from customer_loyalty
      where tenant_id = ${acme.tenantId} and customer_id = 'late-buyer'`;
    return row;
  };
  const backlog = async () =>
    (await harness.sql<{ customerId: string }[]>`select customer_id as "customerId" from scoring_backlog where tenant_id = ${acme.tenantId}`).map((row) => row.customerId);

  test("the run's older figures do not replace the customer's fresher ones", async () => {
    assert.deepEqual(await standing(), { tierId: 'member', qualifyingValue: 50_000 });
    const { run } = await harness.sql.begin(async (tx) => {
      await tx`lock table customer_scores in share mode`;
      const started = post(harness.app, '/v1/scores/refresh', acme.apiKey, {});
      // The run has read the orders and fitted once it waits for this lock to write its first scores.
      for (let waited = 0; !(await runWaitsForScores()); waited += 20) {
        assert.ok(waited < 60_000, 'the scoring run never reached its writes');
        await sleep(20);
      }
      const order = { externalId: 'late-2', customerId: 'late-buyer', occurredAt: '2026-06-30T09:00:00Z', amount: 70_000, status: 'paid', items: [] };
      assert.equal((await post(harness.app, '/v1/orders', acme.apiKey, { items: [order] })).statusCode, 200);
      await harness.app.rescoring.settled();
      // Re-evaluated at once, and noted for the run, which is still to write.
      assert.deepEqual(await standing(), { tierId: 'silver', qualifyingValue: 120_000 });
      assert.deepEqual(await backlog(), ['late-buyer']);
      // Not awaited here: the run waits for this transaction's lock.
      return { run: started };
    });
    const response = await run;
    assert.equal(response.statusCode, 200, response.body);

    assert.deepEqual(await standing(), { tierId: 'silver', qualifyingValue: 120_000 });
    const [score] = await harness.sql<{ frequency: number; runId: string }[]>`
      select frequency, run_id as "runId" from customer_scores where tenant_id = ${acme.tenantId} and customer_id = 'late-buyer'`;
    // Two purchase days, so one repeat purchase; scored with the run's own parameters.
    assert.deepEqual(score, { frequency: 1, runId: String((response.json() as { runId: number }).runId) });
    assert.deepEqual(await backlog(), []);
    const [unsettled] = await harness.sql<{ count: string }[]>`select count(*) from model_runs where tenant_id = ${acme.tenantId} and settled_at is null`;
    assert.equal(unsettled?.count, '0');
  });

  async function runWaitsForScores(): Promise<boolean> {
    const [row] = await harness.sql<{ waiting: boolean }[]>`
      select exists (
        select from pg_locks l join pg_class c on c.oid = l.relation
        where c.relname = 'customer_scores' and c.relnamespace = current_schema()::regnamespace and not l.granted
      ) as waiting`;
    return row?.waiting ?? false;
  }
});
