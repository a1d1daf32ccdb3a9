import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './openbook-suggestions.ts';
import type { OpenbookSuggestions } from './openbook-suggestions.ts';
import { safeHref } from '../growth/growth-format.ts';
import { expectSilentConsole, shadow, text, untilState } from '../../test-helpers.ts';

// Expected strings are worked out by hand from widget/test-fixtures/suggestions-mei.json.

async function shown(token: string, locale = 'en-US'): Promise<OpenbookSuggestions> {
  const el = await fixture<OpenbookSuggestions>(
    html`<openbook-suggestions api="/test-api/ok" token=${token} locale=${locale}></openbook-suggestions>`,
  );
  await untilState(el, 'loaded');
  await waitUntil(() => shadow(el).querySelector('[part~="suggestions"][data-ready="true"]'), 'messages did not load');
  return el;
}

/** The paragraphs of a part, one string each. */
function lines(root: ParentNode, part: string): string[] {
  return [...root.querySelectorAll(`[part~="${part}"] p`)].map((node) => (node.textContent ?? '').replace(/\s+/g, ' ').trim());
}

function item(el: Element, sku: string): HTMLElement {
  const node = shadow(el).querySelector<HTMLElement>(`[part~="suggestion"][data-sku="${sku}"]`);
  if (!node) throw new Error(`no suggestion ${sku}`);
  return node;
}

