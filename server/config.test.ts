import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from './config.ts';

test('by default: generous rate limits, no proxy trusted, bounded request, socket and handler times', () => {
  const config = readConfig({});
  assert.deepEqual(config.rateLimits, { perIp: 1200, perTenant: 12_000, apiKeyFailuresPerIp: 20, windowMs: 60_000 });
  assert.equal(config.trustProxy, false);
  assert.deepEqual(config.timeouts, { requestMs: 120_000, connectionMs: 300_000, handlerMs: 60_000 });
  assert.equal(config.shutdownDrainMs, 5000);
  assert.equal(config.answerCacheEntries, 10_000);
});

test('OPENBOOK_* variables set the limits (0 turns one off), the trusted proxies and the timeouts', () => {
  const config = readConfig({
    OPENBOOK_RATE_LIMIT_PER_IP: '0',
    OPENBOOK_RATE_LIMIT_PER_TENANT: '50',
    OPENBOOK_RATE_LIMIT_API_KEY_FAILURES: '3',
    OPENBOOK_RATE_LIMIT_WINDOW_SECONDS: '10',
    OPENBOOK_TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    OPENBOOK_REQUEST_TIMEOUT_MS: '1000',
    OPENBOOK_CONNECTION_TIMEOUT_MS: '2000',
    OPENBOOK_HANDLER_TIMEOUT_MS: '3000',
    OPENBOOK_SHUTDOWN_DRAIN_MS: '0',
    OPENBOOK_ANSWER_CACHE_ENTRIES: '0',
  });
  assert.deepEqual(config.rateLimits, { perIp: 0, perTenant: 50, apiKeyFailuresPerIp: 3, windowMs: 10_000 });
  assert.equal(config.trustProxy, '10.0.0.0/8,127.0.0.1');
  assert.deepEqual(config.timeouts, { requestMs: 1000, connectionMs: 2000, handlerMs: 3000 });
  assert.equal(config.shutdownDrainMs, 0);
  assert.equal(config.answerCacheEntries, 0);
  assert.equal(readConfig({ OPENBOOK_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(readConfig({ OPENBOOK_TRUST_PROXY: 'false' }).trustProxy, false);
});

test('a malformed number is refused at start, naming the variable', () => {
  assert.throws(() => readConfig({ OPENBOOK_RATE_LIMIT_PER_IP: 'lots' }), /OPENBOOK_RATE_LIMIT_PER_IP/);
  assert.throws(() => readConfig({ OPENBOOK_HANDLER_TIMEOUT_MS: '-5' }), /OPENBOOK_HANDLER_TIMEOUT_MS/);
  assert.throws(() => readConfig({ OPENBOOK_ANSWER_CACHE_ENTRIES: '1e3.5' }), /OPENBOOK_ANSWER_CACHE_ENTRIES/);
});
