import { expect, fixture, html } from '@open-wc/testing';
import '../../openbook-clv.ts';
import type { OpenbookValue } from './openbook-value.ts';
import { expectSilentConsole, shadow, stateOf, text, untilState } from '../../test-helpers.ts';

describe('<openbook-value> on its own', () => {
  expectSilentConsole();

  it('shows the lifetime value equation and the figures in a card of its own', async () => {
    const el = await fixture<OpenbookValue>(
      html`<openbook-value api="/test-api/ok" token="ada" locale="en-US"></openbook-value>`,
    );
    await untilState(el, 'loaded');
    const root = shadow(el);
    expect(text(root, 'h2')).to.equal('Your value, open book');
    expect(text(root, 'header')).to.contain('Figures as of June 1, 2025').and.not.contain('Hello');
    expect(text(root, '[part~="clv"] .amount')).to.equal('$318.75');
    expect(root.querySelectorAll('[part~="figure"]')).to.have.length(4);
    expect(root.querySelector('openbook-cumulative-value-chart')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('has the same states as the widget: skeleton, empty, error', async () => {
    const waiting = await fixture<OpenbookValue>(html`<openbook-value api="/test-api/ok"></openbook-value>`);
    expect(stateOf(waiting)).to.equal('waiting');
    expect(shadow(waiting).querySelector('[part~="skeleton"]')).not.to.equal(null);

    const empty = await fixture<OpenbookValue>(html`<openbook-value api="/test-api/ok" token="empty"></openbook-value>`);
    await untilState(empty, 'empty');
    expect(text(shadow(empty), '[part~="empty"]')).to.contain('No orders yet');

    const failed = await fixture<OpenbookValue>(html`<openbook-value api="/test-api/error" token="ada"></openbook-value>`);
    await untilState(failed, 'error');
    expect(shadow(failed).querySelector('[part~="retry-button"]')).not.to.equal(null);
  });

  it('speaks the language of the nearest lang', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="zh-Hant"><openbook-value api="/test-api/ok" token="ada"></openbook-value></div>`,
    );
    const el = wrapper.querySelector('openbook-value');
    if (!el) throw new Error('no element');
    await untilState(el, 'loaded');
    expect(text(shadow(el), 'h2')).to.equal('您的價值，明明白白');
    expect(text(shadow(el), '[part~="clv"] .label')).to.equal('預估終身價值');
  });
});
