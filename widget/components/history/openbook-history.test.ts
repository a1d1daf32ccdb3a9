import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../openbook-clv.ts';
import type { OpenbookHistory } from './openbook-history.ts';
import { expectSilentConsole, shadow, text, untilState } from '../../test-helpers.ts';

describe('<openbook-history> on its own', () => {
  expectSilentConsole();

  it('shows the chart and its table under its own heading, the chart’s caption kept for screen readers', async () => {
    const el = await fixture<OpenbookHistory>(
      html`<openbook-history api="/test-api/ok" token="ada" locale="en-US"></openbook-history>`,
    );
    await untilState(el, 'loaded');
    expect(text(shadow(el), 'h2')).to.equal('Your value over time');
    const chart = shadow(el).querySelector('openbook-cumulative-value-chart');
    if (!chart) throw new Error('no chart');
    expect(chart.hasAttribute('caption-hidden')).to.equal(true);
    const caption = shadow(chart).querySelector('figcaption');
    expect(caption?.textContent).to.equal('Your value over time');
    expect(caption?.getBoundingClientRect().width).to.be.at.most(1);
    expect(shadow(chart).querySelectorAll('tbody tr')).to.have.length(49);
    expect(shadow(el).querySelector('[part~="clv"]')).to.equal(null);

    chart.scrollIntoView();
    await waitUntil(() => shadow(chart).querySelector('figure')?.getAttribute('data-status') === 'ready');
    const table = shadow(chart).querySelector('details');
    if (table) table.open = true;
    await expect(el).to.be.accessible();
  });

  it('says there is no history yet for a customer without orders', async () => {
    const el = await fixture<OpenbookHistory>(html`<openbook-history api="/test-api/ok" token="empty"></openbook-history>`);
    await untilState(el, 'empty');
    expect(text(shadow(el), '[part~="empty"]')).to.contain('No orders yet');
  });
});
