import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import type { CustomerValue } from '../../shared/schemas/customer-value.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';

// Figures are computed at a fixed instant so that the hand arithmetic below holds.
const AS_OF = new Date('2025-07-15T00:00:00Z');

describe('the whole path: vendor data in, a customer value out', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let globex: CreatedTenant;

  before(async () => {
    harness = await openTestApp({ clock: () => AS_OF });
    acme = await newTenant(harness.sql, 'Acme');
    globex = await newTenant(harness.sql, 'Globex');
    const { app } = harness;
    const customers = await post(app, '/v1/customers', acme.apiKey, {
      items: [
        { externalId: 'c1', name: 'Ada Lovelace', industry: 'logistics' },
        { externalId: 'c2', name: 'Charles Babbage' },
        { externalId: 'c3', name: 'No Orders Yet' },
      ],
    });
    assert.equal(customers.statusCode, 200, customers.body);
    const orders = await post(app, '/v1/orders', acme.apiKey, {
      items: [
        { externalId: 'o1', customerId: 'c1', occurredAt: '2024-01-15T10:00:00Z', amount: 10000 },
        { externalId: 'o2', customerId: 'c1', occurredAt: '2024-03-10T10:00:00Z', amount: 5000, status: 'paid' },
        { externalId: 'o3', customerId: 'c1', occurredAt: '2024-03-20T10:00:00Z', amount: 2500, status: 'refunded' },
        { externalId: 'o4', customerId: 'c1', occurredAt: '2025-01-15T10:00:00Z', amount: 15000, items: [{ sku: 'PAY-01', quantity: 1, amount: 15000 }] },
        { externalId: 'o5', customerId: 'c2', occurredAt: '2025-06-01T12:00:00Z', amount: 999 },
      ],
    });
    assert.equal(orders.statusCode, 200, orders.body);
    assert.deepEqual(orders.json(), { inserted: 5, updated: 0, unchanged: 0 });
    // Globex has its own customer c1, with different orders.
    await post(app, '/v1/customers', globex.apiKey, { items: [{ externalId: 'c1', name: 'Globex Customer' }] });
    await post(app, '/v1/orders', globex.apiKey, { items: [{ externalId: 'o1', customerId: 'c1', occurredAt: '2025-01-01T00:00:00Z', amount: 777 }] });
  });

  after(() => harness.close());

  test('GET /v1/me answers the figures computed by hand for the fixture', async () => {
    const token = await mintToken(harness.app, acme.apiKey, 'c1');
    const response = await get(harness.app, '/v1/me', token);
    assert.equal(response.statusCode, 200, response.body);
    const value = response.json() as CustomerValue;
    assert.deepEqual(value.customer, { id: 'c1', name: 'Ada Lovelace' });
    assert.equal(value.currency, 'USD');
    assert.equal(value.asOf, AS_OF.toISOString());
    const f = value.figures;
    // Paid 10000 + 5000 + 2500 + 15000 = 32500, of which o3 (2500) was refunded.
    assert.deepEqual(f.realisedValue, { amount: 30000, grossPaid: 32500, refunds: 2500 });
    // Three orders kept: 30000 / 3.
    assert.deepEqual(f.averageOrderValue, { amount: 10000, realisedValue: 30000, orderCount: 3 });
    // 2024-01-15T10:00Z to 2025-07-15T00:00Z: 366 days (2024 is a leap year) + 180 full days = 546;
    // 546 / 365.25 = 1.4949 -> 1.49 years.
    assert.deepEqual(f.tenure, { since: '2024-01-15T10:00:00.000Z', days: 546, years: 1.49 });
    // 3 orders / 1.49 years = 2.0134 -> 2.01 per year.
    assert.deepEqual(f.purchaseFrequency, { perYear: 2.01, orderCount: 3, yearsObserved: 1.49, minimumYears: 1 });
    assert.deepEqual(f.expectedLifespan, { years: 3, source: 'tenant-setting' });
    // 10000 x 2.01 x 3 = 60300.
    assert.deepEqual(f.simpleClv, { amount: 60300, averageOrderValue: 10000, purchasesPerYear: 2.01, lifespanYears: 3 });
    // One entry per month from 2024-01 to 2025-07; the refunded order counts in no month.
    assert.equal(value.history.length, 19);
    assert.deepEqual(value.history[0], { month: '2024-01', value: 10000, cumulative: 10000 });
    assert.deepEqual(value.history[1], { month: '2024-02', value: 0, cumulative: 10000 });
    assert.deepEqual(value.history[2], { month: '2024-03', value: 5000, cumulative: 15000 });
    assert.deepEqual(value.history[12], { month: '2025-01', value: 15000, cumulative: 30000 });
    assert.deepEqual(value.history.at(-1), { month: '2025-07', value: 0, cumulative: 30000 });
  });

  test('a customer with less than a year of history is counted over a full year', async () => {
    const token = await mintToken(harness.app, acme.apiKey, 'c2');
    const value = (await get(harness.app, '/v1/me', token)).json() as CustomerValue;
    // 2025-06-01T12:00Z to 2025-07-15T00:00Z = 43 full days; frequency 1 / max(0.12, 1) = 1.
    assert.equal(value.figures.tenure.days, 43);
    assert.equal(value.figures.purchaseFrequency.yearsObserved, 1);
    assert.equal(value.figures.purchaseFrequency.perYear, 1);
    assert.equal(value.figures.simpleClv.amount, 999 * 1 * 3);
  });

  test('a customer without orders gets zeros and no history, not an error', async () => {
    const token = await mintToken(harness.app, acme.apiKey, 'c3');
    const value = (await get(harness.app, '/v1/me', token)).json() as CustomerValue;
    assert.equal(value.figures.averageOrderValue.orderCount, 0);
    assert.equal(value.figures.realisedValue.amount, 0);
    assert.equal(value.figures.simpleClv.amount, 0);
    assert.equal(value.figures.tenure.since, null);
    assert.deepEqual(value.history, []);
  });

  test('a customer token sees its own customer only, whatever the request names', async () => {
    const token = await mintToken(harness.app, acme.apiKey, 'c2');
    const own = await get(harness.app, '/v1/me', token);
    assert.equal((own.json() as CustomerValue).customer.id, 'c2');
    const naming = await get(harness.app, '/v1/me?customerId=c1', token);
    assert.equal(naming.statusCode, 400);
    assert.match(naming.json().error.message, /customerId/);
    const vendorRoute = await get(harness.app, '/v1/customers/c1/value', token);
    assert.equal(vendorRoute.statusCode, 401, 'an embed token is not an API key');
  });

  test("the same customer id in two tenants never mixes: each tenant's token sees its own", async () => {
    const globexToken = await mintToken(harness.app, globex.apiKey, 'c1');
    const value = (await get(harness.app, '/v1/me', globexToken)).json() as CustomerValue;
    assert.equal(value.customer.name, 'Globex Customer');
    assert.equal(value.figures.realisedValue.amount, 777);
  });

  test('the vendor reads any of its customers, and not those of another tenant', async () => {
    const own = await get(harness.app, '/v1/customers/c1/value', acme.apiKey);
    assert.equal(own.statusCode, 200);
    assert.equal((own.json() as CustomerValue).figures.realisedValue.amount, 30000);
    const otherTenants = await get(harness.app, '/v1/customers/c2/value', globex.apiKey);
    const missing = await get(harness.app, '/v1/customers/nobody/value', globex.apiKey);
    assert.equal(otherTenants.statusCode, 404);
    assert.deepEqual(otherTenants.json(), missing.json(), '"exists in another tenant" answers exactly like "does not exist"');
  });
});

