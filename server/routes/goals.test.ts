import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openTestApp } from '../test-support/test-app.ts';
import { get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import { buildApp } from '../app.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';
import { signEmbedToken } from '../embed-token.ts';
import { settleGoals } from '../scoring/goals.ts';
import type { Goal, GoalList } from '../../shared/schemas/goals.ts';

// Goals are proposed on this day; the later app reads them after their due dates.
const AS_OF = new Date('2025-07-15T00:00:00Z');
const LATER = new Date('2025-08-01T12:00:00Z');

type Harness = Awaited<ReturnType<typeof openTestApp>>;

async function repToken(app: FastifyInstance, apiKey: string, customerId: string, repId: string): Promise<string> {
  const response = await post(app, '/v1/embed-tokens', apiKey, { customerId, role: 'rep', repId });
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { token: string }).token;
}

const goals = async (app: FastifyInstance, token: string): Promise<GoalList> => {
  const response = await get(app, '/v1/me/goals', token);
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as GoalList;
};

describe('goals co-set by the customer and the rep', () => {
  let harness: Harness;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  let customer: string;
  let ann: string;
  let bob: string;

  before(async () => {
    harness = await openTestApp({ clock: () => AS_OF });
    acme = await newTenant(harness.sql, 'Acme');
    globex = await newTenant(harness.sql, 'Globex');
    for (const tenant of [acme, globex]) {
      const customers = await post(harness.app, '/v1/customers', tenant.apiKey, { items: [{ externalId: 'c1' }, { externalId: 'c2' }] });
      assert.equal(customers.statusCode, 200, customers.body);
    }
    const orders = await post(harness.app, '/v1/orders', acme.apiKey, {
      items: [
        // Left the 12-month window on 2025-07-01: not in spend12m on 2025-07-15.
        { externalId: 'o1', customerId: 'c1', occurredAt: '2024-06-30T10:00:00Z', amount: 90_000, items: [{ sku: 'INV-01', quantity: 1, amount: 90_000 }] },
        { externalId: 'o2', customerId: 'c1', occurredAt: '2025-02-01T10:00:00Z', amount: 120_000, items: [{ sku: 'INV-01', quantity: 1, amount: 60_000 }, { sku: 'PAY-01', quantity: 1, amount: 60_000 }] },
        { externalId: 'o3', customerId: 'c1', occurredAt: '2025-06-01T10:00:00Z', amount: 30_000, status: 'refunded' },
      ],
    });
    assert.equal(orders.statusCode, 200, orders.body);
    await harness.app.rescoring.settled();
    customer = await mintToken(harness.app, acme.apiKey, 'c1');
    ann = await repToken(harness.app, acme.apiKey, 'c1', 'rep-ann');
    bob = await repToken(harness.app, acme.apiKey, 'c1', 'rep-bob');
  });
  after(() => harness.close());

  test('a rep proposes, the customer counters, another rep accepts; progress comes from the customer\'s own orders; every change is in the history', async () => {
    const proposed = await post(harness.app, '/v1/me/goals', ann, { metric: 'spend12m', target: 500_000, dueDate: '2025-12-31', note: 'Grow with Payroll' });
    assert.equal(proposed.statusCode, 201, proposed.body);
    const goal = proposed.json() as Goal;
    assert.deepEqual([goal.status, goal.proposedBy, goal.awaiting, goal.actions], ['proposed', { role: 'rep', repId: 'rep-ann' }, 'customer', []]);

    const own = await post(harness.app, `/v1/me/goals/${goal.id}/accept`, bob, {});
    assert.equal(own.statusCode, 403, 'a rep cannot accept a rep\'s proposal: both speak for the vendor');
    assert.match(own.json().error.message, /a rep made this proposal and cannot accept it/);

    const seen = (await goals(harness.app, customer)).goals.find((g) => g.id === goal.id);
    assert.deepEqual(seen?.actions, ['accept', 'decline', 'counter']);
    // Kept spend in the 12 months to 2025-07-15: o2 only (o1 left the window, o3 was refunded).
    assert.deepEqual([seen?.progress?.value, seen?.progress?.target, seen?.progress?.fraction], [120_000, 500_000, 0.24]);

    const countered = await post(harness.app, `/v1/me/goals/${goal.id}/counter`, customer, { target: 400_000, dueDate: '2026-01-31', note: 'Let us start lower' });
    assert.equal(countered.statusCode, 200, countered.body);
    const counter = countered.json() as Goal;
    assert.deepEqual([counter.status, counter.target, counter.dueDate, counter.proposedBy, counter.awaiting], ['proposed', 400_000, '2026-01-31', { role: 'customer', repId: null }, 'rep']);

    const customerAccepts = await post(harness.app, `/v1/me/goals/${goal.id}/accept`, customer, {});
    assert.equal(customerAccepts.statusCode, 403);
    assert.equal(customerAccepts.json().error.code, 'forbidden');
    assert.match(customerAccepts.json().error.message, /the customer made this proposal and cannot accept it/);

    const accepted = await post(harness.app, `/v1/me/goals/${goal.id}/accept`, bob, { note: 'Deal' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const running = accepted.json() as Goal;
    assert.deepEqual([running.status, running.acceptedAt, running.awaiting, running.revision], ['accepted', AS_OF.toISOString(), null, 3]);
    assert.deepEqual([running.progress?.value, running.progress?.fraction], [120_000, 0.3]);

    const late = await post(harness.app, `/v1/me/goals/${goal.id}/counter`, customer, { target: 1 });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'goal_accepted');

    assert.deepEqual(
      running.history.map((event) => [event.action, event.by.role, event.by.repId, event.terms, event.note]),
      [
        ['proposed', 'rep', 'rep-ann', { target: 500_000, dueDate: '2025-12-31', note: 'Grow with Payroll' }, null],
        ['countered', 'customer', null, { target: 400_000, dueDate: '2026-01-31', note: 'Let us start lower' }, 'Let us start lower'],
        ['accepted', 'rep', 'rep-bob', null, 'Deal'],
      ],
    );
    assert.ok(running.history.every((event) => event.at === AS_OF.toISOString()));
  });

  test('the customer proposes and cannot accept their own proposal; a rep declines it, and then nobody can change it', async () => {
    const proposed = await post(harness.app, '/v1/me/goals', customer, { metric: 'productsAdopted', target: 3, dueDate: '2025-10-01' });
    assert.equal(proposed.statusCode, 201, proposed.body);
    const { id, progress } = proposed.json() as Goal;
    // INV-01 and PAY-01, from the kept orders.
    assert.deepEqual([progress?.value, progress?.target], [2, 3]);
    const own = await post(harness.app, `/v1/me/goals/${id}/accept`, customer, {});
    assert.equal(own.statusCode, 403);
    assert.match(own.json().error.message, /the customer made this proposal and cannot accept it; a rep accepts, declines or counters it/);
    const declined = await post(harness.app, `/v1/me/goals/${id}/decline`, ann, { note: 'Not this quarter' });
    assert.equal(declined.statusCode, 200, declined.body);
    assert.deepEqual([declined.json().status, declined.json().progress, declined.json().endedAt], ['declined', null, AS_OF.toISOString()]);
    for (const [token, action] of [[customer, 'accept'], [ann, 'counter'], [customer, 'decline']] as const) {
      const refused = await post(harness.app, `/v1/me/goals/${id}/${action}`, token, action === 'counter' ? { target: 4 } : {});
      assert.equal(refused.statusCode, 409, `${action}: ${refused.body}`);
      assert.equal(refused.json().error.code, 'goal_ended');
    }
  });

  test('a rep of another tenant, or a token for another customer, cannot see or act on a goal', async () => {
    const proposed = await post(harness.app, '/v1/me/goals', customer, { metric: 'orders', target: 2, dueDate: '2025-09-30' });
    const { id } = proposed.json() as Goal;
    // Globex has a customer c1 of its own: its rep acts for that customer, in Globex, and finds no such goal.
    const globexRep = await repToken(harness.app, globex.apiKey, 'c1', 'rep-ann');
    assert.deepEqual((await goals(harness.app, globexRep)).goals, []);
    const accept = await post(harness.app, `/v1/me/goals/${id}/accept`, globexRep, {});
    assert.equal(accept.statusCode, 404, accept.body);
    // A token naming Acme but signed with Globex's key is no token at all.
    const forged = signEmbedToken({ tenantId: acme.tenantId, keyId: globex.embedKeyId, secret: globex.embedSecret, customerId: 'c1', role: 'rep', repId: 'rep-ann' });
    assert.equal((await post(harness.app, `/v1/me/goals/${id}/accept`, forged.token, {})).statusCode, 401);
    // Acme's rep for customer c2 acts for c2 only.
    const otherCustomer = await repToken(harness.app, acme.apiKey, 'c2', 'rep-ann');
    assert.equal((await post(harness.app, `/v1/me/goals/${id}/accept`, otherCustomer, {})).statusCode, 404);
    assert.equal((await goals(harness.app, otherCustomer)).goals.length, 0);
    // Nothing in the request names the customer: unknown fields are refused.
    assert.equal((await get(harness.app, '/v1/me/goals?customerId=c2', customer)).statusCode, 400);
    // And an API key is not an embed token.
    assert.equal((await get(harness.app, '/v1/me/goals', acme.apiKey)).statusCode, 401);
    assert.equal((await post(harness.app, `/v1/me/goals/${id}/accept`, ann, {})).statusCode, 200);
  });

  test('proposals are checked: a due date in the past, a tier the program lacks, a target of the wrong kind', async () => {
    const refused = async (body: unknown, path: string, pattern: RegExp) => {
      const response = await post(harness.app, '/v1/me/goals', customer, body);
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.details[0].path, path);
      assert.match(response.json().error.message, pattern);
    };
    await refused({ metric: 'orders', target: 3, dueDate: '2025-07-14' }, 'dueDate', /2025-07-14 is in the past \(today is 2025-07-15 in UTC\)/);
    await refused({ metric: 'orders', target: 3, dueDate: '2031-01-01' }, 'dueDate', /more than 60 months ahead/);
    await refused({ metric: 'tierByDate', target: 'diamond', dueDate: '2025-12-31' }, 'target', /"member", "silver", "gold", "platinum"/);
    await refused({ metric: 'spend12m', target: 'gold', dueDate: '2025-12-31' }, 'target', /target/);
    await refused({ metric: 'happiness', target: 3, dueDate: '2025-12-31' }, 'metric', /metric/);
    const tier = await post(harness.app, '/v1/me/goals', ann, { metric: 'tierByDate', target: 'silver', dueDate: '2025-12-31' });
    assert.equal(tier.statusCode, 201, tier.body);
    const progress = (tier.json() as Goal).progress;
    // Silver needs 1,000.00 of rolling 12-month spend; 1,200.00 is kept: already there.
    assert.deepEqual([progress?.tier?.current.id, progress?.tier?.target?.id, progress?.value, progress?.target, progress?.fraction], ['silver', 'silver', 120_000, 100_000, 1]);
    // Before the tenant has a model there is no predicted value to measure a goal with.
    const value = await post(harness.app, '/v1/me/goals', customer, { metric: 'predictedValue', target: 300_000, dueDate: '2026-06-30' });
    assert.equal(value.statusCode, 201, value.body);
    assert.deepEqual([(value.json() as Goal).target, (value.json() as Goal).progress], [300_000, null]);
    const counter = await post(harness.app, `/v1/me/goals/${(tier.json() as Goal).id}/counter`, customer, { target: 250 });
    assert.equal(counter.statusCode, 400);
    assert.equal(counter.json().error.details[0].path, 'target');
  });

  test('accepted goals end on their due date as achieved or missed, proposals expire, on read and in the scoring job; ended goals cannot be edited', async () => {
    const propose = async (body: object) => (await post(harness.app, '/v1/me/goals', ann, { dueDate: '2025-07-31', ...body })).json() as Goal;
    const orders = await propose({ metric: 'orders', target: 1 });
    const products = await propose({ metric: 'productsAdopted', target: 5 });
    const unanswered = await propose({ metric: 'spend12m', target: 1000 });
    for (const goal of [orders, products]) assert.equal((await post(harness.app, `/v1/me/goals/${goal.id}/accept`, customer, {})).statusCode, 200);
    // One order after acceptance, before the due date; one after it, which does not count.
    await post(harness.app, '/v1/orders', acme.apiKey, {
      items: [
        { externalId: 'o4', customerId: 'c1', occurredAt: '2025-07-20T10:00:00Z', amount: 5_000, items: [{ sku: 'CRM-01', quantity: 1, amount: 5_000 }] },
        { externalId: 'o5', customerId: 'c1', occurredAt: '2025-08-01T09:00:00Z', amount: 5_000 },
      ],
    });
    await harness.app.rescoring.settled();

    const later = await buildApp({ sql: harness.appSql, clock: () => LATER });
    try {
      const list = await goals(later, customer);
      const byId = new Map(list.goals.map((goal) => [goal.id, goal]));
      assert.equal(list.today, '2025-08-01');
      const achieved = byId.get(orders.id);
      assert.deepEqual([achieved?.status, achieved?.progress?.value, achieved?.progress?.asOfDate, achieved?.progress?.countedFrom], ['achieved', 1, '2025-07-31', '2025-07-15']);
      assert.deepEqual(achieved?.history.at(-1), { at: LATER.toISOString(), by: { role: 'system', repId: null }, action: 'achieved', terms: null, note: null, value: 1 });
      const missed = byId.get(products.id);
      // INV-01, PAY-01 and CRM-01 by the due date: 3 of 5.
      assert.deepEqual([missed?.status, missed?.progress?.value, missed?.progress?.fraction], ['missed', 3, 0.6]);
      assert.deepEqual([byId.get(unanswered.id)?.status, byId.get(unanswered.id)?.history.at(-1)?.action], ['expired', 'expired']);
      for (const goal of [achieved, missed]) {
        const edit = await later.inject({ method: 'POST', url: `/v1/me/goals/${goal?.id}/counter`, headers: { authorization: `Bearer ${ann}` }, payload: { target: 2 } });
        assert.equal(edit.statusCode, 409, edit.body);
        assert.equal(edit.json().error.code, 'goal_ended');
      }
      // Reading again changes nothing: a goal ends once.
      assert.deepEqual((await goals(later, customer)).goals.map((goal) => goal.revision), list.goals.map((goal) => goal.revision));

      // The scoring job ends due goals of every customer, without a read.
      const c2 = await repToken(harness.app, acme.apiKey, 'c2', 'rep-ann');
      const c2Customer = await mintToken(harness.app, acme.apiKey, 'c2');
      const due = (await post(harness.app, '/v1/me/goals', c2, { metric: 'orders', target: 1, dueDate: '2025-07-20' })).json() as Goal;
      assert.equal((await post(harness.app, `/v1/me/goals/${due.id}/accept`, c2Customer, {})).statusCode, 200);
      assert.equal(await settleGoals(harness.sql, acme.tenantId, LATER), 1);
      const [row] = await harness.sql`select status, final_value as value from goals where tenant_id = ${acme.tenantId} and id = ${due.id}`;
      assert.deepEqual([row?.status, row?.value], ['missed', 0]);
    } finally {
      await later.close();
    }
  });
});
