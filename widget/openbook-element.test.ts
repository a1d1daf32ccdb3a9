import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './openbook-clv.ts';
import type { OpenbookClv, OpenbookHistory, OpenbookValue, TokenProvider } from './openbook-clv.ts';
import { expectSilentConsole, shadow, sleep, spyOnFetch, stateOf, text, untilState } from './test-helpers.ts';

// What every Open Book element shares: tokens (attribute, setToken, tokenProvider), logout, refresh, the
// degraded state, and one request per token across elements.

const unique = (): string => crypto.randomUUID();

/** All text inside an element, through its nested shadow roots. */
function deepText(root: Node): string {
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out += node.textContent ?? '';
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    node.childNodes.forEach(walk);
  };
  walk(root);
  return out.replace(/\s+/g, ' ');
}

describe('Open Book elements: tokens and sessions', () => {
  expectSilentConsole();
  let spy: ReturnType<typeof spyOnFetch>;

  beforeEach(() => {
    spy = spyOnFetch();
  });

  afterEach(() => spy.restore());

  it('makes one request for every element on the page with the same api and token', async () => {
    const token = `ada.${unique()}`;
    const page = await fixture<HTMLElement>(html`
      <div>
        <openbook-clv api="/test-api/ok" token=${token}></openbook-clv>
        <openbook-value api="/test-api/ok" token=${token}></openbook-value>
        <openbook-history api="/test-api/ok/" token=${token}></openbook-history>
      </div>
    `);
    const elements = [...page.children] as (OpenbookClv | OpenbookValue | OpenbookHistory)[];
    for (const el of elements) await untilState(el, 'loaded');
    expect(spy.requests).to.have.length(1);
  });

  it('keeps widgets with different tokens apart: each its own request, figures and logout', async () => {
    const page = await fixture<HTMLElement>(html`
      <div>
        <openbook-clv api="/test-api/ok" token=${`ada.${unique()}`} locale="en-US"></openbook-clv>
        <openbook-clv api="/test-api/ok" token=${`grace.${unique()}`} locale="en-US"></openbook-clv>
      </div>
    `);
    const [ada, grace] = [...page.children] as OpenbookClv[];
    if (!ada || !grace) throw new Error('two widgets expected');
    await untilState(ada, 'loaded');
    await untilState(grace, 'loaded');
    expect(spy.requests).to.have.length(2);
    expect(text(shadow(ada), 'header')).to.contain('Ada Lovelace');
    expect(text(shadow(grace), 'header')).to.contain('Grace Hopper');

    ada.logout();
    await ada.updateComplete;
    expect(stateOf(ada)).to.equal('signed-out');
    expect(stateOf(grace)).to.equal('loaded');
  });

  it('shares one provider call and one request between elements given the same tokenProvider', async () => {
    let calls = 0;
    const provider: TokenProvider = async () => {
      calls += 1;
      return `ada.${unique()}`;
    };
    const page = await fixture<HTMLElement>(html`
      <div>
        <openbook-value api="/test-api/ok" .tokenProvider=${provider}></openbook-value>
        <openbook-history api="/test-api/ok" .tokenProvider=${provider}></openbook-history>
      </div>
    `);
    for (const el of [...page.children] as OpenbookValue[]) await untilState(el, 'loaded');
    expect(calls).to.equal(1);
    expect(spy.requests).to.have.length(1);
  });

  it('asks its tokenProvider when it has no token, and once more after a 401', async () => {
    const tokens = [`ada.expired.${unique()}`, `ada.${unique()}`];
    let calls = 0;
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok"></openbook-clv>`);
    el.tokenProvider = async () => tokens[calls++] ?? 'none';
    await untilState(el, 'loaded');
    expect(calls).to.equal(2);
    expect(spy.requests.map((request) => request.token)).to.deep.equal(tokens);
  });

  it('says the session has ended when the token is refused, and that it could not sign in when the provider fails', async () => {
    const refused = await fixture<OpenbookClv>(
      html`<openbook-clv api="/test-api/ok" token=${`ada.expired.${unique()}`}></openbook-clv>`,
    );
    await untilState(refused, 'error');
    expect(text(shadow(refused), '[role="alert"]')).to.contain('Your session has ended. Sign in again');
    expect(text(shadow(refused), '[role="alert"]')).not.to.contain('try again automatically');

    const failing = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok"></openbook-clv>`);
    failing.tokenProvider = () => Promise.reject(new Error('host backend down'));
    await untilState(failing, 'error');
    expect(text(shadow(failing), '[role="alert"]')).to.contain('We could not confirm who you are');
  });

  it('setToken() shows the new customer, accepts {token, expiresAt}, and keeps the token out of the markup', async () => {
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" locale="en-US"></openbook-clv>`);
    el.setToken('ada');
    await untilState(el, 'loaded');
    el.setToken({ token: 'grace', expiresAt: new Date(Date.now() + 900_000).toISOString() });
    await waitUntil(() => text(shadow(el), 'header').includes('Grace Hopper'), 'still Ada');
    expect(el.hasAttribute('token')).to.equal(false);
    expect(el.outerHTML).not.to.contain('grace');
  });

  it('logout() clears the figures and shows a neutral signed-out state in every element of the session', async () => {
    const token = `ada.${unique()}`;
    const page = await fixture<HTMLElement>(html`
      <div>
        <openbook-clv api="/test-api/ok" token=${token}></openbook-clv>
        <openbook-value api="/test-api/ok" token=${token}></openbook-value>
      </div>
    `);
    const [widget, value] = [...page.children] as [OpenbookClv, OpenbookValue];
    await untilState(widget, 'loaded');
    await untilState(value, 'loaded');

    widget.logout();
    await widget.updateComplete;
    await value.updateComplete;
    for (const el of [widget, value]) {
      expect(stateOf(el)).to.equal('signed-out');
      const card = shadow(el).querySelector('[part~="card"]');
      expect(card?.getAttribute('aria-busy')).to.equal('false');
      expect(text(shadow(el), '[part~="signed-out"]')).to.equal('You are signed out Sign in to see your value.');
      expect(shadow(el).querySelector('[part~="signed-out"]')?.getAttribute('role')).to.equal('status');
      expect(deepText(el)).not.to.contain('Ada').and.not.to.contain('$');
    }
    expect(widget.token).to.equal('');
    await expect(widget).to.be.accessible();

    await sleep(100);
    expect(spy.requests).to.have.length(1);

    // Signing in again, even with the same token, brings the figures back.
    widget.setToken(token);
    await untilState(widget, 'loaded');
    expect(spy.requests).to.have.length(2);
  });

  it('logout() stops the tokenProvider from being asked again', async () => {
    let calls = 0;
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok"></openbook-clv>`);
    el.tokenProvider = () => (calls += 1, 'ada');
    await untilState(el, 'loaded');
    el.logout();
    el.refresh();
    await sleep(100);
    expect(calls).to.equal(1);
    expect(el.tokenProvider).to.equal(undefined);
    expect(stateOf(el)).to.equal('signed-out');
  });

  it('refresh() fetches again while the figures stay on screen, marked busy', async () => {
    const el = await fixture<OpenbookClv>(
      html`<openbook-clv api="/test-api/ok" token=${`ada.delay-200.${unique()}`} locale="en-US"></openbook-clv>`,
    );
    await untilState(el, 'loaded');
    el.refresh();
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="card"]')?.getAttribute('aria-busy')).to.equal('true');
    expect(stateOf(el)).to.equal('loaded');
    await waitUntil(() => shadow(el).querySelector('[part~="card"]')?.getAttribute('aria-busy') === 'false');
    expect(spy.requests).to.have.length(2);
  });

  it('shows the last figures with the time they were fetched when a refresh fails', async () => {
    const el = await fixture<OpenbookClv>(
      html`<openbook-clv api="/test-api/ok" token=${`ada.ok-1.${unique()}`} locale="en-US"></openbook-clv>`,
    );
    await untilState(el, 'loaded');
    const fetchedAt = Date.now();
    el.refresh();
    await untilState(el, 'degraded');
    expect(el.state).to.equal('degraded');

    const notice = shadow(el).querySelector('[part~="notice"]');
    if (!notice) throw new Error('no notice');
    expect(notice.getAttribute('role')).to.equal('status');
    // The time is the viewer's clock when the figures arrived, formatted for the locale.
    const time = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
    const candidates = [time.format(fetchedAt), time.format(fetchedAt - 60_000)];
    const said = text(notice, 'p:nth-of-type(2)');
    expect(candidates.some((moment) => said === `We could not refresh them, so you are seeing the figures we received on ${moment}.`), said).to.equal(true);
    expect(text(notice, '.state-title')).to.equal('These figures may be out of date');

    // The figures are still there, whole.
    const value = shadow(el).querySelector('openbook-value');
    if (!value) throw new Error('no value section');
    expect(text(value, '[part~="clv"] .amount')).to.equal('$318.75');
    expect(text(shadow(el), 'header')).to.contain('Ada Lovelace');

    // "Try again" keeps focus on itself while the figures still cannot be refreshed.
    const button = notice.querySelector<HTMLButtonElement>('[part~="retry-button"]');
    button?.focus();
    button?.click();
    await waitUntil(() => shadow(el).querySelector('[part~="card"]')?.getAttribute('aria-busy') === 'false');
    await el.updateComplete;
    expect(stateOf(el)).to.equal('degraded');
    expect(shadow(el).activeElement?.getAttribute('part')).to.equal('retry-button');
  });

  it('retries by itself with backoff, honouring Retry-After, and recovers without a click', async () => {
    const el = await fixture<OpenbookClv>(
      html`<openbook-clv api="/test-api/ok" token=${`ada.fail-1.retry-after-1.${unique()}`}></openbook-clv>`,
    );
    await untilState(el, 'error');
    expect(text(shadow(el), '[role="alert"]')).to.contain('We will try again automatically in a moment.');
    await untilState(el, 'loaded', 4000);
    const [first, second] = spy.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).to.be.at.least(990);
  });

  it('keeps its figures and makes no request when moved within the page', async () => {
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token=${`ada.${unique()}`}></openbook-clv>`);
    await untilState(el, 'loaded');
    const elsewhere = document.createElement('div');
    el.parentElement?.append(elsewhere);
    elsewhere.append(el);
    await el.updateComplete;
    await sleep(50);
    expect(stateOf(el)).to.equal('loaded');
    expect(spy.requests).to.have.length(1);
  });

  it('stops retrying once removed from the page', async () => {
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/error" token=${`ada.${unique()}`}></openbook-clv>`);
    await untilState(el, 'error');
    el.remove();
    await sleep(0);
    const requests = spy.requests.length;
    await sleep(1200); // past the first backoff step (at most a second)
    expect(spy.requests).to.have.length(requests);
  });
});
