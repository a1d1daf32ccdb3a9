/**
 * When to try `GET /v1/me` again after a failure: capped exponential backoff with jitter, never sooner than
 * the server's `Retry-After`. Only failures that may pass by themselves are retried (no answer, timeouts,
 * rate limits, server errors); a refused token or a bad request is not.
 */
import { ApiError, ClientErrorCode } from '../api-client.ts';

export interface RetryPolicy {
  /** Ceiling of the first delay; each retry doubles it. */
  readonly baseMs: number;
  /** Largest ceiling. */
  readonly capMs: number;
  /** Automatic retries after one failed request, before the widget waits for "Try again". */
  readonly maxRetries: number;
  /** A `Retry-After` longer than this is shortened to it (a misconfigured proxy must not park the widget). */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  baseMs: 1_000,
  capMs: 30_000,
  maxRetries: 6,
  maxRetryAfterMs: 5 * 60_000,
};

const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

export function isRetryable(error: ApiError): boolean {
  if (error.code === ClientErrorCode.invalidResponse) return false;
  return error.status === 0 || RETRYABLE_STATUSES.has(error.status);
}

/**
 * Delay before retry number `attempt` (0 for the first retry): a random point in the upper half of
 * `min(capMs, baseMs * 2^attempt)` ("equal jitter": widgets that failed together spread out, yet none retries
 * at once), and at least `retryAfterMs` when the server sent one.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy = defaultRetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(Math.min(retryAfterMs, policy.maxRetryAfterMs), jittered);
}
