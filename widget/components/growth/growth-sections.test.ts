import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../openbook-clv.ts';
import type { OpenbookClv } from '../../openbook-clv.ts';
import { palettes } from '../../theme.ts';
import { expectSilentConsole, shadow, text, untilState } from '../../test-helpers.ts';

// The suggestions, simulator and goals sections nested in <openbook-clv>: one card, the widget's themes and
// parts, axe in both themes, keyboard use, and no English left in Chinese.

async function widget(token: string, extra: { locale?: string; theme?: string; sections?: string } = {}): Promise<OpenbookClv> {
  const el = await fixture<OpenbookClv>(html`<openbook-clv
    api="/test-api/ok"
    token=${token}
    locale=${extra.locale ?? 'en-US'}
    theme=${extra.theme ?? 'light'}
    sections=${extra.sections ?? 'suggestions,simulator,goals'}
  ></openbook-clv>`);
  await untilState(el, 'loaded');
  const root = shadow(el);
  await waitUntil(
    () =>
      (!root.querySelector('openbook-goals') || root.querySelector('openbook-goals form')) &&
      (!root.querySelector('openbook-simulator') || root.querySelector('openbook-simulator [part~="simulator-results"]')) &&
      (!root.querySelector('openbook-suggestions') || root.querySelector('openbook-suggestions [data-ready="true"]')),
    'the sections did not load',
    { timeout: 8000 },
  );
  return el;
}

const rgb = (hex: string): string => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

/** All text a person can see or hear in an element: text nodes and aria-labels, through every shadow root. */
function allText(node: Node): string {
  const parts: string[] = [];
  const walk = (current: Node) => {
    if (current.nodeType === Node.TEXT_NODE) parts.push(current.textContent ?? '');
    if (current instanceof Element) {
      if (current.localName === 'style') return;
      for (const attribute of ['aria-label', 'aria-valuetext']) {
        const value = current.getAttribute(attribute);
        if (value) parts.push(value);
      }
      if (current.shadowRoot) walk(current.shadowRoot);
    }
    current.childNodes.forEach(walk);
  };
  walk(node);
  return parts.join(' ').replace(/\s+/g, ' ');
}

