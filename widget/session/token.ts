/**
 * Embed tokens as the widget handles them: a string from the host (attribute, `setToken()`, or the
 * `tokenProvider` it supplies), optionally with its expiry. The expiry is read from the JWT's `exp` claim
 * without verifying the signature: the server verifies; the widget only needs to know when to ask for a
 * new one. Tokens live in memory only, never in storage, cookies or URLs.
 */

/** A token with its expiry, as `POST /v1/embed-tokens` answers (`{"token", "expiresAt"}`). */
export interface TokenGrant {
  readonly token: string;
  /** ISO 8601 date-time, epoch milliseconds, or a Date. When absent, the JWT's `exp` claim is used. */
  readonly expiresAt?: string | number | Date;
}

/**
 * Supplied by the host page: returns a fresh embed token (minted by the host's backend). Called when the
 * widget has no token, about a minute before the current one expires, and once after a 401.
 */
export type TokenProvider = () => Promise<string | TokenGrant> | string | TokenGrant;

/** A token as the widget keeps it: the string and, when known, its expiry in epoch milliseconds. */
export interface Credential {
  readonly token: string;
  readonly expiresAt: number | undefined;
}

/** How long before expiry a `tokenProvider` is asked for the next token. */
export const REFRESH_LEAD_MS = 60_000;
/** A token this close to expiry (or past it) is not sent: a fresh one is asked for first. */
export const EXPIRY_SKEW_MS = 5_000;
const MIN_REFRESH_DELAY_MS = 1_000;
const MAX_TIMER_MS = 2_147_483_647; // setTimeout's limit (about 24.8 days)

/**
 * A `Credential` from what a host handed over (a string or a `TokenGrant`), or undefined when it is not a
 * usable token (empty, not a string, containing whitespace).
 */
export function toCredential(input: unknown): Credential | undefined {
  const grant: { token?: unknown; expiresAt?: unknown } | undefined =
    typeof input === 'string' ? { token: input } : typeof input === 'object' && input !== null ? input : undefined;
  const token = grant?.token;
  if (typeof token !== 'string' || token === '' || /\s/.test(token)) return undefined;
  return { token, expiresAt: toEpochMs(grant?.expiresAt) ?? jwtExpiry(token) };
}

/** The `exp` claim of a JWT in epoch milliseconds, or undefined when the token is not a JWT with one. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== 'object' || claims === null || !('exp' in claims)) return undefined;
    const { exp } = claims;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined; // not base64url JSON: an opaque token, refreshed only on 401
  }
}

/** Whether a credential must not be sent any more (expired or about to). */
export function isExpiring(credential: Credential, now = Date.now()): boolean {
  return credential.expiresAt !== undefined && credential.expiresAt - now <= EXPIRY_SKEW_MS;
}

/**
 * Milliseconds until the next token should be asked for: `REFRESH_LEAD_MS` before `expiresAt`. A token that
 * lives less than that is refreshed halfway through what is left (at least a second later), so a provider
 * that hands out short tokens is not called in a tight loop.
 */
export function refreshDelay(expiresAt: number, now = Date.now()): number {
  const remaining = expiresAt - now;
  const beforeLead = remaining - REFRESH_LEAD_MS;
  const delay = beforeLead >= MIN_REFRESH_DELAY_MS ? beforeLead : Math.max(MIN_REFRESH_DELAY_MS, remaining / 2);
  return Math.min(delay, MAX_TIMER_MS);
}

function toEpochMs(value: unknown): number | undefined {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
