/**
 * One customer's figures, loaded once and shared: every element on the page that shows the same token (or
 * uses the same `tokenProvider`) against the same server reads one `CustomerValueSession`, so a page with
 * `<openbook-value>` and `<openbook-history>` side by side makes one request, and widgets with different
 * tokens never see each other's data or requests.
 *
 * A session keeps its figures in memory only, for as long as an element holds it. It retries failed
 * requests with backoff (see `retry.ts`), keeps the last figures when a later request fails, asks the
 * `tokenProvider` for a new token before the current one expires and once after a 401, and on `logout()`
 * forgets figures and token alike.
 */
import { ApiError, ClientErrorCode, fetchCustomerValue, type CustomerValue } from '../api-client.ts';
import { defaultRetryPolicy, isRetryable, retryDelay, type RetryPolicy } from './retry.ts';
import {
  isExpiring,
  refreshDelay,
  toCredential,
  type Credential,
  type TokenGrant,
  type TokenProvider,
} from './token.ts';

export interface SessionSnapshot {
  /** The last figures received. A failed refresh leaves them in place. */
  readonly value: CustomerValue | undefined;
  /** When `value` arrived, in epoch milliseconds (the viewer's clock). */
  readonly fetchedAt: number | undefined;
  /** Why the latest request failed; undefined once one succeeds. */
  readonly error: ApiError | undefined;
  /** A request, or a call to the token provider, is running. */
  readonly busy: boolean;
  /** An automatic retry is scheduled. */
  readonly retryScheduled: boolean;
  /** `logout()` was called: no figures, no token, no more requests. */
  readonly signedOut: boolean;
}

const initialSnapshot: SessionSnapshot = {
  value: undefined,
  fetchedAt: undefined,
  error: undefined,
  busy: false,
  retryScheduled: false,
  signedOut: false,
};

export interface SessionOptions {
  /** Base URL of the Open Book server, without a trailing slash; empty for the page's own origin. */
  readonly api: string;
  readonly token?: string | TokenGrant;
  readonly tokenProvider?: TokenProvider;
  readonly policy?: RetryPolicy;
  /** Called once when the session is closed or signed out (the registry forgets it then). */
  readonly onEnd?: () => void;
}

export class CustomerValueSession {
  readonly api: string;
  readonly tokenProvider: TokenProvider | undefined;

  private _credential: Credential | undefined;
  private _snapshot: SessionSnapshot = initialSnapshot;
  private readonly _listeners = new Set<() => void>();
  private readonly _policy: RetryPolicy;
  private readonly _onEnd: (() => void) | undefined;
  private _holders = 0;
  private _started = false;
  private _ended = false;
  private _request: AbortController | undefined;
  private _retries = 0;
  private _retryTimer: ReturnType<typeof setTimeout> | undefined;
  private _refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private _pendingToken: Promise<Credential> | undefined;
  /** Bumped by setToken, logout and close: a token provider's late answer for an older one is dropped. */
  private _generation = 0;

  constructor({ api, token, tokenProvider, policy = defaultRetryPolicy, onEnd }: SessionOptions) {
    this.api = api;
    this.tokenProvider = tokenProvider;
    this._credential = toCredential(token);
    this._policy = policy;
    this._onEnd = onEnd;
  }

  get snapshot(): SessionSnapshot {
    return this._snapshot;
  }

  /** The token in use, if any. */
  get token(): string | undefined {
    return this._credential?.token;
  }

  /** Calls `listener` after every change of `snapshot`; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /** An element starts showing this session: the first one starts the first request. */
  retain(): void {
    this._holders += 1;
    if (this._started || this._ended) return;
    this._started = true;
    globalThis.addEventListener?.('online', this._onOnline);
    void this._load();
  }

  /**
   * An element stops showing it. The last one closes it, a microtask later, so that an element moved
   * within the page (disconnected, then connected again at once) keeps its figures and its request.
   */
  release(): void {
    this._holders = Math.max(0, this._holders - 1);
    if (this._holders > 0) return;
    queueMicrotask(() => {
      if (this._holders === 0) this.close();
    });
  }

