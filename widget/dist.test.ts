import { expect, waitUntil } from '@open-wc/testing';
import type { OpenbookClv } from './openbook-clv.ts';
import { expectSilentConsole, shadow, text, untilState } from './test-helpers.ts';

// The built files as a vendor's page gets them (`npx vite build` first; skipped when dist/widget/ is not
// there): loader.js injects openbook-clv.js, which draws the chart from its lazily loaded chunk, in the
// production build of Lit, without a word in the console.

describe('the built widget (dist/widget/)', () => {
  expectSilentConsole();

  it('loads through loader.js, shows the figures and draws the chart from its own chunk', async function () {
    const probe = await fetch('/dist/widget/loader.js', { method: 'HEAD' });
    if (!probe.ok) this.skip();

    const slot = document.createElement('div');
    document.body.append(slot);
    window.openbook = window.openbook || [];
    (window.openbook as unknown[]).push(['init', { target: slot, api: '/test-api/ok', token: 'ada', locale: 'zh-TW' }]);
    const loader = document.createElement('script');
    loader.async = true;
    loader.src = '/dist/widget/loader.js';
    document.head.append(loader);

    await waitUntil(() => customElements.get('openbook-clv'), 'dist/widget/openbook-clv.js did not load', { timeout: 5000 });
    const el = slot.querySelector('openbook-clv') as OpenbookClv | null;
    if (!el) throw new Error('no widget');
    await untilState(el, 'loaded');
    expect(text(shadow(el), 'header')).to.contain('您好，Ada Lovelace');

    const history = shadow(el).querySelector('openbook-history');
    const chart = history?.querySelector('openbook-cumulative-value-chart');
    if (!chart) throw new Error('no chart');
    chart.scrollIntoView();
    await waitUntil(() => shadow(chart).querySelector('figure')?.getAttribute('data-status') === 'ready', 'no chart chunk', {
      timeout: 5000,
    });
    const chunk = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .find((name) => /\/dist\/widget\/chunks\/chartjs-[\w-]+\.js$/.test(name));
    expect(chunk, 'chart.js from its own chunk').to.be.a('string');
    slot.remove();
  });

  it('draws the loyalty sections from their own chunks, and keeps Lit in openbook-clv.js', async function () {
    const built = '/dist/widget/openbook-clv.js';
    const probe = await fetch(built);
    if (!probe.ok) this.skip();
    // Nothing but lazy chunks may come from chunks/: no static import that would load before anything shows.
    expect(await probe.text()).not.to.match(/^\s*import\b|\bimport\s*[{*][^;]*from\s*["']\.\/chunks\//m);
    await import(built); // already defined when the loader test ran first: then this adds nothing

    const slot = document.createElement('div');
    slot.innerHTML =
      '<openbook-clv api="/test-api/ok" token="loyalty-gold" locale="zh-TW" sections="tier,milestones,rewards"></openbook-clv>';
    document.body.append(slot);
    try {
      const el = slot.querySelector('openbook-clv') as OpenbookClv;
      await untilState(el, 'loaded');
      await waitUntil(
        () => [...shadow(el).querySelectorAll('section.loyalty')].every((node) => node.getAttribute('data-ready') === 'true'),
        'no loyalty chunks',
        { timeout: 5000 },
      );
      expect(text(shadow(el), '[part~="tier-current"] .tier-name')).to.equal('Gold');
      expect(text(shadow(el), '[part~="points"] .value')).to.equal('11,400 點');
      const chunks = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.includes('/dist/widget/chunks/'))
        .map((name) => name.replace(/^.*\/chunks\/([a-zA-Z-]+?)-[\w-]{8}\.js$/, '$1'));
      expect(chunks).to.include('loyalty-views').and.include('zh-TW').and.not.include('zh-CN');
    } finally {
      slot.remove();
    }
  });

  it('loads the simulator, with the model code of shared/, from its own chunk when it is shown', async function () {
    const built = '/dist/widget/openbook-clv.js';
    const probe = await fetch(built);
    if (!probe.ok) this.skip();
    // The predicted value of shared/clv (and with it BG/NBD and the loyalty rules) stays out of the file
    // every page loads: one of its messages is the mark.
    expect(await probe.text()).not.to.contain('horizonMonths must be a positive whole number');
    await import(built);

    const slot = document.createElement('div');
    slot.innerHTML = '<openbook-clv api="/test-api/ok" token="bright" locale="en-US" sections="simulator,goals"></openbook-clv>';
    document.body.append(slot);
    try {
      const el = slot.querySelector('openbook-clv') as OpenbookClv;
      await untilState(el, 'loaded');
      await waitUntil(() => shadow(el).querySelector('[data-figure="value"]'), 'no simulator chunk', { timeout: 8000 });
      // The predicted value of GET /v1/me, worked out again in the browser by whatIf.
      expect(text(shadow(el), '[data-figure="value"]')).to.equal('$879.42');
      const chunks = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.includes('/dist/widget/chunks/'))
        .map((name) => name.replace(/^.*\/chunks\/([a-zA-Z-]+?)-[\w-]{8}\.js$/, '$1'));
      expect(chunks).to.include('simulator-view');
    } finally {
      slot.remove();
    }
  });
});
