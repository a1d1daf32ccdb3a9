/**
 * JSON answers kept gzipped (the stored answers of GET /v1/me): compressed once when stored, sent as they are
 * to a client that accepts gzip (every browser does), inflated for one that does not.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function gzipJson(json: string): Buffer {
  return gzipSync(json);
}

/**
 * Whether an Accept-Encoding header (RFC 9110, 12.5.3) accepts gzip: named (or `x-gzip`), else covered by `*`,
 * with a weight above 0. No header means the client did not ask for any coding: it gets identity.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let known = acceptsGzipByHeader.get(header);
  if (known === undefined) {
    // Clients send a handful of distinct headers; a flood of made-up ones only empties the memo.
    if (acceptsGzipByHeader.size >= ACCEPT_ENCODING_MEMO_SIZE) acceptsGzipByHeader.clear();
    known = parseAcceptsGzip(header);
    acceptsGzipByHeader.set(header, known);
  }
  return known;
}

/** The answers for Accept-Encoding headers seen lately: parsing one per request was 3% of `/v1/me`'s CPU. */
const acceptsGzipByHeader = new Map<string, boolean>();
const ACCEPT_ENCODING_MEMO_SIZE = 64;

function parseAcceptsGzip(header: string): boolean {
  let wildcard: boolean | undefined;
  for (const entry of header.split(',')) {
    const [name = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    const weight = parameters.find((parameter) => parameter.startsWith('q='));
    const accepted = weight === undefined || Number(weight.slice(2)) > 0;
    if (name === 'gzip' || name === 'x-gzip') return accepted;
    if (name === '*') wildcard = accepted;
  }
  return wildcard ?? false;
}

/** Sends `gzip`, a gzipped JSON document, with the coding the request accepts. */
export function sendGzippedJson(request: FastifyRequest, reply: FastifyReply, gzip: Buffer): FastifyReply {
  // Caches in between must key the answer by the coding asked for; added to what CORS may have set (Origin).
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding').type('application/json; charset=utf-8');
  if (acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(gzip);
  return reply.send(gunzipSync(gzip));
}
