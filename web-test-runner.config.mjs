// @web/test-runner 1.x loads only .mjs/.cjs/.js configs (no TypeScript), hence .mjs; the JSDoc type
// below still gives editors and `tsc --checkJs` the config's shape.
import { mkdir, readFile } from 'node:fs/promises';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

const fixturesDir = new URL('./widget/test-fixtures/', import.meta.url);
const screenshotsDir = new URL('./test-results/widget/', import.meta.url);

/**
 * A stand-in for the server's `GET /v1/me`, so the widget's own fetch code runs for real:
 * `GET /test-api/<scenario>/v1/me` with `Authorization: Bearer <token>`.
 *
 * The token names the fixture (`widget/test-fixtures/<fixture>.json`) and carries flags, either as
 * `<fixture>[.<flag>]...` or as a JWT-shaped token (`header.payload.signature`, unsigned) whose payload has
 * `sub` (the fixture), optional `flags` (an array) and optional `exp` (seconds; past it the answer is 401
 * `token_expired`, as the server's). Flags:
 * - `delay-<ms>`: answer late;
 * - `fail-<n>`: the first n requests with this token answer 503;
 * - `ok-<n>`: the first n requests succeed, every later one answers 503;
 * - `retry-after-<s>`: 503 answers carry `Retry-After: <s>`;
 * - `expired`: always 401 `token_expired`;
 * - anything else (e.g. a UUID) only makes the token unique, so per-token counts start fresh in each test.
 * Scenarios: `ok` answers the fixture; `error` always answers 500 with an error body; `flaky` answers 503
 * to the first request of each token, then the fixture; `proxy-error` answers 502 with an HTML page, as
 * a proxy in front of the server would.
 */
const requestsSeen = new Map();

function sendJson(ctx, status, body) {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

const errorBody = (code, message) => ({ error: { code, message, details: [] } });

function parseToken(token) {
  const parts = token.split('.');
  if (parts.length === 3 && parts[0].startsWith('eyJ')) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      return { fixture: String(claims.sub ?? ''), flags: Array.isArray(claims.flags) ? claims.flags : [], exp: claims.exp };
    } catch {
      return { fixture: '', flags: [], exp: undefined };
    }
  }
  const [fixture = '', ...flags] = parts;
  return { fixture, flags, exp: undefined };
}

function flagNumber(flags, name) {
  const pattern = new RegExp(`^${name}-(\\d+)$`);
  const match = flags.map((flag) => pattern.exec(flag)).find(Boolean);
  return match ? Number(match[1]) : undefined;
}

/** @type {import('@web/dev-server-core').Middleware} */
async function testApi(ctx, next) {
  const match = /^\/test-api\/([a-z-]+)\/v1\/me$/.exec(ctx.path);
  if (!match) return next();
  const scenario = match[1];

  if (ctx.method !== 'GET') return sendJson(ctx, 405, errorBody('method_not_allowed', 'GET only'));
  const auth = /^Bearer (\S+)$/.exec(ctx.get('authorization'));
  if (!auth) return sendJson(ctx, 401, errorBody('unauthorized', 'Missing or malformed Authorization header.'));
  const token = auth[1];
  if (ctx.querystring || ctx.url.includes(token)) {
    return sendJson(ctx, 400, errorBody('token_in_url', 'The embed token must never appear in a URL.'));
  }

  const { fixture, flags, exp } = parseToken(token);
  const seen = (requestsSeen.get(token) ?? 0) + 1;
  requestsSeen.set(token, seen);
  const delay = flagNumber(flags, 'delay');
  if (delay) await new Promise((resolve) => setTimeout(resolve, delay));

  if (flags.includes('expired') || (typeof exp === 'number' && exp * 1000 <= Date.now())) {
    return sendJson(ctx, 401, errorBody('token_expired', 'The embed token has expired.'));
  }
  const unavailable = () => {
    const retryAfter = flagNumber(flags, 'retry-after');
    if (retryAfter !== undefined) ctx.set('Retry-After', String(retryAfter));
    return sendJson(ctx, 503, errorBody('unavailable', 'Scores are being refreshed, please try again.'));
  };
  const failFirst = flagNumber(flags, 'fail');
  if (failFirst !== undefined && seen <= failFirst) return unavailable();
  const okFirst = flagNumber(flags, 'ok');
  if (okFirst !== undefined && seen > okFirst) return unavailable();

  if (scenario === 'error') {
    return sendJson(ctx, 500, errorBody('internal_error', 'The value service is temporarily unavailable.'));
  }
  if (scenario === 'proxy-error') {
    ctx.status = 502;
    ctx.type = 'text/html';
    ctx.body = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    return;
  }
  if (scenario === 'flaky' && seen === 1) return unavailable();
  if (scenario !== 'ok' && scenario !== 'flaky') return next();

  if (!/^[a-z-]+$/.test(fixture)) return sendJson(ctx, 401, errorBody('invalid_token', 'Unknown test token.'));
  try {
    const body = await readFile(new URL(`${fixture}.json`, fixturesDir), 'utf8');
    return sendJson(ctx, 200, JSON.parse(body));
  } catch {
    return sendJson(ctx, 401, errorBody('invalid_token', 'Unknown test token.'));
  }
}

