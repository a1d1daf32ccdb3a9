import { expect, waitUntil } from '@open-wc/testing';
import { ApiError, ClientErrorCode } from '../api-client.ts';
import { expectSilentConsole, nowSeconds, sleep, spyOnFetch, testJwt } from '../test-helpers.ts';
import type { RetryPolicy } from './retry.ts';
import { acquireSession, CustomerValueSession } from './session.ts';
import type { TokenProvider } from './token.ts';

// Sessions talk to the test API of web-test-runner.config.mjs; tokens name a fixture and carry flags
// (`fail-<n>`, `ok-<n>`, `retry-after-<s>`, `expired`), and a UUID so that per-token counts start afresh.

const fast: RetryPolicy = { baseMs: 20, capMs: 40, maxRetries: 2, maxRetryAfterMs: 60_000 };
const unique = (): string => crypto.randomUUID();

describe('CustomerValueSession', () => {
  expectSilentConsole();
  let spy: ReturnType<typeof spyOnFetch>;
  const open: CustomerValueSession[] = [];

  beforeEach(() => {
    spy = spyOnFetch();
  });

  afterEach(() => {
    spy.restore();
    for (const session of open.splice(0)) session.close();
  });

  function start(options: ConstructorParameters<typeof CustomerValueSession>[0]): CustomerValueSession {
    const session = new CustomerValueSession({ policy: fast, ...options });
    open.push(session);
    session.retain();
    return session;
  }

  const until = (session: CustomerValueSession, test: (s: CustomerValueSession) => boolean, message: string) =>
    waitUntil(() => test(session), message, { timeout: 5000 });

  it('loads the figures once it is held, and keeps them in memory with the time they arrived', async () => {
    const before = Date.now();
    const session = start({ api: '/test-api/ok', token: 'ada' });
    expect(session.snapshot.busy).to.equal(true);
    await until(session, (s) => s.snapshot.value !== undefined, 'no figures');
    expect(session.snapshot.value?.customer.name).to.equal('Ada Lovelace');
    expect(session.snapshot.fetchedAt).to.be.within(before, Date.now());
    expect(session.snapshot).to.include({ busy: false, error: undefined, signedOut: false });
  });

  it('retries a failure that may pass, with backoff, and recovers', async () => {
    const token = `ada.fail-2.${unique()}`;
    const session = start({ api: '/test-api/ok', token });
    const seen: string[] = [];
    session.subscribe(() => {
      const { error, retryScheduled, value } = session.snapshot;
      if (error && retryScheduled) seen.push(`${error.status}, retry scheduled`);
      if (value) seen.push('figures');
    });
    await until(session, (s) => s.snapshot.value !== undefined, 'never recovered');
    expect(seen).to.deep.equal(['503, retry scheduled', '503, retry scheduled', 'figures']);
    expect(spy.requests.map((request) => request.token)).to.deep.equal([token, token, token]);
    expect(session.snapshot.error).to.equal(undefined);
  });

  it('stops retrying after the policy’s number of retries, and waits for a reload', async () => {
    const token = `ada.fail-9.${unique()}`;
    const session = start({ api: '/test-api/ok', token });
    await until(session, (s) => s.snapshot.error !== undefined && !s.snapshot.retryScheduled && !s.snapshot.busy, 'still retrying');
    await sleep(150);
    expect(spy.requests).to.have.length(3); // the request and two retries
    session.reload(); // a fresh round: the request and two retries again
    await until(session, (s) => spy.requests.length === 6 && !s.snapshot.retryScheduled && !s.snapshot.busy, 'no new round');
    await sleep(150);
    expect(spy.requests).to.have.length(6);
  });

  it('never retries sooner than the server’s Retry-After', async () => {
    const session = start({ api: '/test-api/ok', token: `ada.fail-1.retry-after-1.${unique()}` });
    await until(session, (s) => s.snapshot.value !== undefined, 'never recovered');
    const [first, second] = spy.requests;
    expect(spy.requests).to.have.length(2);
    expect((second?.at ?? 0) - (first?.at ?? 0)).to.be.at.least(990);
  });

  it('does not retry a refused token without a provider', async () => {
    const session = start({ api: '/test-api/ok', token: `ada.expired.${unique()}` });
    await until(session, (s) => s.snapshot.error !== undefined, 'no error');
    expect(session.snapshot.error?.status).to.equal(401);
    expect(session.snapshot.retryScheduled).to.equal(false);
    await sleep(100);
    expect(spy.requests).to.have.length(1);
  });

  it('keeps the last figures when a later request fails', async () => {
    const session = start({ api: '/test-api/ok', token: `ada.ok-1.${unique()}` });
    await until(session, (s) => s.snapshot.value !== undefined, 'no figures');
    const { fetchedAt } = session.snapshot;
    session.reload();
    await until(session, (s) => s.snapshot.error !== undefined, 'the refresh did not fail');
    expect(session.snapshot.value?.customer.name).to.equal('Ada Lovelace');
    expect(session.snapshot.fetchedAt).to.equal(fetchedAt);
    expect(session.snapshot.error?.status).to.equal(503);
  });

  describe('with a tokenProvider', () => {
    it('asks the provider when it has no token', async () => {
      let calls = 0;
      const session = start({ api: '/test-api/ok', tokenProvider: async () => (calls += 1, 'grace') });
      await until(session, (s) => s.snapshot.value !== undefined, 'no figures');
      expect(calls).to.equal(1);
      expect(session.snapshot.value?.customer.name).to.equal('Grace Hopper');
    });

    it('asks the provider once after a 401, and tries once more with the new token', async () => {
      const refused = `ada.expired.${unique()}`;
      let calls = 0;
      const session = start({ api: '/test-api/ok', token: refused, tokenProvider: () => (calls += 1, 'ada') });
      await until(session, (s) => s.snapshot.value !== undefined, 'no figures');
      expect(calls).to.equal(1);
      expect(spy.requests.map((request) => request.token)).to.deep.equal([refused, 'ada']);
    });

    it('gives up after the second 401, without looping through the provider', async () => {
      let calls = 0;
      const session = start({
        api: '/test-api/ok',
        token: `ada.expired.${unique()}`,
        tokenProvider: () => (calls += 1, `ada.expired.${unique()}`),
      });
      await until(session, (s) => s.snapshot.error !== undefined, 'no error');
      await sleep(100);
      expect(calls).to.equal(1);
      expect(spy.requests).to.have.length(2);
      expect(session.snapshot.error?.status).to.equal(401);
      expect(session.snapshot.retryScheduled).to.equal(false);
    });

    it('asks for a new token about a minute before the current one expires, and refreshes the figures with it', async () => {
      // Expires in 62 to 63 s: due for a new token in 2 to 3 s.
      const first = testJwt({ sub: 'ada', exp: nowSeconds() + 63, jti: unique() });
      const next = testJwt({ sub: 'ada', exp: nowSeconds() + 3600, jti: unique() });
      let calls = 0;
      const session = start({ api: '/test-api/ok', token: first, tokenProvider: async () => (calls += 1, next) });
      await until(session, (s) => s.snapshot.value !== undefined, 'no figures');
      expect(calls).to.equal(0);
      await waitUntil(() => spy.requests.length === 2, 'no refresh before expiry', { timeout: 4500 });
      expect(calls).to.equal(1);
      expect(spy.requests.map((request) => request.token)).to.deep.equal([first, next]);
      expect(session.token).to.equal(next);
    });

    it('takes the expiry from a {token, expiresAt} grant', async () => {
      let calls = 0;
      const session = start({
        api: '/test-api/ok',
        token: { token: 'ada', expiresAt: new Date(Date.now() + 62_000).toISOString() },
        tokenProvider: () => (calls += 1, { token: 'grace', expiresAt: Date.now() + 3_600_000 }),
      });
      await waitUntil(() => calls === 1, 'the provider was not asked before expiry', { timeout: 4000 });
      await until(session, (s) => s.snapshot.value?.customer.name === 'Grace Hopper', 'no refreshed figures');
    });

    it('does not send a token that is about to expire: it asks the provider first', async () => {
      const dying = testJwt({ sub: 'ada', exp: nowSeconds() + 2 });
      const session = start({ api: '/test-api/ok', token: dying, tokenProvider: async () => 'grace' });
      await until(session, (s) => s.snapshot.value !== undefined, 'no figures');
      expect(spy.requests.map((request) => request.token)).to.deep.equal(['grace']);
    });

    it('reports a failing provider as a sign-in error and retries it, without an unhandled rejection', async () => {
      let calls = 0;
      const provider: TokenProvider = () => {
        calls += 1;
        if (calls === 1) throw new Error('host backend down');
        return Promise.resolve(calls === 2 ? { token: '' } : 'ada');
      };
      const session = start({ api: '/test-api/ok', tokenProvider: provider });
      const codes: string[] = [];
      session.subscribe(() => {
        const { error, retryScheduled } = session.snapshot;
        if (error && retryScheduled) codes.push(error.code);
      });
      await until(session, (s) => s.snapshot.value !== undefined, 'never recovered');
      expect(codes).to.deep.equal([ClientErrorCode.tokenProvider, ClientErrorCode.tokenProvider]);
      expect(calls).to.equal(3); // threw, answered no token, answered a token
    });

    it('calls the provider once for concurrent needs', async () => {
      let calls = 0;
      const session = start({
        api: '/test-api/ok',
        tokenProvider: async () => {
          calls += 1;
          await sleep(50);
          return 'ada';
        },
      });
      session.reload();
      session.reload();
      await until(session, (s) => s.snapshot.value !== undefined, 'no figures');
      expect(calls).to.equal(1);
    });
  });

  it('setToken() switches to the new token and fetches with it', async () => {
    const session = start({ api: '/test-api/ok', token: 'ada' });
    await until(session, (s) => s.snapshot.value !== undefined, 'no figures');
    session.setToken('grace');
    await until(session, (s) => s.snapshot.value?.customer.name === 'Grace Hopper', 'still Ada');
    session.setToken('');
    expect(session.token).to.equal('grace'); // not a token: ignored
  });

  it('logout() forgets figures and token, stops retrying, and says so to its listeners', async () => {
    const slow = { ...fast, baseMs: 5000, capMs: 5000 };
    const session = start({ api: '/test-api/ok', token: `ada.ok-1.${unique()}`, policy: slow });
    await until(session, (s) => s.snapshot.value !== undefined, 'no figures');
    session.reload();
    await until(session, (s) => s.snapshot.retryScheduled, 'no retry scheduled');
    let heard = 0;
    session.subscribe(() => (heard += 1));
    session.logout();
    expect(heard).to.equal(1);
    expect(session.snapshot).to.deep.equal({
      value: undefined,
      fetchedAt: undefined,
      error: undefined,
      busy: false,
      retryScheduled: false,
      signedOut: true,
    });
    expect(session.token).to.equal(undefined);
    const requests = spy.requests.length;
    session.reload();
    session.setToken('ada');
    await sleep(150);
    expect(spy.requests).to.have.length(requests);
  });
});

