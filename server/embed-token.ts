/**
 * Minting embed tokens exactly as DESIGN.md fixes them: HS256 with the tenant's embed secret, header
 * `kid` and `typ: openbook-embed+jwt`, claims iss aud sub role iat exp (and rep for reps).
 * Vendors may do the same on their own backend; this is what `POST /v1/embed-tokens` and the demo use.
 */
import { createSigner } from 'fast-jwt';
import {
  EMBED_TOKEN_AUDIENCE,
  EMBED_TOKEN_DEFAULT_TTL_SECONDS,
  EMBED_TOKEN_TYPE,
  type EmbedRole,
} from '../shared/schemas/embed-tokens.ts';

export interface EmbedTokenRequest {
  tenantId: string;
  keyId: string;
  secret: string;
  customerId: string;
  role: EmbedRole;
  repId?: string;
  ttlSeconds?: number;
  now?: Date;
}

export function signEmbedToken(request: EmbedTokenRequest): { token: string; expiresAt: string } {
  const nowMs = (request.now ?? new Date()).getTime();
  const ttlSeconds = request.ttlSeconds ?? EMBED_TOKEN_DEFAULT_TTL_SECONDS;
  // fast-jwt writes iat from clockTimestamp and exp = iat + expiresIn (milliseconds).
  const sign = createSigner({
    key: request.secret,
    algorithm: 'HS256',
    kid: request.keyId,
    header: { alg: 'HS256', typ: EMBED_TOKEN_TYPE },
    clockTimestamp: nowMs,
    expiresIn: ttlSeconds * 1000,
  });
  const claims: Record<string, unknown> = { iss: request.tenantId, aud: EMBED_TOKEN_AUDIENCE, sub: request.customerId, role: request.role };
  if (request.role === 'rep') claims.rep = request.repId;
  const exp = Math.floor(nowMs / 1000) + ttlSeconds;
  return { token: sign(claims), expiresAt: new Date(exp * 1000).toISOString() };
}
