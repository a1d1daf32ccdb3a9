/**
 * The widget's only network boundary: `GET {api}/v1/me`, and the sections' own requests (`/v1/me/goals`,
 * `/v1/me/what-if`), with the embed token as a bearer token.
 *
 * The token travels in the Authorization header only: it is never put in a URL, in storage or in a
 * cookie, and requests omit cookies (the embed token alone identifies the customer).
 */
import type { CustomerValue } from '../shared/schemas/customer-value.ts';

export type { CustomerValue };

/** `code` of an `ApiError` raised in the browser rather than sent by the server. */
export const ClientErrorCode = {
  network: 'network_error',
  invalidResponse: 'invalid_response',
  /** The host page's `tokenProvider` threw, rejected, or answered something that is not a token. */
  tokenProvider: 'token_provider_failed',
} as const;

export interface ApiErrorInit {
  /** HTTP status; 0 when no response arrived (network failure, CORS refusal). */
  status: number;
  code: string;
  message: string;
  details?: readonly unknown[];
  /** The message the server wrote for people, when it sent one. */
  serverMessage?: string;
  /** How long the server asked us to wait before trying again (its `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** A failed request, carrying the HTTP status and the server's `{"error": {code, message, details}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: readonly unknown[];
  readonly serverMessage: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor({ status, code, message, details = [], serverMessage, retryAfterMs, cause }: ApiErrorInit) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.serverMessage = serverMessage;
    this.retryAfterMs = retryAfterMs;
  }
}

export interface FetchCustomerValueOptions {
  /** Base URL of the Open Book server; empty for the page's own origin. */
  api: string;
  token: string;
  signal?: AbortSignal;
}

export interface RequestJsonOptions extends FetchCustomerValueOptions {
  /** Path under the server, e.g. `/v1/me/goals`. */
  path: string;
  method?: 'GET' | 'POST';
  /** Sent as JSON (POST only). */
  body?: unknown;
}

/**
 * One request to the server with the embed token, answering the parsed JSON body of a 2xx response.
 * Rejects with an `ApiError` (the server's `{"error": {code, message, details}}` when it sent one), or with
 * the signal's abort reason when `signal` aborts.
 */
export async function requestJson({ api, token, path, method = 'GET', body, signal }: RequestJsonOptions): Promise<unknown> {
  const url = `${api.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new ApiError({
      status: 0,
      code: ClientErrorCode.network,
      message: `${method} ${url} failed: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }

  const answer = await readJson(response, signal);
  if (!response.ok) {
    const error = errorBody(answer);
    throw new ApiError({
      status: response.status,
      code: error?.code ?? `http_${response.status}`,
      message: error?.message ?? `${method} ${url} answered ${response.status}`,
      details: error?.details ?? [],
      serverMessage: error?.message,
      // Cross-origin, the browser shows this header only if the server lists it in
      // Access-Control-Expose-Headers; without it the client falls back to its own backoff.
      retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
    });
  }
  return answer;
}

/**
 * Fetches the customer value view of the token's customer.
 * Rejects with an `ApiError`, or with the signal's abort reason when `signal` aborts.
 */
export async function fetchCustomerValue({ api, token, signal }: FetchCustomerValueOptions): Promise<CustomerValue> {
  const body = await requestJson({ api, token, path: '/v1/me', signal });
  if (!looksLikeCustomerValue(body)) {
    throw new ApiError({
      status: 200,
      code: ClientErrorCode.invalidResponse,
      message: `GET ${api.replace(/\/+$/, '')}/v1/me answered with a body that is not a customer value view`,
    });
  }
  return body;
}

/**
 * `Retry-After` in milliseconds from now: either delay-seconds (`120`) or an HTTP date. Undefined when absent
 * or unreadable.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/^[A-Za-z]/.test(value)) return undefined; // every HTTP-date form starts with the day's name
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readJson(response: Response, signal: AbortSignal | undefined): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    if (signal?.aborted) throw signal.reason;
    return undefined; // not JSON (a proxy's HTML error page, an empty body): judged by the status alone
  }
}

function errorBody(body: unknown): { code?: string; message?: string; details?: unknown[] } | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message, details } = body.error;
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' && message.trim() !== '' ? message : undefined,
    details: Array.isArray(details) ? details : undefined,
  };
}

// The server validates its answers against CustomerValueSchema; this guard only keeps a wrong URL or a
// proxy's 200 page from reaching the renderer, without bundling zod.
function looksLikeCustomerValue(body: unknown): body is CustomerValue {
  if (!isRecord(body) || !isRecord(body.customer) || !isRecord(body.figures)) return false;
  const { figures } = body;
  return (
    typeof body.currency === 'string' &&
    typeof body.asOf === 'string' &&
    Array.isArray(body.history) &&
    ['realisedValue', 'averageOrderValue', 'purchaseFrequency', 'tenure', 'expectedLifespan', 'simpleClv'].every(
      (key) => isRecord(figures[key]),
    )
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
