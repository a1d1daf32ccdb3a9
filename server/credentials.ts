/**
 * API keys and embed secrets. An API key is `obk.<tenantId>.<keyId>.<secret>`: the tenant and key id
 * let the server find the one stored hash to compare with, in constant time, without a table scan.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const API_KEY_PREFIX = 'obk';

export const randomId = (prefix: string, bytes = 9) => `${prefix}_${randomBytes(bytes).toString('base64url')}`;

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const candidate = hashSecret(secret);
  return storedHash.length === candidate.length && timingSafeEqual(candidate, storedHash);
}

export function newApiKey(tenantId: string) {
  const keyId = randomId('key', 6);
  const secret = randomBytes(32).toString('base64url');
  return { keyId, apiKey: `${API_KEY_PREFIX}.${tenantId}.${keyId}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(apiKey: string): { tenantId: string; keyId: string; secret: string } | null {
  const parts = apiKey.split('.');
  if (parts.length !== 4 || parts[0] !== API_KEY_PREFIX) return null;
  const [, tenantId, keyId, secret] = parts as [string, string, string, string];
  const wellFormed = /^[\w-]{1,64}$/;
  if (!wellFormed.test(tenantId) || !wellFormed.test(keyId) || !wellFormed.test(secret)) return null;
  return { tenantId, keyId, secret };
}

export function newEmbedKey() {
  return { embedKeyId: randomId('ek', 6), embedSecret: randomBytes(32).toString('base64url') };
}