  /** Fetches the figures again now, with a fresh count of automatic retries ("Try again", `refresh()`). */
  reload(): void {
    if (!this._started || this._ended) return;
    this._retries = 0;
    void this._load();
  }

  /** Uses this token from now on and fetches the figures with it. Ignored when it is not a token. */
  setToken(token: string | TokenGrant): void {
    const credential = toCredential(token);
    if (!credential || this._ended) return;
    this._generation += 1;
    this._credential = credential;
    this.reload();
  }

  /**
   * Runs one of a section's own requests (goals, what-if) with this session's token: a fresh one from the
   * `tokenProvider` when it is about to expire, and after a 401 once more with a new one, as the figures'
   * requests do. Rejects with an `ApiError`, and without calling at all once the session has ended.
   */
  async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    if (this._ended) throw new ApiError({ status: 0, code: ClientErrorCode.tokenProvider, message: 'the session has ended' });
    const credential = await this._credentialToUse(false);
    try {
      return await call(credential.token);
    } catch (error) {
      // A 401 means the request was refused before anything happened: a retry cannot act twice.
      const refused = error instanceof ApiError && error.status === 401;
      if (!refused || !this.tokenProvider || this._ended) throw error;
      return call((await this._askProvider()).token);
    }
  }

  /** Forgets the figures and the token, stops every request and timer, and tells the elements. */
  logout(): void {
    if (this._ended) return;
    this._stop();
    this._end({ ...initialSnapshot, signedOut: true });
  }

  /** Ends the session without a trace: figures, token, timers and listeners. */
  close(): void {
    if (this._ended) return;
    this._stop();
    this._end(initialSnapshot);
    this._listeners.clear();
  }

  private readonly _onOnline = (): void => {
    // Back online: no need to wait for the next backoff step.
    if (this._snapshot.error && !this._request) this.reload();
  };

  private async _load(freshToken = false): Promise<void> {
    clearTimeout(this._retryTimer);
    this._retryTimer = undefined;
    this._request?.abort();
    const request = new AbortController();
    this._request = request;
    this._update({ busy: true, retryScheduled: false });

    try {
      let credential = await this._credentialToUse(freshToken);
      let value: CustomerValue;
      try {
        value = await fetchCustomerValue({ api: this.api, token: credential.token, signal: request.signal });
      } catch (error) {
        // A refused token: ask the host for a new one, once, and try once more with it.
        const refused = error instanceof ApiError && error.status === 401;
        if (!refused || !this.tokenProvider || request !== this._request) throw error;
        credential = await this._askProvider();
        value = await fetchCustomerValue({ api: this.api, token: credential.token, signal: request.signal });
      }
      if (request !== this._request) return;
      this._request = undefined;
      this._retries = 0;
      this._update({ value, fetchedAt: Date.now(), error: undefined, busy: false });
      this._scheduleTokenRefresh();
    } catch (error) {
      if (request !== this._request) return; // superseded by a newer request, or the session ended
      this._request = undefined;
      this._fail(toApiError(error));
    }
  }

  private _credentialToUse(freshToken: boolean): Promise<Credential> {
    const current = this._credential;
    if (this.tokenProvider && (freshToken || !current || isExpiring(current))) return this._askProvider();
    if (current) return Promise.resolve(current);
    return Promise.reject(new ApiError({ status: 0, code: ClientErrorCode.tokenProvider, message: 'no embed token' }));
  }

  /** One call to the provider at a time, whoever asks. */
  private _askProvider(): Promise<Credential> {
    const provider = this.tokenProvider;
    if (!provider) {
      return Promise.reject(new ApiError({ status: 0, code: ClientErrorCode.tokenProvider, message: 'no tokenProvider' }));
    }
    if (this._pendingToken) return this._pendingToken;
    const generation = this._generation;
    const pending = (async () => {
      let answer: unknown;
      try {
        answer = await provider();
      } catch (cause) {
        throw new ApiError({ status: 0, code: ClientErrorCode.tokenProvider, message: 'tokenProvider failed', cause });
      }
      const credential = toCredential(answer);
      if (!credential) {
        throw new ApiError({ status: 0, code: ClientErrorCode.tokenProvider, message: 'tokenProvider returned no token' });
      }
      if (generation === this._generation && !this._ended) this._credential = credential;
      return credential;
    })();
    this._pendingToken = pending;
    const settle = (): void => {
      if (this._pendingToken === pending) this._pendingToken = undefined;
    };
    pending.then(settle, settle);
    return pending;
  }

  private _fail(error: ApiError): void {
    const retry = isRetryable(error) && this._retries < this._policy.maxRetries && this._holders > 0;
    this._update({ error, busy: false, retryScheduled: retry });
    if (!retry) return;
    const delay = retryDelay(this._retries, error.retryAfterMs, this._policy);
    this._retries += 1;
    this._retryTimer = setTimeout(() => {
      this._retryTimer = undefined;
      void this._load();
    }, delay);
  }

  /** With a provider and a known expiry: a new token (and fresh figures) a minute before it expires. */
  private _scheduleTokenRefresh(): void {
    clearTimeout(this._refreshTimer);
    this._refreshTimer = undefined;
    const expiresAt = this._credential?.expiresAt;
    if (!this.tokenProvider || expiresAt === undefined) return;
    this._refreshTimer = setTimeout(() => {
      this._refreshTimer = undefined;
      void this._load(true);
    }, refreshDelay(expiresAt));
  }

  private _stop(): void {
    this._generation += 1;
    this._request?.abort();
    this._request = undefined;
    clearTimeout(this._retryTimer);
    clearTimeout(this._refreshTimer);
    this._retryTimer = undefined;
    this._refreshTimer = undefined;
    this._pendingToken = undefined;
    this._credential = undefined;
    globalThis.removeEventListener?.('online', this._onOnline);
  }

  private _end(snapshot: SessionSnapshot): void {
    this._ended = true;
    this._snapshot = snapshot;
    for (const listener of [...this._listeners]) listener();
    this._onEnd?.();
  }

  private _update(patch: Partial<SessionSnapshot>): void {
    if (this._ended) return;
    this._snapshot = { ...this._snapshot, ...patch };
    for (const listener of [...this._listeners]) listener();
  }
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: ClientErrorCode.network,
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}