describe('GET /v1/me sends its answer once', () => {
  const SHOP = 'https://shop.example';
  /** What the server logs at warn and above: a reply sent twice is logged there. */
  const logged: string[] = [];
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;

  before(async () => {
    harness = await openTestApp({ clock: () => AS_OF, logger: { level: 'warn', stream: { write: (line: string) => void logged.push(line) } } });
    acme = await newTenant(harness.sql, 'Acme', [SHOP]);
    await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'c1', name: 'Ada Lovelace' }] });
    await post(harness.app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'o1', customerId: 'c1', occurredAt: '2024-01-15T10:00:00Z', amount: 10000 }] });
  });
  after(() => harness.close());

  test('computed, then stored: whole, with its CORS headers (set by an async onSend hook), and nothing logged', async () => {
    const token = await mintToken(harness.app, acme.apiKey, 'c1');
    await harness.app.rescoring.settled();
    logged.length = 0;
    // The first visit computes and stores the answer; the second is sent from the stored copy.
    for (const visit of ['computed', 'stored']) {
      const response = await get(harness.app, '/v1/me', token, { origin: SHOP, 'accept-encoding': 'identity' });
      assert.equal(response.statusCode, 200, `${visit}: ${response.body}`);
      assert.equal(response.headers['access-control-allow-origin'], SHOP, visit);
      assert.equal((response.json() as CustomerValue).figures.realisedValue.amount, 10000, visit);
    }
    assert.deepEqual(logged, []);
  });
});
