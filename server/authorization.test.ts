/**
 * Authorization, walked over EVERY route the app registers (OWASP API Security Top 10: object-, property-
 * and function-level authorization). Two tenants with two customers each; every route is tried with
 * credentials of the wrong kind and of the wrong owner:
 * - vendor routes (API key): no credential, the tenant's own customer and rep tokens, and another
 *   tenant's API key on the tenant's ids, which must answer exactly as for ids that do not exist;
 * - widget routes (embed token): no credential, API keys, a customer token naming another customer
 *   anywhere (path, query, body), a customer token on actions that belong to the rep (and the reverse);
 * - public routes: credentials change nothing, and no tenant data is in them.
 * Nothing of tenant A changes under the attacks; every response is checked for data it must not carry.
 * Then each route is called by its rightful owner, so that the refusals above cannot be vacuous, and the
 * widget routes' answers are checked against their response schemas (no field outside them).
 *
 * A route that the table below does not know fails the test: add it, with its attacks, when you add a route.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { z } from 'zod';
import { buildApp } from './app.ts';
import { openTestDatabase } from './test-support/test-app.ts';
import { bearer } from './test-support/fixtures.ts';
import { createTenant, type CreatedTenant } from './db/tenant-repository.ts';
import type { Database } from './db/connect.ts';
import type { AuthPolicy, DeclaredRoute } from './plugins/auth.ts';

const AS_OF = new Date('2026-06-30T00:00:00Z');
const DUE = '2026-12-31';
const CUSTOM_MILESTONE = { id: 'matrix-custom', name: 'Matrix', kind: 'custom', target: 10, points: 5 };

/** The ids a request names: a customer, an embed key, a goal. */
interface Ids {
  customerId: string;
  keyId: string;
  goalId: string;
}

interface Call {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

type Credential = 'none' | 'acmeKey' | 'globexKey' | 'adaToken' | 'adaRepToken' | 'cyToken';

interface RouteCase {
  auth: AuthPolicy;
  /** The request, naming these ids when the route names any. */
  call: (ids: Ids) => Call;
  /** The route names ids of its tenant (vendor routes) or of its customer (widget routes) in path or body. */
  namesIds?: boolean;
  /** Widget routes: the route takes a body, so a `customerId` smuggled into it must be refused. */
  body?: boolean;
  /** Widget routes acting on a goal: only the party that did not make the proposal may act. */
  partyAction?: boolean;
  /** The rightful owner's call: credential, ids (after an optional setup) and the statuses that prove access. */
  owner?: { credential: Credential; status: number[]; setup?: (context: Context) => Promise<Partial<Ids>> };
}

interface Context {
  acme: CreatedTenant;
  globex: CreatedTenant;
  send: (method: string, call: Call, credential: Credential) => Promise<LightMyRequestResponse>;
  proposeGoal: (credential: Credential) => Promise<string>;
}

const order = (externalId: string, customerId: string, amount = 250_000) => ({ externalId, customerId, occurredAt: '2026-03-01T10:00:00Z', amount });

/** Every route of the app, its policy, its requests and its owner. Keys are "METHOD url" as registered. */
const ROUTES: Record<string, RouteCase> = {
  // Public: no credential, no tenant data.
  'OPTIONS *': { auth: 'none', call: () => ({ url: '/v1/me', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } }) },
  'GET /healthz': { auth: 'none', call: () => ({ url: '/healthz' }) },
  'GET /readyz': { auth: 'none', call: () => ({ url: '/readyz' }) },
  'GET /openapi.json': { auth: 'none', call: () => ({ url: '/openapi.json' }) },
  'GET /docs': { auth: 'none', call: () => ({ url: '/docs' }) },
  'GET /docs/static/index.html': { auth: 'none', call: () => ({ url: '/docs/static/index.html' }) },
  'GET /docs/static/swagger-initializer.js': { auth: 'none', call: () => ({ url: '/docs/static/swagger-initializer.js' }) },
  'GET /docs/json': { auth: 'none', call: () => ({ url: '/docs/json' }) },
  'GET /docs/yaml': { auth: 'none', call: () => ({ url: '/docs/yaml' }) },
  'GET /docs/static/*': { auth: 'none', call: () => ({ url: '/docs/static/swagger-ui.css' }) },
  'GET /widget/*': { auth: 'none', call: () => ({ url: '/widget/openbook-clv.js' }) },
  // The demo vendor's pages and backend (only with OPENBOOK_DEMO=1): they serve the demo tenant alone.
  'GET /': { auth: 'none', call: () => ({ url: '/' }) },
  'GET /demo/': { auth: 'none', call: () => ({ url: '/demo/' }) },
  'GET /demo/rep.html': { auth: 'none', call: () => ({ url: '/demo/rep.html' }) },
  'GET /demo/assets/vendor/chart.umd.min.js': { auth: 'none', call: () => ({ url: '/demo/assets/vendor/chart.umd.min.js' }) },
  'GET /demo/assets/*': { auth: 'none', call: () => ({ url: '/demo/assets/acme.css' }) },
  'GET /demo/api/rep/metrics': { auth: 'none', call: () => ({ url: '/demo/api/rep/metrics' }) },
  'GET /demo/api/rep/customers': { auth: 'none', call: () => ({ url: '/demo/api/rep/customers' }) },
  'GET /demo/api/customers': { auth: 'none', call: () => ({ url: '/demo/api/customers' }) },
  'POST /demo/api/session': { auth: 'none', namesIds: true, call: (ids) => ({ url: '/demo/api/session', payload: { customerId: ids.customerId } }) },