// The registry: sessions by (api, token) for elements given a token, by (tokenProvider, api) for elements
// given a provider, so that a routine token refresh keeps every element on the same session.
const byToken = new Map<string, CustomerValueSession>();
const byProvider = new WeakMap<TokenProvider, Map<string, CustomerValueSession>>();

export interface AcquireOptions {
  readonly api: string;
  readonly token?: string;
  readonly expiresAt?: TokenGrant['expiresAt'];
  readonly tokenProvider?: TokenProvider;
}

/** `api` as sessions compare it: without trailing slashes. */
export function normalizeApi(api: string): string {
  return api.replace(/\/+$/, '');
}

/**
 * The session for these settings, created on first use and shared afterwards; the caller holds it
 * (`retain()` is done here) until it calls `release()`.
 */
export function acquireSession({ api, token = '', expiresAt, tokenProvider }: AcquireOptions): CustomerValueSession {
  const base = normalizeApi(api);
  const grant = token ? { token, expiresAt } : undefined;
  let session: CustomerValueSession | undefined;
  if (tokenProvider) {
    let sessions = byProvider.get(tokenProvider);
    if (!sessions) {
      sessions = new Map();
      byProvider.set(tokenProvider, sessions);
    }
    session = sessions.get(base);
    if (!session) {
      const created: CustomerValueSession = new CustomerValueSession({
        api: base,
        token: grant,
        tokenProvider,
        onEnd: () => {
          if (sessions?.get(base) === created) sessions.delete(base);
        },
      });
      sessions.set(base, created);
      session = created;
    }
  } else {
    const key = `${base}\n${token}`;
    session = byToken.get(key);
    if (!session) {
      const created: CustomerValueSession = new CustomerValueSession({
        api: base,
        token: grant,
        onEnd: () => {
          if (byToken.get(key) === created) byToken.delete(key);
        },
      });
      byToken.set(key, created);
      session = created;
    }
  }
  session.retain();
  return session;
}
