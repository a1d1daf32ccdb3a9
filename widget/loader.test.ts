import { expect, waitUntil } from '@open-wc/testing';
import type { OpenbookClv } from './openbook-clv.ts';
import { expectSilentConsole, shadow, stateOf, text, untilState } from './test-helpers.ts';

// This file does not import the widget: the loader must bring it in by itself, as on a vendor's page.
// The loader is served from source here (loader.ts), so it injects openbook-clv.ts beside it; built, the
// same code turns loader.js into openbook-clv.js.

describe('the classic loader (loader.js)', () => {
  expectSilentConsole();

  it('runs the commands queued before it arrived, then those pushed after, and stays silent on bad ones', async () => {
    const slot = document.createElement('div');
    slot.id = 'openbook-slot';
    document.body.append(slot);
    const existing = document.createElement('openbook-clv');
    existing.id = 'placed-by-host';
    document.body.append(existing);

    // The snippet a vendor pastes.
    window.openbook = window.openbook || [];
    const queue = window.openbook as unknown[];
    queue.push([
      'init',
      { target: '#openbook-slot', api: '/test-api/ok', token: 'ada', locale: 'en-US', theme: 'dark', sections: 'value' },
    ]);
    let providerCalls = 0;
    const tokenProvider = async () => {
      providerCalls += 1;
      return { token: 'grace', expiresAt: Date.now() + 900_000 };
    };
    queue.push(['init', { target: existing, api: '/test-api/ok', tokenProvider, locale: 'en-US' }]);
    queue.push('not a command', ['init', { target: '#nowhere' }], ['init', { target: '((' }], ['fly']);

    const loader = document.createElement('script');
    loader.async = true;
    loader.src = new URL('./loader.ts', import.meta.url).href;
    document.head.append(loader);

    await waitUntil(() => customElements.get('openbook-clv'), 'the module was not injected', { timeout: 5000 });
    const modules = [...document.querySelectorAll<HTMLScriptElement>('script[type="module"]')].filter((script) =>
      script.src.endsWith('/widget/openbook-clv.ts'),
    );
    expect(modules).to.have.length(1);

    const created = slot.querySelector('openbook-clv') as OpenbookClv | null;
    if (!created) throw new Error('init did not create the widget');
    await untilState(created, 'loaded');
    expect(created.getAttribute('theme')).to.equal('dark');
    expect(created.getAttribute('sections')).to.equal('value');
    expect(created.hasAttribute('token')).to.equal(false); // the token stays out of the markup
    expect(text(shadow(created), 'header')).to.contain('Ada Lovelace');
    expect(shadow(created).querySelector('openbook-history')).to.equal(null);

    // An <openbook-clv> target is used as it is.
    const upgraded = existing as OpenbookClv;
    expect(upgraded.querySelector('openbook-clv')).to.equal(null);
    await untilState(upgraded, 'loaded');
    expect(text(shadow(upgraded), 'header')).to.contain('Grace Hopper');
    expect(providerCalls).to.equal(1); // set before the element was defined, taken over when it upgraded

    // After loading, push runs at once, on every widget the loader created.
    const api = window.openbook as { push(...commands: unknown[]): number; loaded: boolean };
    expect(api.loaded).to.equal(true);
    expect(api.push(['logout'])).to.equal(2);
    await waitUntil(() => stateOf(created) === 'signed-out' && stateOf(upgraded) === 'signed-out', 'not signed out');
    api.push(['setToken', 'grace']);
    await untilState(created, 'loaded');
    expect(text(shadow(created), 'header')).to.contain('Grace Hopper');

    // Loaded a second time (two snippets on one page): the first loader stays in charge.
    const again = document.createElement('script');
    again.src = loader.src;
    const ran = new Promise((resolve) => again.addEventListener('load', resolve));
    document.head.append(again);
    await ran;
    expect(window.openbook).to.equal(api);

    for (const node of [slot, existing, loader, again, ...modules]) node.remove();
  });

  it('does not take an element with id="openbook" (window.openbook, to the browser) for a loader already there', async () => {
    const clobbering = document.createElement('div');
    clobbering.id = 'openbook';
    document.body.append(clobbering);
    delete window.openbook;
    expect(window.openbook as unknown).to.equal(clobbering);

    const loader = document.createElement('script');
    loader.src = new URL('./loader.ts', import.meta.url).href;
    const ran = new Promise((resolve) => loader.addEventListener('load', resolve));
    document.head.append(loader);
    await ran;

    const api = window.openbook as unknown as { push(...commands: unknown[]): number; loaded: boolean };
    expect(api.loaded).to.equal(true);
    const slot = document.createElement('div');
    slot.id = 'openbook-late';
    document.body.append(slot);
    expect(api.push(['init', { target: '#openbook-late', api: '/test-api/ok', token: 'ada', locale: 'en-US' }])).to.equal(1);
    const created = slot.querySelector('openbook-clv') as OpenbookClv | null;
    if (!created) throw new Error('init did not create the widget');
    await untilState(created, 'loaded');
    expect(text(shadow(created), 'header')).to.contain('Ada Lovelace');

    for (const node of [clobbering, slot, loader]) node.remove();
  });
});
