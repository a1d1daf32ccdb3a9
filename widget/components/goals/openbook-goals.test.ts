import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './openbook-goals.ts';
import type { OpenbookGoals } from './openbook-goals.ts';
import { expectSilentConsole, shadow, spyOnFetch, text, untilState } from '../../test-helpers.ts';

// Expected strings are worked out by hand from widget/test-fixtures/goals-mei.json. The test API keeps one
// goal list per customer token (see web-test-runner.config.mjs): a fresh id in the token gives each test its
// own, and the same id with the `rep` flag is the vendor's rep looking at the same customer.

type Goals = OpenbookGoals;

const fresh = (): string => crypto.randomUUID();

async function shown(token: string, locale = 'en-US'): Promise<Goals> {
  const el = await fixture<Goals>(html`<openbook-goals api="/test-api/ok" token=${token} locale=${locale}></openbook-goals>`);
  await untilState(el, 'loaded');
  await waitUntil(() => shadow(el).querySelector('[part~="goals"] form'), 'the goals did not load', { timeout: 5000 });
  return el;
}

function goal(el: Element, id: string): HTMLElement {
  const node = shadow(el).querySelector<HTMLElement>(`[part~="goal"][data-goal-id="${id}"]`);
  if (!node) throw new Error(`no goal ${id}`);
  return node;
}

function lines(root: ParentNode, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((node) => (node.textContent ?? '').replace(/\s+/g, ' ').trim());
}

function button(root: ParentNode, label: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((node) => node.textContent?.trim() === label);
  if (!found) throw new Error(`no button ${label}`);
  return found;
}

function field<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const node = root.querySelector<T>(selector);
  if (!node) throw new Error(`no ${selector}`);
  return node;
}

/** Every `openbook-goal-change` heard on the document while the test runs. */
function listen(): { details: unknown[]; stop(): void } {
  const details: unknown[] = [];
  const listener = (event: Event) => {
    const custom = event as CustomEvent;
    expect(custom.bubbles && custom.composed, 'bubbles and composed').to.equal(true);
    details.push(custom.detail);
  };
  document.addEventListener('openbook-goal-change', listener);
  return { details, stop: () => document.removeEventListener('openbook-goal-change', listener) };
}