describe('CustomerValueSession.withToken', () => {
  expectSilentConsole();

  it('runs a section’s request with the session’s token, and after a 401 once more with a new one from the provider', async () => {
    const fresh = `mei.${unique()}`;
    let calls = 0;
    const provider: TokenProvider = () => {
      calls += 1;
      return calls === 1 ? `mei.expired.${unique()}` : fresh;
    };
    const session = new CustomerValueSession({ api: '/test-api/ok', tokenProvider: provider });
    try {
      const used: string[] = [];
      const answer = await session.withToken(async (token) => {
        used.push(token);
        const response = await fetch('/test-api/ok/v1/me/goals', { headers: { Authorization: `Bearer ${token}` } });
        if (response.status === 401) throw new ApiError({ status: 401, code: 'token_expired', message: 'expired' });
        return response.json() as Promise<{ today: string }>;
      });
      expect(answer.today).to.equal('2025-06-01');
      expect(used).to.have.length(2);
      expect(used[1]).to.equal(fresh);
      expect(calls).to.equal(2);
    } finally {
      session.close();
    }
  });

  it('refuses to run once the session has ended', async () => {
    const session = new CustomerValueSession({ api: '/test-api/ok', token: 'mei' });
    session.logout();
    let ran = false;
    const error = await session.withToken(async () => (ran = true)).catch((reason: unknown) => reason);
    expect(ran).to.equal(false);
    expect(error).to.include({ status: 0, code: ClientErrorCode.tokenProvider });
  });
});

