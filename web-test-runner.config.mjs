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
  middleware: [testApi],
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