describe('suggestions, simulator and goals in <openbook-clv>', () => {
  expectSilentConsole();

  it('render inside the card, each under its own heading, as parts of the widget', async () => {
    const el = await widget('suggestions-mei');
    expect([...shadow(el).querySelectorAll('.sections > *')].map((node) => node.getAttribute('part'))).to.deep.equal([
      'section section-suggestions',
      'section section-simulator',
      'section section-goals',
    ]);
    expect([...shadow(el).querySelectorAll('.sections h3.section-title')].map((node) => node.textContent?.trim())).to.deep.equal([
      'Suggested for you',
      'What if…?',
      'Shared goals',
    ]);
    // Nested, the suggestions' and goals' own headings are one level down.
    expect(shadow(el).querySelectorAll('openbook-suggestions h4').length).to.equal(3);
    const style = document.createElement('style');
    style.textContent = '.growth-parts::part(suggestion-select) { margin-top: 7px; } .growth-parts::part(goal) { padding-top: 9px; }';
    document.head.append(style);
    try {
      el.classList.add('growth-parts');
      const select = shadow(el).querySelector('[part~="suggestion-select"]');
      const goal = shadow(el).querySelector('[part~="goal"]');
      if (!select || !goal) throw new Error('missing parts');
      expect(getComputedStyle(select).marginTop).to.equal('7px');
      expect(getComputedStyle(goal).paddingTop).to.equal('9px');
    } finally {
      style.remove();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`pass axe and draw with the theme’s colours, ${theme}`, async () => {
      const el = await widget('suggestions-mei', { theme });
      for (const details of shadow(el).querySelectorAll('details')) details.open = true;
      const palette = palettes[theme];
      const link = shadow(el).querySelector('[part~="suggestion-link"]');
      const button = shadow(el).querySelector('[part~="suggestion-select"]');
      const bar = shadow(el).querySelector('openbook-goals [role="progressbar"] .fill');
      expect(link && getComputedStyle(link).color).to.equal(rgb(palette.accent));
      expect(button && getComputedStyle(button).backgroundColor).to.equal(rgb(palette.accent));
      expect(button && getComputedStyle(button).color).to.equal(rgb(palette.surface));
      expect(bar && getComputedStyle(bar).fill).to.equal(rgb(palette.accent));
      await expect(el).to.be.accessible();
    });
  }

  it('pass axe in the rep’s view, with a counter-proposal form open', async () => {
    // The customer proposes (straight to the test API), then the rep opens the customer's goals.
    const id = crypto.randomUUID();
    const proposal = { metric: 'tierByDate', target: 'silver', dueDate: '2025-12-31', note: 'Let us aim for Silver' };
    const response = await fetch('/test-api/ok/v1/me/goals', {
      method: 'POST',
      headers: { Authorization: `Bearer mei.${id}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(proposal),
    });
    expect(response.status).to.equal(201);
    const el = await widget(`mei.rep.${id}`, { sections: 'goals,simulator,suggestions' });
    const goals = shadow(el).querySelector('openbook-goals');
    if (!goals) throw new Error('no goals');
    expect(text(goals, '.intro')).to.equal('Goals agreed with this customer, with their progress from the customer’s own orders.');
    const offer = goals.querySelector('[part~="goal"]');
    expect(text(offer ?? goals, 'h4')).to.equal('Reach Silver by December 31, 2025');
    expect(text(offer ?? goals, '.goal-status')).to.equal('Waiting for your answer');
    [...(offer?.querySelectorAll('button') ?? [])].find((node) => node.textContent?.trim() === 'Counter-propose')?.click();
    await waitUntil(() => offer?.querySelector('form.counter'));
    // A tier target is chosen from the program's tiers, by name.
    expect([...(offer?.querySelectorAll('form.counter option') ?? [])].map((node) => node.textContent)).to.deep.equal(['', 'Member', 'Silver', 'Gold']);
    await expect(el).to.be.accessible();
  });

  it('reach the proposal form with Tab, in order, each control with a visible focus ring', async () => {
    const el = await widget(`mei.${crypto.randomUUID()}`, { sections: 'goals' });
    const goals = shadow(el).querySelector('openbook-goals');
    const metric = goals?.querySelector<HTMLSelectElement>('select[name="metric"]');
    if (!goals || !metric) throw new Error('no form');
    metric.focus();
    const reached: string[] = [];
    const active = () => {
      let node: Element | null = document.activeElement;
      while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
      return node;
    };
    for (let i = 0; i < 10 && reached.at(-1) !== 'Send the proposal'; i += 1) {
      if (i > 0) await sendKeys({ press: 'Tab' });
      const node = active();
      if (!node) break;
      const name = node.getAttribute('name') ?? node.textContent?.trim() ?? '';
      if (reached.at(-1) !== name) reached.push(name);
      const style = getComputedStyle(node);
      expect(style.outlineStyle, `focus ring of ${name}`).to.equal('solid');
    }
    // (The date field takes one Tab per part in Chromium: month, day, year and its calendar button.)
    expect(reached).to.deep.equal(['metric', 'target', 'dueDate', 'note', 'Send the proposal']);
  });

  for (const locale of ['zh-CN', 'zh-TW']) {
    it(`leave no English word on screen or in labels in ${locale}, beyond the vendor’s and people’s names`, async () => {
      const el = await widget('suggestions-mei', { locale });
      for (const details of shadow(el).querySelectorAll('details')) details.open = true;
      const latin = allText(el)
        // The vendor's names (products, segments, tiers, milestones), the note and rep ids people wrote,
        // and the currency prefix Intl writes.
        .replace(/Mei Lin|Analytics <b>Pro<\/b>|Payroll|Invoicing|Growth plan|Starter plan|CRM|logistics|Gold|Silver|Member|1,000 spent|Three products|Based on your <b>last<\/b> quarter|Deal|rep-\d+|US\$/g, '')
        .replace(/[A-Z][a-z]+ (?:with us|orders?|spent|adopted|products adopted)|Told us how we are doing|First order|\d+ orders|One year with us|Three years with us|10,000 spent/g, '')
        .match(/[A-Za-z]{2,}/g);
      expect(latin, locale).to.equal(null);
    });
  }
});
