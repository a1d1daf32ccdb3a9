/**
 * Helpers for the widget's browser tests (not part of the bundle). The elements talk to the test API that
 * web-test-runner.config.mjs serves: `/test-api/<scenario>/v1/me`, answering the fixture the token names.
 */
import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';

export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`${el.localName} has no shadow root`);
  return el.shadowRoot;
}

/** Text of the first match, whitespace collapsed (no-break spaces kept). */
export function text(root: ParentNode, selector: string): string {
  const node = root.querySelector(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  return (node.textContent ?? '').replace(/[ \t\n\r]+/g, ' ').trim();
}

/** The card's `data-state` of an Open Book element. */
export function stateOf(el: Element): string | null {
  return shadow(el).querySelector('[part~="card"]')?.getAttribute('data-state') ?? null;
}

export async function untilState(el: HTMLElement & { updateComplete: Promise<boolean> }, expected: string, timeout = 5000) {
  await waitUntil(() => stateOf(el) === expected, `expected state ${expected}, still ${stateOf(el)}`, { timeout });
  await el.updateComplete;
}

/** An unsigned JWT-shaped token the test API understands: `sub` names the fixture. */
export function testJwt(claims: { sub: string; [claim: string]: unknown }): string {
  const encode = (value: unknown) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${encode({ alg: 'HS256', typ: 'openbook-embed+jwt' })}.${encode(claims)}.c2lnbmF0dXJl`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface SeenRequest {
  readonly url: string;
  readonly token: string | undefined;
  readonly at: number;
}

/**
 * Records every `fetch` of `/v1/me` (URL, bearer token, time), or of the paths `matches` accepts (the growth
 * sections' `/v1/me/goals`, ...), and lets it through to the real network.
 * Call `restore()` when done (an afterEach does it too, via `useFetchSpy`).
 */
export function spyOnFetch(
  matches: (path: string) => boolean = (path) => path.endsWith('/v1/me'),
): { requests: SeenRequest[]; restore(): void } {
  const realFetch = window.fetch;
  const requests: SeenRequest[] = [];
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (matches(new URL(url, location.href).pathname)) {
      const auth = new Headers(init?.headers).get('Authorization') ?? '';
      requests.push({ url, token: /^Bearer (.+)$/.exec(auth)?.[1], at: performance.now() });
    }
    return realFetch(input, init);
  };
  return {
    requests,
    restore: () => {
      window.fetch = realFetch;
    },
  };
}

/**
 * Fails each test of the enclosing `describe` that writes to the console (error or warning) or leaves an
 * uncaught error or unhandled rejection in the page: the widget must stay silent in its host's console.
 * Fixtures are cleaned up first, so that what elements do when removed is checked too.
 */
export function expectSilentConsole(): void {
  let problems: string[] = [];
  const original = { error: console.error, warn: console.warn };
  const onError = (event: ErrorEvent) => problems.push(`uncaught error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => problems.push(`unhandled rejection: ${String(event.reason)}`);

  beforeEach(() => {
    problems = [];
    console.error = (...args: unknown[]) => problems.push(`console.error: ${args.map(String).join(' ')}`);
    console.warn = (...args: unknown[]) => problems.push(`console.warn: ${args.map(String).join(' ')}`);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });

  afterEach(async () => {
    fixtureCleanup();
    await new Promise((resolve) => setTimeout(resolve, 0)); // let sessions close
    console.error = original.error;
    console.warn = original.warn;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    expect(problems, 'the host page console').to.deep.equal([]);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