/**
 * Stand-ins for the growth sections' own routes, with the same tokens as `testApi`:
 * - `GET /test-api/<scenario>/v1/me/what-if` answers `widget/test-fixtures/what-if-<fixture>.json`, or else
 *   inputs made from the fixture's own prediction (see `whatIfFromPrediction`); 404 for a fixture without a
 *   prediction; flag `what-if-fail`: 503;
 * - `GET /test-api/<scenario>/v1/me/goals`, `POST .../goals` and `POST .../goals/<id>/accept|decline|counter`
 *   keep a goal list per customer in memory, starting from `goals-<fixture>.json` (or none), with the
 *   server's rules: the party that did not make the latest proposal answers it (403 otherwise), ended or
 *   accepted goals do not change (409), due dates from `today` on (400 naming `dueDate`).
 * Flags: `rep` makes the token a rep's (`rep-7`); tokens that differ only by `rep` share one list, so a test
 * can propose as the rep and answer as the customer; `goals-fail`: the list answers 500; `goals-ended`:
 * every action answers 409 `goal_ended`; `bad-target`: a proposal answers 400 naming `target`.
 */
const goalLists = new Map();
const goalMetrics = ['spend12m', 'orders', 'productsAdopted', 'tierByDate', 'predictedValue'];

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
}

/** `goals-<fixture>.json`, else `goals-<its last word>.json` (so that `suggestions-mei` has Mei's goals), else none. */
async function startingGoals(fixture) {
  for (const name of [fixture, fixture.split('-').at(-1)]) {
    try {
      return JSON.parse(await readFile(new URL(`goals-${name}.json`, fixturesDir), 'utf8'));
    } catch {
      // try the next name
    }
  }
  return {
    asOf: '2025-06-01T15:00:00.000Z',
    today: '2025-06-01',
    currency: 'USD',
    goals: [],
    metrics: goalMetrics.map((metric) => ({
      metric,
      unit: metric === 'tierByDate' ? 'tier' : metric === 'spend12m' || metric === 'predictedValue' ? 'money' : 'count',
      description: metric,
    })),
    tiers: [],
  };
}

/**
 * What-if inputs for a fixture without a what-if file of its own, so that every scored fixture shows a
 * simulator: its prediction's model (BG/NBD parameters, the customer's weeks, spend per purchase) and the
 * loyalty program of `what-if-bright.json` with no orders. Its predicted value is the fixture's, to the cent
 * or so (the fixture's spend per purchase is rounded).
 */