  // Vendor routes: the API key's tenant, and nothing of any other.
  'POST /v1/customers': { auth: 'apiKey', call: () => ({ url: '/v1/customers', payload: { items: [{ externalId: 'matrix-new' }] } }), owner: { credential: 'acmeKey', status: [200] } },
  'POST /v1/orders': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: '/v1/orders', payload: { items: [order('matrix-order', ids.customerId, 1000)] } }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'POST /v1/embed-tokens': { auth: 'apiKey', namesIds: true, call: (ids) => ({ url: '/v1/embed-tokens', payload: { customerId: ids.customerId } }), owner: { credential: 'acmeKey', status: [200] } },
  'POST /v1/embed-keys': { auth: 'apiKey', call: () => ({ url: '/v1/embed-keys', payload: {} }), owner: { credential: 'acmeKey', status: [200] } },
  'POST /v1/embed-keys/:keyId/retire': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: `/v1/embed-keys/${ids.keyId}/retire`, payload: {} }),
    owner: {
      credential: 'acmeKey',
      status: [200],
      setup: async ({ send }) => ({ keyId: (await send('POST', { url: '/v1/embed-keys', payload: {} }, 'acmeKey')).json().embedKeyId as string }),
    },
  },
  'POST /v1/customers/:customerId/revoke-tokens': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: `/v1/customers/${ids.customerId}/revoke-tokens`, payload: {} }),
    // Bob's tokens, not Ada's: the owner calls below use hers.
    owner: { credential: 'acmeKey', status: [200], setup: async () => ({ customerId: 'acme-bob' }) },
  },
  'GET /v1/customers/:customerId/value': { auth: 'apiKey', namesIds: true, call: (ids) => ({ url: `/v1/customers/${ids.customerId}/value` }), owner: { credential: 'acmeKey', status: [200] } },
  'GET /v1/customers/:customerId/suggestions': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: `/v1/customers/${ids.customerId}/suggestions` }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'POST /v1/subscriptions': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: '/v1/subscriptions', payload: { items: [{ externalId: 'matrix-sub', customerId: ids.customerId, plan: 'pro', mrr: 5000, startedAt: '2026-01-01T00:00:00Z' }] } }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'POST /v1/nps': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: '/v1/nps', payload: { items: [{ externalId: 'matrix-nps', customerId: ids.customerId, score: 9, answeredAt: '2026-05-01T00:00:00Z' }] } }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'POST /v1/acquisition-spend': {
    auth: 'apiKey',
    call: () => ({ url: '/v1/acquisition-spend', payload: { items: [{ externalId: 'matrix-spend', channel: 'events', periodStart: '2026-01-01', periodEnd: '2026-01-31', amount: 100 }] } }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'GET /v1/metrics': { auth: 'apiKey', call: () => ({ url: '/v1/metrics?interval=month&from=2026-01-01' }), owner: { credential: 'acmeKey', status: [200] } },
  'GET /v1/program': { auth: 'apiKey', call: () => ({ url: '/v1/program' }), owner: { credential: 'acmeKey', status: [200] } },
  'PUT /v1/program': {
    auth: 'apiKey',
    call: () => ({
      url: '/v1/program',
      payload: {
        tiers: [{ id: 'member', name: 'Member', atLeast: 0 }, { id: 'silver', name: 'Silver', atLeast: 50_000 }, { id: 'gold', name: 'Gold', atLeast: 100_000 }],
        milestones: [CUSTOM_MILESTONE],
      },
    }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'POST /v1/customers/:customerId/tier-override': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: `/v1/customers/${ids.customerId}/tier-override`, payload: { tierId: 'gold', endsOn: DUE } }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'DELETE /v1/customers/:customerId/tier-override': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: `/v1/customers/${ids.customerId}/tier-override` }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'POST /v1/points/redemptions': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: '/v1/points/redemptions', payload: { items: [{ externalId: 'matrix-redemption', customerId: ids.customerId, points: 1, occurredAt: '2026-06-01T00:00:00Z' }] } }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'POST /v1/custom-milestones': {
    auth: 'apiKey',
    namesIds: true,
    call: (ids) => ({ url: '/v1/custom-milestones', payload: { items: [{ customerId: ids.customerId, milestoneId: 'matrix-custom', progress: 1 }] } }),
    owner: { credential: 'acmeKey', status: [200] },
  },
  'POST /v1/products': { auth: 'apiKey', call: () => ({ url: '/v1/products', payload: { items: [{ sku: 'matrix-sku', name: 'Matrix', price: 100 }] } }), owner: { credential: 'acmeKey', status: [200] } },
  // Too few customers to fit is a 422 of the tenant's own data: access was granted.
  'POST /v1/scores/refresh': { auth: 'apiKey', call: () => ({ url: '/v1/scores/refresh', payload: {} }), owner: { credential: 'acmeKey', status: [200, 422] } },

  // Widget routes: the token's customer, and no other.
  'GET /v1/me': { auth: 'embed', call: () => ({ url: '/v1/me' }), owner: { credential: 'adaToken', status: [200] } },
  'GET /v1/me/what-if': { auth: 'embed', call: () => ({ url: '/v1/me/what-if' }), owner: { credential: 'adaToken', status: [200] } },
  'GET /v1/me/goals': { auth: 'embed', call: () => ({ url: '/v1/me/goals' }), owner: { credential: 'adaToken', status: [200] } },
  'POST /v1/me/goals': {
    auth: 'embed',
    body: true,
    call: () => ({ url: '/v1/me/goals', payload: { metric: 'orders', target: 3, dueDate: DUE } }),
    owner: { credential: 'adaToken', status: [201] },
  },
  ...Object.fromEntries(
    (['accept', 'decline', 'counter'] as const).map((action) => [
      `POST /v1/me/goals/:goalId/${action}`,
      {
        auth: 'embed',
        namesIds: true,
        body: true,
        partyAction: true,
        call: (ids: Ids) => ({ url: `/v1/me/goals/${ids.goalId}/${action}`, payload: action === 'counter' ? { target: 5 } : {} }),
        // Ada answers a proposal of the vendor's rep.
        owner: { credential: 'adaToken', status: [200], setup: async ({ proposeGoal }: Context) => ({ goalId: await proposeGoal('adaRepToken') }) },
      } satisfies RouteCase,
    ]),
  ),
};

