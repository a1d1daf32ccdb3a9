// @web/test-runner 1.x loads only .mjs/.cjs/.js configs (no TypeScript), hence .mjs; the JSDoc type
// below still gives editors and `tsc --checkJs` the config's shape.
import { readFile } from 'node:fs/promises';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

const fixturesDir = new URL('./widget/test-fixtures/', import.meta.url);

/**
 * A stand-in for the server's `GET /v1/me`, so the widget's own fetch code runs for real:
 * `GET /test-api/<scenario>/v1/me` with `Authorization: Bearer <fixture>[.delay-<ms>][.<anything>]`.
 * The token names the fixture (`widget/test-fixtures/<fixture>.json`), may ask for a slow answer, and
 * may carry a unique suffix so that per-token state (the flaky scenario) starts fresh in each test.
 * Scenarios: `ok` answers the fixture; `error` always answers 500 with an error body; `flaky` answers 503
 * to the first request of each token, then the fixture; `proxy-error` answers 502 with an HTML page, as
 * a proxy in front of the server would.
 */
const flakySeen = new Set();

function sendJson(ctx, status, body) {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

const errorBody = (code, message) => ({ error: { code, message, details: [] } });

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

  const [fixture, ...flags] = token.split('.');
  const delay = flags.map((flag) => /^delay-(\d+)$/.exec(flag)).find(Boolean);
  if (delay) await new Promise((resolve) => setTimeout(resolve, Number(delay[1])));

  if (scenario === 'error') {
    return sendJson(ctx, 500, errorBody('internal_error', 'The value service is temporarily unavailable.'));
  }
  if (scenario === 'proxy-error') {
    ctx.status = 502;
    ctx.type = 'text/html';
    ctx.body = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    return;
  }
  if (scenario === 'flaky' && !flakySeen.has(token)) {
    flakySeen.add(token);
    return sendJson(ctx, 503, errorBody('unavailable', 'Scores are being refreshed, please try again.'));
  }
  if (scenario !== 'ok' && scenario !== 'flaky') return next();

  if (!/^[a-z-]+$/.test(fixture)) return sendJson(ctx, 401, errorBody('invalid_token', 'Unknown test token.'));
  try {
    const body = await readFile(new URL(`${fixture}.json`, fixturesDir), 'utf8');
    return sendJson(ctx, 200, JSON.parse(body));
  } catch {
    return sendJson(ctx, 401, errorBody('invalid_token', 'Unknown test token.'));
  }
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['widget/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  middleware: [testApi],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
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