async function whatIfFromPrediction(fixture) {
  const value = JSON.parse(await readFile(new URL(`${fixture}.json`, fixturesDir), 'utf8'));
  const prediction = value.prediction;
  if (!prediction?.parameters || !prediction.inputs) return undefined;
  const template = JSON.parse(await readFile(new URL('what-if-bright.json', fixturesDir), 'utf8'));
  const { r, alpha, a, b } = prediction.parameters;
  const T = prediction.inputs.weeksSinceFirstPurchase;
  return {
    asOf: value.asOf,
    timeZone: 'UTC',
    currency: value.currency,
    model: {
      purchase: { r, alpha, a, b },
      row: { frequency: prediction.inputs.repeatPurchases, recency: T - prediction.inputs.weeksSinceLastPurchase, T },
      spendPerPurchase: prediction.expectedSpendPerPurchase,
      horizonMonths: prediction.horizonMonths,
      annualDiscountRate: prediction.annualDiscountRate,
    },
    loyalty: {
      ...template.loyalty,
      orders: [],
      productFirstDates: [],
      firstNpsAnswerDate: null,
      custom: [],
      redemptions: [],
      override: null,
      score: { scoredOn: value.asOf.slice(0, 10), probabilityAlive: prediction.probabilityAlive ?? null, computedAt: prediction.computedAt },
    },
    products: [],
  };
}

const badRequest = (ctx, field, message) =>
  sendJson(ctx, 400, { error: { code: 'invalid_request', message: `${field}: ${message}`, details: [{ in: 'body', path: field, field, message }] } });