const keyOf = (route: Pick<DeclaredRoute, 'method' | 'url'>) => `${route.method} ${route.url}`;

describe('authorization on every route', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let context: Context;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  const tokens: Partial<Record<Credential, string>> = {};
  const goals: Record<'adaByAda' | 'adaByRep' | 'bob' | 'cy', string> = { adaByAda: '', adaByRep: '', bob: '', cy: '' };
  let routes: DeclaredRoute[];

  const credentialHeader = (credential: Credential): Record<string, string> => {
    if (credential === 'none') return {};
    if (credential === 'acmeKey') return bearer(acme.apiKey);
    if (credential === 'globexKey') return bearer(globex.apiKey);
    const token = tokens[credential];
    if (!token) throw new Error(`no token ${credential}`);
    return bearer(token);
  };
  const send = (method: string, call: Call, credential: Credential) =>
    app.inject({
      method: method as InjectOptions['method'],
      url: call.url,
      headers: { ...credentialHeader(credential), ...(call.headers ?? {}) },
      ...(call.payload !== undefined ? { payload: call.payload as object } : {}),
    });
  const mint = async (tenant: CreatedTenant, customerId: string, rep = false) => {
    const response = await send('POST', { url: '/v1/embed-tokens', payload: rep ? { customerId, role: 'rep', repId: 'rep-7' } : { customerId } }, tenant === acme ? 'acmeKey' : 'globexKey');
    assert.equal(response.statusCode, 200, response.body);
    return response.json().token as string;
  };
  const proposeGoal = async (credential: Credential) => {
    const response = await send('POST', { url: '/v1/me/goals', payload: { metric: 'orders', target: 2, dueDate: DUE } }, credential);
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  };

  /** What must never be in an answer to this credential (strings named by the request itself excepted). */
  const forbiddenStrings = (credential: Credential): string[] => {
    const secrets = [acme.embedSecret, globex.embedSecret, acme.apiKey.split('.').at(-1) ?? '', globex.apiKey.split('.').at(-1) ?? ''];
    const acmeData = [acme.tenantId, acme.embedKeyId, 'Ada of Acme', 'Bob of Acme', 'acme-ada', 'acme-bob'];
    const globexData = [globex.tenantId, globex.embedKeyId, 'Cy of Globex', 'Di of Globex', 'globex-cy', 'globex-di'];
    if (credential === 'acmeKey') return [...secrets, ...globexData];
    if (credential === 'globexKey' || credential === 'cyToken') return [...secrets, ...acmeData];
    if (credential === 'adaToken' || credential === 'adaRepToken') return [...secrets, ...globexData, 'Bob of Acme', 'acme-bob'];
    return [...secrets, ...acmeData, ...globexData];
  };
  const assertNothingForbidden = (response: LightMyRequestResponse, credential: Credential, call: Call, what: string) => {
    const named = JSON.stringify(call);
    for (const text of forbiddenStrings(credential)) {
      if (text && !named.includes(text)) assert.ok(!response.body.includes(text), `${what}: the answer to ${credential} contains "${text}"`);
    }
  };

  /** Every row of tenant A, in every table, to show that no attack changed anything. */
  const acmeSnapshot = async () => {
    const tables = await database.sql<{ table: string }[]>`
      select distinct table_name as table from information_schema.columns
      where column_name = 'tenant_id' and table_schema = current_schema() order by 1`;
    const snapshot: Record<string, unknown> = {
      tenants: await database.sql`select * from tenants where id = ${acme.tenantId}`,
    };
    for (const { table } of tables) {
      snapshot[table] = await database.sql`select to_jsonb(t)::text as row from ${database.sql(table)} t where tenant_id = ${acme.tenantId} order by 1`;
    }
    return JSON.parse(JSON.stringify(snapshot)) as unknown;
  };

  before(async () => {
    database = await openTestDatabase();
    const demo = await createTenant(database.sql, { name: 'Demo vendor', id: 't_demo_matrix' });
    app = await buildApp({ sql: database.appSql, clock: () => AS_OF, demo: { tenantId: demo.tenantId, apiKey: demo.apiKey } });
    await app.ready();
    routes = [...app.declaredRoutes];
    acme = await createTenant(database.sql, { name: 'Acme' });
    globex = await createTenant(database.sql, { name: 'Globex' });
    context = { acme, globex, send, proposeGoal };

    const fixtures: Array<[Credential, string, unknown]> = [
      ['acmeKey', '/v1/customers', { items: [{ externalId: 'acme-ada', name: 'Ada of Acme' }, { externalId: 'acme-bob', name: 'Bob of Acme' }] }],
      ['acmeKey', '/v1/orders', { items: [order('acme-o1', 'acme-ada'), order('acme-o2', 'acme-bob')] }],
      ['globexKey', '/v1/customers', { items: [{ externalId: 'globex-cy', name: 'Cy of Globex' }, { externalId: 'globex-di', name: 'Di of Globex' }] }],
      ['globexKey', '/v1/orders', { items: [order('globex-o1', 'globex-cy'), order('globex-o2', 'globex-di')] }],
      ['acmeKey', '/v1/customers/acme-ada/tier-override', { tierId: 'silver', endsOn: DUE }],
    ];
    for (const [credential, url, payload] of fixtures) {
      const response = await send('POST', { url, payload }, credential);
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    }
    // A custom milestone in Acme's program, so that the owner can report progress on it.
    const { program } = (await send('GET', { url: '/v1/program' }, 'acmeKey')).json() as { program: { milestones: unknown[] } };
    const saved = await send('PUT', { url: '/v1/program', payload: { ...program, milestones: [...program.milestones, CUSTOM_MILESTONE] } }, 'acmeKey');
    assert.equal(saved.statusCode, 200, saved.body);

    tokens.adaToken = await mint(acme, 'acme-ada');
    tokens.adaRepToken = await mint(acme, 'acme-ada', true);
    tokens.cyToken = await mint(globex, 'globex-cy');
    const bobToken = await mint(acme, 'acme-bob');
    goals.adaByAda = await proposeGoal('adaToken');
    goals.adaByRep = await proposeGoal('adaRepToken');
    goals.cy = await proposeGoal('cyToken');
    const bob = await app.inject({ method: 'POST', url: '/v1/me/goals', headers: bearer(bobToken), payload: { metric: 'orders', target: 2, dueDate: DUE } });
    assert.equal(bob.statusCode, 201, bob.body);
    goals.bob = bob.json().id as string;
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  test('every registered route declares an auth policy and is in the table, with that policy; the table has no stale entry', () => {
    const registered = new Set(routes.map(keyOf));
    const known = new Set(Object.keys(ROUTES));
    for (const route of routes) {
      const key = keyOf(route);
      if (route.method === 'HEAD') continue; // walked with its GET below
      assert.ok(ROUTES[key], `route ${key} is not in the authorization table of server/authorization.test.ts: add it with its attacks`);
      assert.equal(route.auth, ROUTES[key]?.auth, `${key} declares auth "${route.auth}"`);
    }
    for (const key of known) assert.ok(registered.has(key), `the table lists ${key}, which the app does not register`);
  });

  test('every widget route filters its answer through a response schema', () => {
    for (const route of routes.filter((candidate) => candidate.auth === 'embed' && candidate.method !== 'HEAD')) {
      const response = route.schema?.response as Record<string, unknown> | undefined;
      assert.ok(response?.['200'] ?? response?.['201'], `${keyOf(route)} declares the schema of its answer`);
    }
  });

  describe('the attacks (nothing of tenant A may change)', () => {
    let before: unknown;
    const foreign: Record<'apiKey' | 'none', Ids> = {
      apiKey: { customerId: 'acme-ada', keyId: '', goalId: '' },
      none: { customerId: 'acme-ada', keyId: '', goalId: '' },
    };
    const ghost: Ids = { customerId: 'ghost-customer', keyId: 'ek_ghost', goalId: 'g_ghost' };

    test('snapshot of tenant A', async () => {
      foreign.apiKey.keyId = acme.embedKeyId;
      // The loyalty refresh after the fixtures' batches writes in the background: done before, not during.
      await app.rescoring.settled();
      before = await acmeSnapshot();
    });

    test('vendor routes refuse no credential, embed tokens of their own tenant (customer or rep), and a bad key', async () => {
      for (const [key, route] of Object.entries(ROUTES).filter(([, candidate]) => candidate.auth === 'apiKey')) {
        const method = key.split(' ')[0] ?? 'GET';
        const call = route.call({ customerId: 'acme-ada', keyId: acme.embedKeyId, goalId: goals.adaByAda });
        for (const credential of ['none', 'adaToken', 'adaRepToken'] as const) {
          const response = await send(method, call, credential);
          assert.equal(response.statusCode, 401, `${key} with ${credential}: ${response.body}`);
          assert.equal(response.json().error.code, 'unauthorized');
        }
        const forged = await app.inject({ method: method as 'GET', url: call.url, headers: bearer(`${acme.apiKey.slice(0, -2)}xx`), ...(call.payload !== undefined ? { payload: call.payload as object } : {}) });
        assert.equal(forged.statusCode, 401, `${key} with a forged key`);
      }
    });

    test("another tenant's API key on the tenant's ids answers exactly as for ids that do not exist, and sees nothing of it", async () => {
      for (const [key, route] of Object.entries(ROUTES).filter(([, candidate]) => candidate.auth === 'apiKey')) {
        const method = key.split(' ')[0] ?? 'GET';
        const onForeign = route.call(foreign.apiKey);
        const answer = await send(method, onForeign, 'globexKey');
        assertNothingForbidden(answer, 'globexKey', onForeign, key);
        if (!route.namesIds) continue;
        assert.ok(answer.statusCode >= 400 && answer.statusCode < 500, `${key}: Globex's key on Acme's ids must be refused, got ${answer.statusCode} ${answer.body}`);
        const onGhost = await send(method, route.call(ghost), 'globexKey');
        const normalise = (body: string, ids: Ids) => body.replaceAll(ids.customerId, 'ID').replaceAll(ids.keyId, 'ID');
        assert.equal(answer.statusCode, onGhost.statusCode, `${key}: "exists in another tenant" and "does not exist" get the same status`);
        assert.equal(normalise(answer.body, foreign.apiKey), normalise(onGhost.body, ghost), `${key}: and the same body`);
      }
    });

    test('widget routes refuse no credential and API keys', async () => {
      for (const [key, route] of Object.entries(ROUTES).filter(([, candidate]) => candidate.auth === 'embed')) {
        const method = key.split(' ')[0] ?? 'GET';
        const call = route.call({ ...ghost, goalId: goals.adaByRep });
        for (const credential of ['none', 'acmeKey', 'globexKey'] as const) {
          const response = await send(method, call, credential);
          assert.equal(response.statusCode, 401, `${key} with ${credential}: ${response.body}`);
        }
      }
    });

    test("a customer token naming another customer, in the query, the body or a goal's path, gets nothing of theirs", async () => {
      for (const [key, route] of Object.entries(ROUTES).filter(([, candidate]) => candidate.auth === 'embed')) {
        const method = key.split(' ')[0] ?? 'GET';
        const own = route.call({ ...ghost, goalId: goals.adaByRep });
        const withQuery = { ...own, url: `${own.url}?customerId=acme-bob` };
        const viaQuery = await send(method, withQuery, 'adaToken');
        assert.equal(viaQuery.statusCode, 400, `${key}?customerId=...: ${viaQuery.body}`);
        assertNothingForbidden(viaQuery, 'adaToken', { url: own.url }, `${key} (query)`);
        if (route.body) {
          const smuggled = { ...own, payload: { ...(own.payload as object), customerId: 'acme-bob' } };
          const viaBody = await send(method, smuggled, 'adaToken');
          assert.equal(viaBody.statusCode, 400, `${key} with customerId in the body: ${viaBody.body}`);
        }
        if (route.namesIds) {
          // Bob's goal (same tenant) and Cy's (another tenant) answer exactly like a goal that does not exist.
          const onGhost = await send(method, route.call(ghost), 'adaToken');
          assert.equal(onGhost.statusCode, 404, `${key} on a goal that does not exist`);
          for (const goalId of [goals.bob, goals.cy]) {
            const answer = await send(method, route.call({ ...ghost, goalId }), 'adaToken');
            assert.equal(answer.statusCode, onGhost.statusCode, `${key} on another customer's goal`);
            assert.equal(answer.body.replaceAll(goalId, 'ID'), onGhost.body.replaceAll(ghost.goalId, 'ID'), `${key}: the same body as for no goal`);
          }
        }
      }
    });

    test("a customer token cannot take the rep's part (answer its own proposal), nor a rep token the customer's", async () => {
      const partyRoutes = Object.entries(ROUTES).filter(([, candidate]) => candidate.partyAction);
      assert.ok(partyRoutes.length >= 3, 'the goal actions are marked');
      for (const [key, route] of partyRoutes) {
        const method = key.split(' ')[0] ?? 'POST';
        const customerOnOwn = await send(method, route.call({ ...ghost, goalId: goals.adaByAda }), 'adaToken');
        assert.equal(customerOnOwn.statusCode, 403, `${key}: the customer on their own proposal: ${customerOnOwn.body}`);
        const repOnOwn = await send(method, route.call({ ...ghost, goalId: goals.adaByRep }), 'adaRepToken');
        assert.equal(repOnOwn.statusCode, 403, `${key}: the rep on the vendor's proposal: ${repOnOwn.body}`);
      }
    });

    test('public routes answer the same with any credential or none, and carry no tenant data', async () => {
      for (const [key, route] of Object.entries(ROUTES).filter(([, candidate]) => candidate.auth === 'none')) {
        const method = key.split(' ')[0] ?? 'GET';
        const call = route.call(foreign.none);
        const anonymous = await send(method, call, 'none');
        assert.ok(anonymous.statusCode < 500, `${key}: ${anonymous.statusCode}`);
        assertNothingForbidden(anonymous, 'none', call, key);
        for (const credential of ['acmeKey', 'adaToken'] as const) {
          const withCredential = await send(method, call, credential);
          assert.equal(withCredential.statusCode, anonymous.statusCode, `${key} with ${credential}`);
          assert.equal(withCredential.body, anonymous.body, `${key} with ${credential}: the same answer`);
        }
        if (route.namesIds) {
          const onGhost = await send(method, route.call(ghost), 'none');
          assert.equal(anonymous.statusCode, onGhost.statusCode, `${key}: a customer of another tenant is like no customer`);
          assert.equal(anonymous.body.replaceAll(foreign.none.customerId, 'ID'), onGhost.body.replaceAll(ghost.customerId, 'ID'));
        }
      }
    });

    test('HEAD routes refuse what their GET refuses', async () => {
      for (const route of routes.filter((candidate) => candidate.method === 'HEAD')) {
        const getCase = ROUTES[`GET ${route.url}`];
        if (!getCase) {
          assert.equal(route.auth, 'none', `HEAD ${route.url} without a GET is public`);
          continue;
        }
        const call = getCase.call({ customerId: 'acme-ada', keyId: acme.embedKeyId, goalId: goals.adaByRep });
        // Wrong credentials only: a rightful read may refresh what is stored (loyalty is made on read).
        const wrong = { apiKey: ['none', 'adaToken', 'globexKey'], embed: ['none', 'acmeKey', 'globexKey'], none: ['none', 'acmeKey', 'adaToken'] } as const;
        for (const credential of wrong[getCase.auth]) {
          const [head, get] = [await send('HEAD', call, credential), await send('GET', call, credential)];
          assert.equal(head.statusCode, get.statusCode, `HEAD ${route.url} with ${credential}`);
          assert.equal(head.body, '', `HEAD ${route.url} has no body`);
        }
      }
    });

    test('tenant A is exactly as it was', async () => {
      assert.deepEqual(await acmeSnapshot(), before);
    });
  });

  describe('the rightful owners (the refusals above are not vacuous)', () => {
    for (const [key, route] of Object.entries(ROUTES)) {
      if (!route.owner) continue;
      const owner = route.owner;
      test(`${key} works for its owner`, async () => {
        const method = key.split(' ')[0] ?? 'GET';
        const ids: Ids = { customerId: 'acme-ada', keyId: acme.embedKeyId, goalId: goals.adaByRep, ...(owner.setup ? await owner.setup(context) : {}) };
        const call = route.call(ids);
        const response = await send(method, call, owner.credential);
        assert.ok(owner.status.includes(response.statusCode), `${key}: ${response.statusCode} ${response.body.slice(0, 300)}`);
        assertNothingForbidden(response, owner.credential, call, key);
        if (route.auth === 'embed') {
          const declared = app.declaredRoutes.find((candidate) => keyOf(candidate) === key)?.schema?.response as Record<string, z.ZodType> | undefined;
          const schema = declared?.[String(response.statusCode)];
          assert.ok(schema, `${key} has a schema for ${response.statusCode}`);
          const body = response.json() as unknown;
          // Parsing strips what the schema does not know: the answer must already be exactly that.
          assert.deepEqual(schema.parse(body), body, `${key}: the answer has no field outside its schema`);
          assert.ok(!/tenant_?id|secret|apiKey/i.test(response.body), `${key}: no internal field`);
        }
      });
    }
  });
});
