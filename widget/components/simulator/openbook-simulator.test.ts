import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './openbook-simulator.ts';
import type { OpenbookSimulator } from './openbook-simulator.ts';
import { expectSilentConsole, shadow, text, untilState } from '../../test-helpers.ts';

// widget/test-fixtures/bright.json and what-if-bright.json are one customer of the demo as the server answered
// GET /v1/me and GET /v1/me/what-if. The expected figures are the server's own: the predicted value of /v1/me
// ($879.42), and the effect of its suggestion of Payroll (to $1,266.58; Silver on June 15, 2027 instead of
// September 17, 2027). The simulator computes them again in the browser with whatIf of shared/.

async function shown(token = 'bright', locale = 'en-US'): Promise<OpenbookSimulator> {
  const el = await fixture<OpenbookSimulator>(
    html`<openbook-simulator api="/test-api/ok" token=${token} locale=${locale}></openbook-simulator>`,
  );
  await untilState(el, 'loaded');
  await waitUntil(() => shadow(el).querySelector('[part~="simulator-results"], [part~="simulator-error"]'), 'the simulator did not load', {
    timeout: 8000,
  });
  return el;
}

const value = (el: Element) => text(shadow(el), '[data-figure="value"]');
const tier = (el: Element) => text(shadow(el), '[data-figure="tier"]');

function slider(el: Element, id: string): HTMLInputElement {
  const node = shadow(el).querySelector<HTMLInputElement>(`#${id}`);
  if (!node) throw new Error(`no slider ${id}`);
  return node;
}

/** "$2,656.50" -> 265650. */
const cents = (shown: string) => Math.round(Number(shown.replace(/[^\d.]/g, '')) * 100);

describe('<openbook-simulator>', () => {
  expectSilentConsole();

  it('starts from the customer’s own figures, as the server computed them', async () => {
    const el = await shown();
    const root = shadow(el);
    expect(text(root, 'h2')).to.equal('What if…?');
    expect(value(el)).to.equal('$879.42');
    expect(text(root, '[data-figure="value-now"]')).to.equal('Now $879.42 ($0.00)');
    expect(tier(el)).to.equal('Silver on September 17, 2027');
    // 5.7003 expected purchases over 12 months: 0.475 a month. Spend per purchase 16221.02 cents.
    expect(text(root, '#simulator-orders-value')).to.equal('0.48 a month');
    expect(text(root, '#simulator-spend-value')).to.equal('$162.21');
    expect(text(root, 'label[for="simulator-orders"]')).to.equal('Orders per month');
    expect(slider(el, 'simulator-spend').getAttribute('aria-valuetext')).to.equal('$162.21');
    // Payroll: $99.00, in 72.1% of the orders of its owners.
    expect(text(root, 'fieldset label')).to.equal('Add Payroll ($99.00, expected in 72% of your orders)');
    await expect(el).to.be.accessible();
  });

  it('adding a product gives the server’s projected effect of suggesting it', async () => {
    const el = await shown();
    shadow(el).querySelector<HTMLInputElement>('input[data-sku="PAY-01"]')?.click();
    await el.updateComplete;
    expect(value(el)).to.equal('$1,266.58');
    // 126658 - 87942 = 38716.
    expect(text(shadow(el), '[data-figure="value-now"]')).to.equal('Now $879.42 (+$387.16)');
    expect(tier(el)).to.equal('Silver on June 15, 2027 at your current pace: September 17, 2027');
  });

  it('updates the figures on input from the keyboard: the value follows the average order in proportion', async () => {
    const el = await shown();
    const spend = slider(el, 'simulator-spend');
    spend.focus();
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(text(shadow(el), '#simulator-spend-value')).to.equal('$490.00');
    // The predicted value is expected purchases x spend per purchase, discounted: 87942 x 49000 / 16221.02.
    expect(cents(value(el))).to.be.closeTo(Math.round((87942 * 49000) / 16221.02), 2);
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(text(shadow(el), '#simulator-spend-value')).to.equal('$10.00');
    expect(cents(value(el))).to.be.closeTo(Math.round((87942 * 1000) / 16221.02), 2);

    shadow(el).querySelector<HTMLButtonElement>('.controls button')?.click();
    await el.updateComplete;
    expect(value(el)).to.equal('$879.42');
  });

  it('more orders a month bring the value up and the tier sooner; none bring nothing', async () => {
    const el = await shown();
    const orders = slider(el, 'simulator-orders');
    orders.focus();
    // Steps of 0.05 from 0: the thumb starts at 0.5, the step nearest 0.475.
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(text(shadow(el), '#simulator-orders-value')).to.equal('0.55 a month');
    expect(orders.getAttribute('aria-valuetext')).to.equal('0.55 a month');
    expect(cents(value(el))).to.be.above(87942);
    const sooner = /^Silver on (.+) at your current pace: September 17, 2027$/.exec(tier(el));
    expect(sooner, tier(el)).not.to.equal(null);
    expect(Date.parse(sooner?.[1] ?? '')).to.be.below(Date.parse('September 17, 2027'));

    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(text(shadow(el), '#simulator-orders-value')).to.equal('0 a month');
    expect(value(el)).to.equal('$0.00');
    expect(tier(el)).to.equal('Silver: not within the next 24 months at your current pace: September 17, 2027');
  });

  it('says when it cannot be loaded, with a way to try again', async () => {
    const el = await shown('bright.what-if-fail');
    expect(text(shadow(el), '[part~="simulator-error"]')).to.equal(
      'The simulator could not be loaded. The service is busy at the moment. Try again in a little while.',
    );
    expect(text(shadow(el), '[part~="retry-button"]')).to.equal('Load the simulator again');
    await expect(el).to.be.accessible();
  });

  it('draws nothing before the customer is scored', async () => {
    const el = await fixture<OpenbookSimulator>(html`<openbook-simulator api="/test-api/ok" token="mei-unscored"></openbook-simulator>`);
    await waitUntil(() => shadow(el).querySelector('[data-nothing-to-show]'), 'drew a card without a prediction');
  });

  it('speaks Simplified Chinese', async () => {
    const el = await shown('bright', 'zh-CN');
    expect(text(shadow(el), '#simulator-orders-value')).to.equal('每月 0.48 笔');
    expect(tier(el)).to.equal('2027年9月17日 达到 Silver');
  });
});