/** @type {import('@web/dev-server-core').Middleware} */
async function growthApi(ctx, next) {
  const match = /^\/test-api\/([a-z-]+)\/v1\/me\/(goals|what-if)(?:\/([^/]+)\/(accept|decline|counter))?$/.exec(ctx.path);
  if (!match) return next();
  const [, scenario, resource, goalId, action] = match;
  const auth = /^Bearer (\S+)$/.exec(ctx.get('authorization'));
  if (!auth) return sendJson(ctx, 401, errorBody('unauthorized', 'Missing or malformed Authorization header.'));
  const { fixture, flags } = parseToken(auth[1]);
  if (flags.includes('expired')) return sendJson(ctx, 401, errorBody('token_expired', 'The embed token has expired.'));
  const delay = flagNumber(flags, 'delay');
  if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
  if (scenario === 'error') return sendJson(ctx, 500, errorBody('internal_error', 'The value service is temporarily unavailable.'));
  if (!/^[a-z-]+$/.test(fixture)) return sendJson(ctx, 401, errorBody('invalid_token', 'Unknown test token.'));

  if (resource === 'what-if') {
    if (ctx.method !== 'GET') return sendJson(ctx, 405, errorBody('method_not_allowed', 'GET only'));
    if (flags.includes('what-if-fail')) return sendJson(ctx, 503, errorBody('unavailable', 'Try again.'));
    try {
      return sendJson(ctx, 200, JSON.parse(await readFile(new URL(`what-if-${fixture}.json`, fixturesDir), 'utf8')));
    } catch {
      const made = await whatIfFromPrediction(fixture).catch(() => undefined);
      return made ? sendJson(ctx, 200, made) : sendJson(ctx, 404, errorBody('not_found', 'customer not found'));
    }
  }

  if (flags.includes('goals-fail')) return sendJson(ctx, 500, errorBody('internal_error', 'Goals are unavailable.'));
  const role = flags.includes('rep') ? 'rep' : 'customer';
  const you = { role, repId: role === 'rep' ? 'rep-7' : null };
  const key = [fixture, ...flags.filter((flag) => flag !== 'rep')].join('.');
  let list = goalLists.get(key);
  if (!list) {
    list = await startingGoals(fixture);
    goalLists.set(key, list);
  }
  const other = (party) => (party === 'customer' ? 'rep' : 'customer');
  const view = (goal) => ({
    ...goal,
    awaiting: goal.status === 'proposed' ? other(goal.proposedBy.role) : null,
    actions: goal.status === 'proposed' && goal.proposedBy.role !== role ? ['accept', 'decline', 'counter'] : [],
  });
  const event = (kind, extra = {}) => ({ at: new Date().toISOString(), by: you, action: kind, terms: null, note: null, value: null, ...extra });

  if (ctx.method === 'GET' && !goalId) return sendJson(ctx, 200, { ...list, you, goals: list.goals.map(view) });
  if (ctx.method !== 'POST') return sendJson(ctx, 405, errorBody('method_not_allowed', 'POST only'));
  const body = await readBody(ctx);
  if (typeof body !== 'object' || body === null) return badRequest(ctx, 'body', 'not JSON');
  if (ctx.get('content-type') !== 'application/json') return sendJson(ctx, 415, errorBody('unsupported_media_type', 'JSON only'));
  const dueOk = (date) => typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) && date >= list.today;

  if (!goalId) {
    if (flags.includes('bad-target')) return badRequest(ctx, 'target', 'not a target for this metric');
    const { metric, target, dueDate, note } = body;
    if (!goalMetrics.includes(metric)) return badRequest(ctx, 'metric', 'unknown metric');
    if (metric === 'tierByDate' ? typeof target !== 'string' : !(Number.isInteger(target) && target >= 1)) return badRequest(ctx, 'target', 'invalid');
    if (!dueOk(dueDate)) return badRequest(ctx, 'dueDate', 'in the past');
    const goal = {
      id: `g-${list.goals.length + 1}-${Date.now()}`,
      metric,
      target,
      dueDate,
      note: note ?? null,
      status: 'proposed',
      proposedBy: you,
      acceptedAt: null,
      endedAt: null,
      progress: null,
      revision: 1,
      history: [event('proposed', { terms: { target, dueDate, note: note ?? null } })],
    };
    list.goals.unshift(goal);
    return sendJson(ctx, 201, view(goal));
  }

  const goal = list.goals.find((item) => item.id === goalId);
  if (!goal) return sendJson(ctx, 404, errorBody('not_found', 'goal not found'));
  if (flags.includes('goals-ended') || ['declined', 'expired', 'achieved', 'missed'].includes(goal.status)) {
    return sendJson(ctx, 409, errorBody('goal_ended', 'the goal has ended'));
  }
  if (goal.status === 'accepted') return sendJson(ctx, 409, errorBody('goal_accepted', 'the goal was accepted'));
  if (goal.proposedBy.role === role) return sendJson(ctx, 403, errorBody('forbidden', 'you made this proposal'));
  if (action === 'accept') {
    Object.assign(goal, { status: 'accepted', acceptedAt: new Date().toISOString() });
    goal.history.push(event('accepted', { note: body.note ?? null }));
  } else if (action === 'decline') {
    Object.assign(goal, { status: 'declined', endedAt: new Date().toISOString() });
    goal.history.push(event('declined', { note: body.note ?? null }));
  } else {
    if (body.target === undefined && body.dueDate === undefined) return badRequest(ctx, 'target', 'change something');
    if (body.dueDate !== undefined && !dueOk(body.dueDate)) return badRequest(ctx, 'dueDate', 'in the past');
    Object.assign(goal, { target: body.target ?? goal.target, dueDate: body.dueDate ?? goal.dueDate, note: body.note ?? goal.note, proposedBy: you });
    goal.history.push(event('countered', { terms: { target: goal.target, dueDate: goal.dueDate, note: goal.note } }));
  }
  goal.revision += 1;
  return sendJson(ctx, 200, view(goal));
}

/**
 * `executeServerCommand('openbook-screenshot', { name, selector })` from a test: saves a PNG of the element
 * matching `selector` to `test-results/widget/<name>.png`, for a reviewer to look at (nothing compares them).
 * @type {import('@web/test-runner').TestRunnerPlugin}
 */
const screenshotCommand = {
  name: 'openbook-screenshot',
  async executeCommand({ command, payload, session }) {
    if (command !== 'openbook-screenshot') return undefined;
    const { name, selector } = /** @type {{ name: string, selector: string }} */ (payload);
    if (!/^[a-z0-9-]+$/i.test(name)) throw new Error(`bad screenshot name: ${name}`);
    const launcher = /** @type {import('@web/test-runner-playwright').PlaywrightLauncher} */ (session.browser);
    const page = launcher.getPage(session.id);
    await mkdir(screenshotsDir, { recursive: true });
    const path = new URL(`${name}.png`, screenshotsDir).pathname;
    await page.locator(selector).screenshot({ path, animations: 'disabled' });
    return true;
  },
};

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['widget/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  middleware: [testApi, growthApi],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), screenshotCommand],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 120000,
};