describe('acquireSession', () => {
  expectSilentConsole();
  let spy: ReturnType<typeof spyOnFetch>;

  beforeEach(() => {
    spy = spyOnFetch();
  });

  afterEach(() => spy.restore());

  it('shares one session, and one request, between holders of the same api and token', async () => {
    const token = `ada.${unique()}`;
    const a = acquireSession({ api: '/test-api/ok', token });
    const b = acquireSession({ api: '/test-api/ok/', token });
    try {
      expect(a).to.equal(b);
      await waitUntil(() => a.snapshot.value !== undefined, 'no figures');
      expect(spy.requests).to.have.length(1);
    } finally {
      a.release();
      b.release();
    }
  });

  it('keeps different tokens, servers and providers apart', () => {
    const provider: TokenProvider = () => 'ada';
    const sessions = [
      acquireSession({ api: '/test-api/ok', token: 'ada' }),
      acquireSession({ api: '/test-api/ok', token: 'grace' }),
      acquireSession({ api: '/test-api/flaky', token: 'ada' }),
      acquireSession({ api: '/test-api/ok', tokenProvider: provider }),
      acquireSession({ api: '/test-api/ok', tokenProvider: () => 'ada' }),
    ];
    try {
      expect(new Set(sessions).size).to.equal(sessions.length);
      const again = acquireSession({ api: '/test-api/ok', token: 'other', tokenProvider: provider });
      expect(again).to.equal(sessions[3]); // a provider's session, whatever the token it started with
      again.release();
    } finally {
      for (const session of sessions) session.release();
    }
  });

  it('closes a session its last holder released, unless it is taken again in the same task', async () => {
    const token = `ada.${unique()}`;
    const session = acquireSession({ api: '/test-api/ok', token });
    await waitUntil(() => session.snapshot.value !== undefined, 'no figures');

    // An element moved within the page: released and retained in one task.
    session.release();
    const moved = acquireSession({ api: '/test-api/ok', token });
    await sleep(0);
    expect(moved).to.equal(session);
    expect(session.snapshot.value).not.to.equal(undefined);

    session.release();
    await sleep(0);
    expect(session.snapshot.value).to.equal(undefined); // closed: nothing kept
    const fresh = acquireSession({ api: '/test-api/ok', token });
    expect(fresh).not.to.equal(session);
    fresh.release();
  });

  it('stops retrying once nobody holds the session', async () => {
    const session = acquireSession({ api: '/test-api/error', token: `ada.${unique()}` });
    await waitUntil(() => session.snapshot.retryScheduled, 'no retry scheduled');
    session.release();
    await sleep(0);
    const requests = spy.requests.length;
    await sleep(1200); // past the first backoff step (at most a second)
    expect(spy.requests).to.have.length(requests);
  });
});
