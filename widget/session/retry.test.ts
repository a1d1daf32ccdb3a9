import { expect } from '@open-wc/testing';
import { ApiError, ClientErrorCode, parseRetryAfter } from '../api-client.ts';
import { defaultRetryPolicy, isRetryable, retryDelay } from './retry.ts';

const error = (status: number, code = `http_${status}`) => new ApiError({ status, code, message: code });

describe('retryDelay', () => {
  const policy = { baseMs: 1000, capMs: 8000, maxRetries: 6, maxRetryAfterMs: 60_000 };

  it('doubles the ceiling with each retry up to the cap, and picks a point in its upper half', () => {
    const lowest = [0, 1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, undefined, policy, () => 0));
    const highest = [0, 1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, undefined, policy, () => 1));
    expect(lowest).to.deep.equal([500, 1000, 2000, 4000, 4000, 4000]);
    expect(highest).to.deep.equal([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('spreads widgets that failed together (jitter)', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelay(3, undefined, policy)));
    expect(delays.size).to.be.greaterThan(10);
    for (const delay of delays) expect(delay).to.be.within(4000, 8000);
  });

  it('never retries sooner than Retry-After, and shortens an absurd one', () => {
    expect(retryDelay(0, 5000, policy, () => 0.5)).to.equal(5000);
    expect(retryDelay(3, 1000, policy, () => 1)).to.equal(8000); // the backoff is longer already
    expect(retryDelay(0, 3_600_000, policy, () => 0)).to.equal(60_000);
  });

  it('by default waits about a second at first and at most 30 s', () => {
    expect(retryDelay(0, undefined, defaultRetryPolicy, () => 1)).to.equal(1000);
    expect(retryDelay(20, undefined, defaultRetryPolicy, () => 1)).to.equal(30_000);
  });
});

describe('isRetryable', () => {
  it('retries what may pass by itself: no answer, timeouts, rate limits, server errors', () => {
    for (const status of [0, 408, 425, 429, 500, 502, 503, 504]) expect(isRetryable(error(status)), `${status}`).to.equal(true);
    expect(isRetryable(error(0, ClientErrorCode.tokenProvider))).to.equal(true);
  });

  it('does not retry a refused token, a bad request or an unreadable answer', () => {
    for (const status of [400, 401, 403, 404, 422, 501]) expect(isRetryable(error(status)), `${status}`).to.equal(false);
    expect(isRetryable(error(200, ClientErrorCode.invalidResponse))).to.equal(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, in milliseconds from now', () => {
    const now = Date.parse('Sun, 01 Jun 2025 12:00:00 GMT');
    expect(parseRetryAfter('120', now)).to.equal(120_000);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now)).to.equal(30_000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now)).to.equal(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null)).to.equal(undefined);
    expect(parseRetryAfter('soon')).to.equal(undefined);
    expect(parseRetryAfter('-5')).to.equal(undefined);
  });
});