describe('<openbook-goals>', () => {
  expectSilentConsole();
  let events: ReturnType<typeof listen>;
  beforeEach(() => {
    events = listen();
  });
  afterEach(() => events.stop());

  it('lists the customer’s goals with status, due date, note, progress bar and history', async () => {
    const el = await shown(`mei.${fresh()}`);
    const root = shadow(el);
    expect(text(root, 'h2')).to.equal('Shared goals');
    expect(lines(root, '[part~="goal"] h3')).to.deep.equal([
      'Spend $5,000.00 in the 12 months up to December 31, 2025',
      'Place 12 orders by September 30, 2025',
      'Reach Gold by March 31, 2025',
    ]);

    const spend = goal(el, 'g-spend');
    expect(text(spend, '.status-line')).to.equal('Waiting for your answer Due December 31, 2025');
    expect(lines(spend, 'p.small')[0]).to.equal('Note: Based on your <b>last</b> quarter');
    expect(spend.querySelector('b')).to.equal(null);
    const spendBar = field(spend, '[role="progressbar"]');
    // 123450 / 500000 = 24.69%.
    expect(spendBar.getAttribute('aria-valuenow')).to.equal('25');
    expect(spendBar.getAttribute('aria-valuetext')).to.equal('$1,234.50 of $5,000.00');
    expect(lines(spend, '[part~="goal-actions"] button')).to.deep.equal(['Accept', 'Decline', 'Counter-propose']);

    const orders = goal(el, 'g-orders');
    expect(text(orders, '.status-line')).to.equal('In progress Due September 30, 2025');
    expect(field(orders, '[role="progressbar"]').getAttribute('aria-valuetext')).to.equal('3 of 12 orders');
    expect(lines(orders, 'p.small')).to.deep.equal(['Progress', '3 of 12 orders', 'Orders counted from May 2, 2025.']);
    expect(orders.querySelector('[part~="goal-actions"]'), 'nothing to answer').to.equal(null);
    expect(lines(orders, '.history li span')).to.deep.equal([
      'You proposed: Place 10 orders by September 30, 2025',
      'Your account team counter-proposed: Place 12 orders by September 30, 2025',
      'You accepted.',
      'Note: Deal',
    ]);

    const tier = goal(el, 'g-tier');
    expect(text(tier, '.status-line')).to.equal('Achieved Due March 31, 2025');
    expect(field(tier, '[role="progressbar"]').getAttribute('aria-valuetext')).to.equal('Gold now, 100% of the way to Gold');
    expect(lines(tier, '.history li span').at(-1)).to.equal('Achieved.');
    await expect(el).to.be.accessible();
    expect(events.details, 'no event without a user action').to.deep.equal([]);
  });

  it('shows a rep the same goals from the vendor’s side, without buttons on the rep’s own proposal', async () => {
    const el = await shown(`mei.rep.${fresh()}`);
    expect(text(shadow(el), '.intro')).to.equal('Goals agreed with this customer, with their progress from the customer’s own orders.');
    const spend = goal(el, 'g-spend');
    expect(text(spend, '.goal-status')).to.equal('Waiting for the customer');
    expect(spend.querySelector('[part~="goal-actions"]')).to.equal(null);
    expect(lines(goal(el, 'g-orders'), '.history li span').slice(0, 2)).to.deep.equal([
      'The customer proposed: Place 10 orders by September 30, 2025',
      'Rep rep-9 counter-proposed: Place 12 orders by September 30, 2025',
    ]);
    expect(lines(goal(el, 'g-tier'), '.history li span')[1]).to.equal('You accepted.');
    await expect(el).to.be.accessible();
  });

  it('accepts the other party’s proposal: the goal runs, the history says so, and the host hears of it', async () => {
    const el = await shown(`mei.${fresh()}`);
    button(goal(el, 'g-spend'), 'Accept').click();
    await waitUntil(() => goal(el, 'g-spend').getAttribute('data-status') === 'accepted', 'not accepted');
    const spend = goal(el, 'g-spend');
    expect(text(spend, '.goal-status')).to.equal('In progress');
    expect(spend.querySelector('[part~="goal-actions"]')).to.equal(null);
    expect(lines(spend, '.history li span').at(-1)).to.equal('You accepted.');
    expect(text(shadow(el), '[role="status"]')).to.equal('You accepted the goal.');
    expect(events.details).to.deep.equal([{ goalId: 'g-spend', status: 'accepted' }]);
    // Focus moves to the goal, as its buttons are gone.
    await waitUntil(() => shadow(el).activeElement === spend.querySelector('h3'), 'focus stayed on a removed button');
  });

  it('a proposal made by the rep reaches the customer, who accepts it, and the rep then sees it running', async () => {
    const id = fresh();
    const rep = await shown(`mei.rep.${id}`);
    const form = field<HTMLFormElement>(shadow(rep), 'form.propose');
    const metric = field<HTMLSelectElement>(form, 'select[name="metric"]');
    metric.value = 'orders';
    metric.dispatchEvent(new Event('change'));
    await rep.updateComplete;
    expect(text(form, 'label[for="goals-target"]')).to.equal('Target (orders)');
    field<HTMLInputElement>(form, '[name="target"]').focus();
    await sendKeys({ type: '6' });
    field<HTMLInputElement>(form, '[name="dueDate"]').value = '2025-08-31';
    field<HTMLTextAreaElement>(form, '[name="note"]').value = 'One more a month';
    button(form, 'Send the proposal').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shadow(rep).querySelectorAll('[part~="goal"]').length === 4, 'the proposal did not appear');
    const proposed = shadow(rep).querySelector<HTMLElement>('[part~="goal"]');
    const goalId = proposed?.getAttribute('data-goal-id') ?? '';
    expect(text(proposed ?? rep, 'h3')).to.equal('Place 6 orders by August 31, 2025');
    expect(text(proposed ?? rep, '.goal-status')).to.equal('Waiting for the customer');
    expect(text(shadow(rep), '[role="status"]')).to.equal('Your proposal was sent.');
    expect(field<HTMLInputElement>(form, '[name="target"]').value, 'the form is cleared').to.equal('');
    expect(events.details).to.deep.equal([{ goalId, status: 'proposed' }]);

    const customer = await shown(`mei.${id}`);
    const offer = goal(customer, goalId);
    expect(text(offer, '.goal-status')).to.equal('Waiting for your answer');
    expect(lines(offer, '.history li span')).to.deep.equal(['Your account team proposed: Place 6 orders by August 31, 2025', 'Note: One more a month']);
    button(offer, 'Accept').click();
    await waitUntil(() => goal(customer, goalId).getAttribute('data-status') === 'accepted');

    rep.refresh();
    await waitUntil(() => goal(rep, goalId).getAttribute('data-status') === 'accepted', 'the rep did not see it accepted');
    expect(text(goal(rep, goalId), '.goal-status')).to.equal('In progress');
    expect(lines(goal(rep, goalId), '.history li span').at(-1)).to.equal('The customer accepted.');
    expect(events.details).to.deep.equal([
      { goalId, status: 'proposed' },
      { goalId, status: 'accepted' },
    ]);
  });

  it('counter-proposes with the keyboard; an unchanged counter-proposal is refused in the form', async () => {
    const el = await shown(`mei.${fresh()}`);
    const toggle = button(goal(el, 'g-spend'), 'Counter-propose');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const form = field<HTMLFormElement>(goal(el, 'g-spend'), 'form.counter');
    button(form, 'Send the counter-proposal').click();
    await el.updateComplete;
    expect(text(goal(el, 'g-spend'), '[role="alert"]')).to.equal('Change the target, the due date or both.');

    field<HTMLInputElement>(form, '[name="target"]').focus();
    await sendKeys({ type: '4000' });
    await sendKeys({ press: 'Tab' });
    field<HTMLInputElement>(form, '[name="dueDate"]').value = '2026-01-31';
    button(form, 'Send the counter-proposal').click();
    await waitUntil(() => text(goal(el, 'g-spend'), '.goal-status') === 'Waiting for your account team', 'not countered');
    const spend = goal(el, 'g-spend');
    expect(text(spend, 'h3')).to.equal('Spend $4,000.00 in the 12 months up to January 31, 2026');
    expect(lines(spend, '.history li span')).to.deep.equal([
      'Your account team proposed: Spend $5,000.00 in the 12 months up to December 31, 2025',
      'Note: Based on your <b>last</b> quarter',
      'You counter-proposed: Spend $4,000.00 in the 12 months up to January 31, 2026',
      'Note: Based on your <b>last</b> quarter',
    ]);
    expect(goal(el, 'g-spend').querySelector('[role="alert"]')).to.equal(null);
    expect(events.details).to.deep.equal([{ goalId: 'g-spend', status: 'proposed' }]);
    await expect(el).to.be.accessible();
  });

  it('checks a proposal before sending it, and words the server’s refusals itself', async () => {
    const fetches = spyOnFetch((path) => path.includes('/v1/me/goals'));
    try {
      const el = await shown(`mei.bad-target.${fresh()}`);
      const form = field<HTMLFormElement>(shadow(el), 'form.propose');
      expect(form.querySelector('[role="alert"]'), 'no alert before there is something to say').to.equal(null);
      const alert = () => form.querySelector('[role="alert"]')?.textContent ?? '';
      button(form, 'Send the proposal').click();
      await el.updateComplete;
      expect(alert()).to.equal('Enter a target above zero.');
      expect(field(form, '[name="target"]').getAttribute('aria-describedby')).to.equal('goals-propose-error');
      expect(field(form, '[name="target"]').getAttribute('aria-invalid')).to.equal('true');

      field<HTMLInputElement>(form, '[name="target"]').value = '2500';
      field<HTMLInputElement>(form, '[name="dueDate"]').value = '2025-05-31';
      button(form, 'Send the proposal').click();
      await el.updateComplete;
      expect(alert()).to.equal('Choose a due date from today on.');
      expect(field(form, '[name="dueDate"]').getAttribute('aria-invalid')).to.equal('true');
      const before = fetches.requests.length;

      field<HTMLInputElement>(form, '[name="dueDate"]').value = '2025-06-01';
      button(form, 'Send the proposal').click();
      await waitUntil(() => alert() === 'This target cannot be used for this measure. Check it and try again.');
      expect(field(form, '[name="target"]').getAttribute('aria-invalid'), 'the field the server named').to.equal('true');
      expect(fetches.requests.length, 'one request, once the form was right').to.equal(before + 1);
      expect(events.details).to.deep.equal([]);
    } finally {
      fetches.restore();
    }
  });

  it('explains an action on a goal that ended meanwhile, and fires nothing', async () => {
    const el = await shown(`mei.goals-ended.${fresh()}`);
    button(goal(el, 'g-spend'), 'Decline').click();
    await waitUntil(() => goal(el, 'g-spend').querySelector('[role="alert"]'));
    expect(text(goal(el, 'g-spend'), '[role="alert"]')).to.equal('This goal has ended and can no longer be changed.');
    expect(events.details).to.deep.equal([]);
  });

  it('says when the goals cannot be loaded, and loads them again on request', async () => {
    const el = await fixture<Goals>(html`<openbook-goals api="/test-api/ok" token="mei.goals-fail" locale="en-US"></openbook-goals>`);
    await untilState(el, 'loaded');
    await waitUntil(() => shadow(el).querySelector('[part~="goal-error"]'), 'no error shown');
    expect(text(shadow(el), '[part~="goal-error"]')).to.equal(
      'The goals could not be loaded. The server answered with an error (HTTP 500).',
    );
    expect(text(shadow(el), '[part~="retry-button"]')).to.equal('Load the goals again');
    await expect(el).to.be.accessible();
  });

  it('speaks Simplified and Traditional Chinese', async () => {
    const cn = await shown(`mei.${fresh()}`, 'zh-CN');
    expect(text(goal(cn, 'g-spend'), 'h3')).to.equal('截至 2025年12月31日 的 12 个月内消费 US$5,000.00');
    expect(text(goal(cn, 'g-spend'), '.status-line')).to.equal('等待您的答复 截止日期：2025年12月31日');
    expect(field(goal(cn, 'g-orders'), '[role="progressbar"]').getAttribute('aria-valuetext')).to.equal('已下 3 笔，目标 12 笔');
    const tw = await shown(`mei.rep.${fresh()}`, 'zh-TW');
    expect(text(goal(tw, 'g-spend'), '.goal-status')).to.equal('等待客戶回覆');
    expect(lines(goal(tw, 'g-orders'), '.history li span')[1]).to.equal('客戶經理 rep-9 提出了新方案：在 2025年9月30日 前下 12 筆訂單');
  });
});
