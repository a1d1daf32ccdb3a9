import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { acceptsGzip, gzipJson, sendGzippedJson } from './gzipped-json.ts';

describe('acceptsGzip (RFC 9110, Accept-Encoding)', () => {
  const cases: Array<[string | undefined, boolean]> = [
    [undefined, false],
    ['', false],
    ['identity', false],
    ['gzip', true],
    ['GZip', true],
    ['x-gzip', true],
    ['gzip, deflate, br, zstd', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['deflate, br', false],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['gzip;q=0, *', false],
    ['*;q=0', false],
    ['br, *;q=0.5', true],
  ];
  for (const [header, expected] of cases) {
    test(`${JSON.stringify(header)}: ${expected ? 'gzip' : 'identity'}`, () => assert.equal(acceptsGzip(header), expected));
  }

  test('answers stay right when asked again, and after more distinct headers than it keeps answers for', () => {
    for (let round = 0; round < 2; round += 1) {
      for (const [header, expected] of cases) assert.equal(acceptsGzip(header), expected, JSON.stringify(header));
      // Two hundred made-up headers, half of them accepting gzip by weight: more than the answers kept.
      for (let n = 0; n < 200; n += 1) assert.equal(acceptsGzip(`br, gzip;q=${n % 2 ? '0.5' : '0'}, x-${n}`), n % 2 === 1);
    }
  });
});

describe('sendGzippedJson', () => {
  test('adds Accept-Encoding to a Vary set before it (CORS sets Origin), and sends the same document either way', async () => {
    const app = Fastify();
    const json = JSON.stringify({ name: 'Ada Lovelace', figures: [1, 2, 3] });
    app.get('/answer', (request, reply) => sendGzippedJson(request, reply.header('vary', 'Origin'), gzipJson(json)));
    try {
      const gzipped = await app.inject({ url: '/answer', headers: { 'accept-encoding': 'gzip' } });
      const plain = await app.inject({ url: '/answer' });
      for (const response of [gzipped, plain]) {
        assert.equal(response.headers.vary, 'Origin, Accept-Encoding');
        assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
      }
      assert.equal(gzipped.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gzipped.rawPayload).toString('utf8'), json);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body, json);
    } finally {
      await app.close();
    }
  });
});