describe('<openbook-suggestions>', () => {
  expectSilentConsole();

  it('shows each suggestion with its name, why (with the counts) and what it changes, in rank order', async () => {
    const el = await shown('suggestions-mei');
    const root = shadow(el);
    expect(text(root, 'h2')).to.equal('Suggested for you');
    // The malformed fourth suggestion is left out.
    expect([...root.querySelectorAll('[part~="suggestion"]')].map((node) => node.getAttribute('data-sku'))).to.deep.equal([
      'PAY-01',
      'growth',
      'ANL-01',
    ]);

    const payroll = item(el, 'PAY-01');
    expect(text(payroll, 'h3')).to.equal('Payroll');
    // 31 / 50 = 0.62.
    expect(lines(payroll, 'suggestion-why')).to.deep.equal([
      '62% of customers in logistics who use Invoicing also use Payroll.',
      '31 of 50 customers',
    ]);
    // 93 days / 30.44 = 3.06: three months. 26 days / 7 = 3.7: four weeks.
    expect(lines(payroll, 'suggestion-effect')).to.deep.equal([
      'Your predicted value over the next 12 months: $76.33 → $96.74 (+$20.41).',
      'Gets you to Gold 3 months sooner (on October 19, 2025 instead of January 20, 2026).',
      'Reaches “1,000 spent” 4 weeks sooner (on August 4, 2025 instead of August 30, 2025).',
    ]);
    expect(text(payroll, '[part~="suggestion-select"]')).to.equal('Add Payroll');

    const growth = item(el, 'growth');
    // 15 / 104 = 14.4%.
    expect(lines(growth, 'suggestion-why')).to.deep.equal([
      'You spent $1,597.81 on top of your Starter plan in the last 12 months; Growth plan costs $840.00 more a year.',
      '14% of customers of your size (11-50) with Starter plan have moved up to Growth plan.',
      '15 of 104 customers',
    ]);
    expect(lines(growth, 'suggestion-effect')).to.deep.equal([
      'The expected value of your subscription over the next 12 months: $340.00 → $520.00 (+$180.00).',
      'Gets you to Gold by December 1, 2025.',
    ]);
    expect(text(growth, '[part~="suggestion-select"]')).to.equal('Upgrade to Growth plan');

    const analytics = item(el, 'ANL-01');
    // 21 / 40 = 52.5%, shown as a whole percentage.
    expect(lines(analytics, 'suggestion-why')).to.deep.equal(['53% of customers who use CRM also use Analytics <b>Pro</b>.', '21 of 40 customers']);
    expect(lines(analytics, 'suggestion-effect')).to.deep.equal([
      'Your predicted value over the next 12 months: $76.33 → $77.83 (+$1.50).',
      'Reaches “Three products” by July 1, 2025.',
    ]);
    await expect(el).to.be.accessible();
  });

  it('links only to https: pages, or http: on localhost, and keeps the vendor’s names as text', async () => {
    const el = await shown('suggestions-mei');
    const payrollLink = item(el, 'PAY-01').querySelector('a');
    expect(payrollLink?.getAttribute('href')).to.equal('https://acme.example/products/payroll');
    expect(payrollLink?.textContent?.trim()).to.equal('About Payroll');
    expect(item(el, 'growth').querySelector('a'), 'javascript: link').to.equal(null);
    expect(item(el, 'ANL-01').querySelector('a')?.getAttribute('href')).to.equal('http://localhost:8080/analytics');
    expect(shadow(el).querySelector('b')).to.equal(null);
    expect(text(item(el, 'ANL-01'), 'h3')).to.equal('Analytics <b>Pro</b>');
  });

  it('fires openbook-suggestion-select with the sku when the customer presses a button, by mouse or keyboard, and never by itself', async () => {
    const seen: unknown[] = [];
    const listener = (event: Event) => seen.push((event as CustomEvent).detail);
    document.addEventListener('openbook-suggestion-select', listener);
    try {
      const wrapper = await fixture<HTMLElement>(
        html`<div><openbook-suggestions api="/test-api/ok" token="suggestions-mei" locale="en-US"></openbook-suggestions></div>`,
      );
      const el = wrapper.querySelector('openbook-suggestions');
      if (!el) throw new Error('no element');
      await untilState(el, 'loaded');
      await waitUntil(() => shadow(el).querySelector('[part~="suggestion-select"]'));
      expect(seen, 'fired without a user action').to.deep.equal([]);

      const button = item(el, 'growth').querySelector<HTMLButtonElement>('[part~="suggestion-select"]');
      if (!button) throw new Error('no button');
      const heard = oneEvent(wrapper, 'openbook-suggestion-select');
      button.click();
      const event = (await heard) as CustomEvent;
      expect(event.detail).to.deep.equal({ sku: 'growth' });
      expect(event.bubbles && event.composed).to.equal(true);

      item(el, 'PAY-01').querySelector<HTMLButtonElement>('[part~="suggestion-select"]')?.focus();
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Space' });
      expect(seen).to.deep.equal([{ sku: 'growth' }, { sku: 'PAY-01' }, { sku: 'PAY-01' }]);
    } finally {
      document.removeEventListener('openbook-suggestion-select', listener);
    }
  });

  it('says why there are none yet, and draws nothing for a vendor without a catalogue', async () => {
    const pending = await shown('suggestions-pending');
    expect(text(shadow(pending), '[part~="suggestions-note"]')).to.equal(
      'Suggestions appear once your vendor has scored its customers.',
    );
    const none = await fixture<OpenbookSuggestions>(
      html`<openbook-suggestions api="/test-api/ok" token="mei" locale="en-US"></openbook-suggestions>`,
    );
    await waitUntil(() => shadow(none).querySelector('[data-nothing-to-show]'), 'drew a card without suggestions');
    expect(shadow(none).querySelector('[part~="card"]')).to.equal(null);
  });

  it('speaks Simplified and Traditional Chinese', async () => {
    const cn = await shown('suggestions-mei', 'zh-CN');
    expect(lines(item(cn, 'PAY-01'), 'suggestion-why')).to.deep.equal([
      '在 logistics 行业中，使用 Invoicing 的客户有 62% 也在使用 Payroll。',
      '50 位客户中的 31 位',
    ]);
    expect(lines(item(cn, 'PAY-01'), 'suggestion-effect')).to.deep.equal([
      '您未来 12 个月的预测价值：US$76.33 → US$96.74（+US$20.41）。',
      '可让您提前 3 个月达到 Gold（2025年10月19日，而不是 2026年1月20日）。',
      '可让您提前 4 周达成“1,000 spent”（2025年8月4日，而不是 2025年8月30日）。',
    ]);
    expect(text(item(cn, 'growth'), '[part~="suggestion-select"]')).to.equal('升级到 Growth plan');
    const tw = await shown('suggestions-mei', 'zh-TW');
    expect(text(item(tw, 'PAY-01'), '[part~="suggestion-select"]')).to.equal('加購 Payroll');
    expect(text(item(tw, 'PAY-01'), '[part~="suggestion-effect"]')).to.contain('達成「1,000 spent」');
  });

  it('passes on only links a browser may follow safely', () => {
    expect(safeHref('https://acme.example/p?q=1')).to.equal('https://acme.example/p?q=1');
    expect(safeHref('http://localhost:3000/p')).to.equal('http://localhost:3000/p');
    expect(safeHref('http://127.0.0.1/p')).to.equal('http://127.0.0.1/p');
    for (const url of ['http://acme.example/p', 'javascript:alert(1)', 'data:text/html,x', '//acme.example/p', '/p', 'https://user:pw@acme.example/', '', null, 42]) {
      expect(safeHref(url), String(url)).to.equal(undefined);
    }
  });
});
