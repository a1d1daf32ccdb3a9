import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './openbook-clv.ts';
import type { OpenbookClv } from './openbook-clv.ts';
import { expectSilentConsole, shadow, spyOnFetch, stateOf, text, untilState } from './test-helpers.ts';

// Expected strings are worked out by hand from the fixtures (widget/test-fixtures/), never with the widget's
// own formatters.

/** A section element nested in the widget: it renders in the widget's shadow root, in its own light DOM. */
function section(el: OpenbookClv, tag: 'openbook-value' | 'openbook-history'): HTMLElement {
  const node = shadow(el).querySelector<HTMLElement>(tag);
  if (!node) throw new Error(`no ${tag}`);
  return node;
}

/** The list item of the figure whose heading has this id. */
function figure(el: OpenbookClv, labelId: string): HTMLElement {
  const item = section(el, 'openbook-value').querySelector(`#${labelId}`)?.closest('li');
  if (!item) throw new Error(`no figure labelled by #${labelId}`);
  return item;
}

function chart(el: OpenbookClv): HTMLElement {
  const node = section(el, 'openbook-history').querySelector('openbook-cumulative-value-chart');
  if (!node) throw new Error('no chart');
  return node;
}

async function loaded(token: string, extra: { locale?: string; sections?: string } = {}): Promise<OpenbookClv> {
  const el = await fixture<OpenbookClv>(
    html`<openbook-clv
      api="/test-api/ok"
      token=${token}
      locale=${extra.locale ?? 'en-US'}
      sections=${extra.sections ?? ''}
    ></openbook-clv>`,
  );
  await untilState(el, 'loaded');
  return el;
}

describe('<openbook-clv>', () => {
  expectSilentConsole();

  it('shows realised value, average order value, frequency, tenure and the CLV equation in the customer’s numbers', async () => {
    const el = await loaded('ada');
    const value = section(el, 'openbook-value');

    expect(text(shadow(el), 'header')).to.contain('Hello, Ada Lovelace').and.contain('Figures as of June 1, 2025');

    // simpleClv: 2500 × 4.25 × 3 = 31875 cents.
    expect(text(value, '[part~="clv"] .amount')).to.equal('$318.75');
    expect(text(value, '[part~="equation"]')).to.equal('$25.00 × 4.25 per year × 3 years = $318.75');

    // 45000 paid − 2500 refunded = 42500 cents.
    const realised = figure(el, 'realised-label');
    expect(text(realised, '.value')).to.equal('$425.00');
    expect(text(realised, 'details .equation')).to.equal('$450.00 paid − $25.00 refunded = $425.00');

    // 42500 ÷ 17 kept orders = 2500 cents.
    const aov = figure(el, 'aov-label');
    expect(text(aov, '.value')).to.equal('$25.00');
    expect(text(aov, 'details .equation')).to.equal('$425.00 ÷ 17 orders = $25.00');

    // 17 orders ÷ 4 years observed.
    const frequency = figure(el, 'frequency-label');
    expect(text(frequency, '.value')).to.equal('4.25 per year');
    expect(text(frequency, 'details .equation')).to.equal('17 orders ÷ 4 years = 4.25 per year');
    expect(text(frequency, 'details')).not.to.contain('so we count'); // 4 years is above the 1-year floor

    // 1461 days since 2021-06-01.
    const tenure = figure(el, 'tenure-label');
    expect(text(tenure, '.value')).to.equal('4 years');
    expect(text(tenure, '.sub')).to.equal('Customer since June 1, 2021');
    expect(text(tenure, 'details .equation')).to.equal('1,461 days ÷ 365.25 = 4 years');

    const clvDetails = text(value, '[part~="clv"] details');
    expect(clvDetails).to.contain('($25.00)').and.contain('(4.25)').and.contain('(3 years) = $318.75');
    expect(clvDetails).not.to.contain('rounded'); // 2500 × 4.25 × 3 is exact
  });

  it('opens “How is this calculated?” from the keyboard', async () => {
    const el = await loaded('ada');
    const details = figure(el, 'aov-label').querySelector('details');
    const summary = details?.querySelector('summary');
    if (!details || !summary) throw new Error('no disclosure');
    expect(summary.textContent?.trim()).to.equal('How is this calculated?');
    expect(details.open).to.equal(false);

    summary.focus();
    expect(shadow(el).activeElement).to.equal(summary);
    await sendKeys({ press: 'Enter' });
    expect(details.open).to.equal(true);
    await sendKeys({ press: 'Space' });
    expect(details.open).to.equal(false);
  });

  it('reaches every control with Tab, in reading order, each with a visible focus ring', async () => {
    // The value and history sections; the goals form has its own keyboard test (openbook-goals.test.ts).
    const el = await loaded('ada', { sections: 'value,prediction,history' });
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    before.focus();

    const reached: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      await sendKeys({ press: 'Tab' });
      // The focused element, followed through the shadow roots it sits in.
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      if (!active) break;
      reached.push(`${active.localName}: ${(active.textContent ?? '').trim()}`);
      const style = getComputedStyle(active);
      expect(style.outlineStyle, `focus ring of ${reached.at(-1)}`).to.equal('solid');
      expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    }
    before.remove();
    expect(reached).to.deep.equal([
      'summary: How is this calculated?', // the lifetime value
      'summary: How is this calculated?', // realised value
      'summary: How is this calculated?', // average order value
      'summary: How is this calculated?', // purchase frequency
      'summary: How is this calculated?', // tenure
      'summary: Show the figures as a table',
    ]);
  });

  it('formats money in the currency’s own minor unit and explains the one-year floor', async () => {
    const el = await loaded('grace');
    const value = section(el, 'openbook-value');
    // JPY has no minor unit: 256000 is ¥256,000 (16000 × 8 × 2).
    expect(text(value, '[part~="clv"] .amount')).to.equal('¥256,000');
    expect(text(value, '[part~="equation"]')).to.equal('¥16,000 × 8 per year × 2 years = ¥256,000');
    expect(text(figure(el, 'realised-label'), '.value')).to.equal('¥128,000');
    expect(text(figure(el, 'aov-label'), '.value')).to.equal('¥16,000');
    // 120 days = 0.3285 years, below the 1-year floor: 8 orders ÷ 1 year.
    const frequency = figure(el, 'frequency-label');
    expect(text(frequency, '.value')).to.equal('8 per year');
    expect(text(frequency, 'details .equation')).to.equal('8 orders ÷ 1 year = 8 per year');
    expect(text(frequency, 'details')).to.contain('You have been with us for 0.33 years, so we count 1 year');
    expect(text(figure(el, 'tenure-label'), '.value')).to.equal('0.33 years');
    expect(text(figure(el, 'tenure-label'), '.sub')).to.equal('Customer since February 1, 2025');
  });

  it('shows “No orders yet” to a customer without orders', async () => {
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token="empty"></openbook-clv>`);
    await untilState(el, 'empty');
    const root = shadow(el);
    expect(text(root, '[part~="empty"]')).to.contain('No orders yet');
    expect(text(root, 'header')).to.contain('Hello, Sam Rivera');
    expect(root.querySelector('openbook-value')).to.equal(null);
    expect(root.querySelector('openbook-history')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('explains a failed request in its own words, in an alert, and says it will try again', async () => {
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/error" token="ada"></openbook-clv>`);
    await untilState(el, 'error');
    const alert = shadow(el).querySelector('[role="alert"]');
    expect(alert?.textContent).to.contain('We could not load your figures');
    expect(alert?.textContent).to.contain('The server answered with an error (HTTP 500).');
    expect(alert?.textContent).to.contain('We will try again automatically');
    // The server's message is English only: it is not shown, whatever the language.
    expect(alert?.textContent).not.to.contain('temporarily unavailable');
    expect(alert?.getAttribute('data-code')).to.equal('internal_error');
    expect(shadow(el).querySelector('button')?.textContent?.trim()).to.equal('Try again');
  });

  it('says the server could not be read when a proxy answers with an HTML page', async () => {
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/proxy-error" token="ada"></openbook-clv>`);
    await untilState(el, 'error');
    expect(text(shadow(el), '[role="alert"]')).to.contain('The server answered with an error (HTTP 502).');
  });

  it('recovers on “Try again” and moves focus to the figures', async () => {
    // Fails once: the button is pressed before the automatic retry (half a second at the earliest) is due.
    const token = `ada.fail-1.${crypto.randomUUID()}`;
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token=${token}></openbook-clv>`);
    await untilState(el, 'error');
    expect(text(shadow(el), '[role="alert"]')).to.contain('The service is busy at the moment.');

    const button = shadow(el).querySelector<HTMLButtonElement>('[part~="retry-button"]');
    button?.focus();
    button?.click();
    await untilState(el, 'loaded');
    expect(text(section(el, 'openbook-value'), '[part~="clv"] .amount')).to.equal('$318.75');
    await waitUntil(() => shadow(el).activeElement?.matches('h2') === true, 'focus did not move to the heading');
  });

  it('refetches when the token is replaced and shows the new customer’s figures', async () => {
    const el = await loaded('ada');
    el.token = 'grace';
    await waitUntil(() => text(shadow(el), 'header').includes('Grace Hopper'), 'Grace never appeared', {
      timeout: 5000,
    });
    await el.updateComplete;
    expect(text(section(el, 'openbook-value'), '[part~="clv"] .amount')).to.equal('¥256,000');
    expect(shadow(el).querySelector('[part~="card"]')?.getAttribute('aria-busy')).to.equal('false');
  });

  it('aborts the request of a replaced token and never shows its late answer', async () => {
    const signals: AbortSignal[] = [];
    const realFetch = window.fetch;
    // A spy on the network boundary only: it records the signal and lets the real request through.
    window.fetch = (input, init) => {
      if (init?.signal) signals.push(init.signal);
      return realFetch(input, init);
    };
    try {
      const el = await fixture<OpenbookClv>(
        html`<openbook-clv api="/test-api/ok" token="ada.delay-400" locale="en-US"></openbook-clv>`,
      );
      el.token = 'grace';
      await untilState(el, 'loaded');
      await new Promise((resolve) => setTimeout(resolve, 600)); // past the slow answer
      expect(text(shadow(el), 'header')).to.contain('Grace Hopper');
      expect(signals).to.have.length(2);
      expect(signals[0]?.aborted).to.equal(true);
      expect(signals[1]?.aborted).to.equal(false);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('keeps the figures of a refreshed token on screen, marked busy, until the new answer', async () => {
    const el = await loaded('ada');
    el.token = 'ada.delay-300';
    await el.updateComplete;
    const card = shadow(el).querySelector('[part~="card"]');
    expect(card?.getAttribute('aria-busy')).to.equal('true');
    expect(text(section(el, 'openbook-value'), '[part~="clv"] .amount')).to.equal('$318.75');
    await waitUntil(() => card?.getAttribute('aria-busy') === 'false', 'still busy', { timeout: 5000 });
  });

  it('waits, busy and without a request, until a token is set', async () => {
    const spy = spyOnFetch();
    try {
      const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok"></openbook-clv>`);
      expect(stateOf(el)).to.equal('waiting');
      expect(shadow(el).querySelector('[part~="card"]')?.getAttribute('aria-busy')).to.equal('true');
      expect(spy.requests).to.have.length(0);
      await expect(el).to.be.accessible();
      el.token = 'ada';
      await untilState(el, 'loaded');
      expect(spy.requests).to.have.length(1);
    } finally {
      spy.restore();
    }
  });

  it('renders HTML in a vendor string as inert text', async () => {
    const el = await loaded('xss');
    const root = shadow(el);
    expect(root.querySelector('img')).to.equal(null);
    expect(section(el, 'openbook-value').querySelector('img')).to.equal(null);
    expect(shadow(chart(el)).querySelector('img')).to.equal(null);
    expect(text(root, 'header')).to.contain('Hello, <img src=x onerror=alert(1)>');
  });

  it('never stores the token in storage, cookies or the address', async () => {
    const token = `ada.secret-${crypto.randomUUID()}`;
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token=${token}></openbook-clv>`);
    await untilState(el, 'loaded');
    const stored = [
      ...Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key)}`),
      ...Object.keys(sessionStorage).map((key) => `${key}=${sessionStorage.getItem(key)}`),
      document.cookie,
      location.href,
    ].join('\n');
    expect(stored).not.to.contain('secret-');
    expect(stored).not.to.contain('Ada Lovelace');
  });

  it('passes an accessibility audit with its figures shown and explained', async () => {
    const el = await loaded('ada');
    for (const details of section(el, 'openbook-value').querySelectorAll('details')) details.open = true;
    const table = shadow(chart(el)).querySelector('details');
    if (table) table.open = true;
    await expect(el).to.be.accessible();
  });

  it('lists every month with its cumulative value in the chart’s text alternative', async () => {
    const el = await loaded('ada');
    const chartRoot = shadow(chart(el));
    const rows = [...chartRoot.querySelectorAll('tbody tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent?.trim()),
    );
    // 2021-06 to 2025-06: 49 months; $25.00 orders, the refunded one in 2022-11 nets out.
    expect(rows).to.have.length(49);
    expect(rows[0]).to.deep.equal(['June 2021', '$25.00', '$25.00']);
    expect(rows[1]).to.deep.equal(['July 2021', '$0.00', '$25.00']);
    expect(rows[48]).to.deep.equal(['June 2025', '$25.00', '$425.00']);
    expect(rows.map((row) => row[0])).to.include('February 2024');

    const canvas = chartRoot.querySelector('canvas');
    expect(canvas?.getAttribute('role')).to.equal('img');
    expect(canvas?.getAttribute('aria-label')).to.equal(
      'Line chart of your cumulative value by month, from $25.00 in June 2021 to $425.00 in June 2025.',
    );
    // Nested in the widget, the chart keeps its visible caption (the card's heading is the widget's own).
    expect(chart(el).hasAttribute('caption-hidden')).to.equal(false);
  });

  it('loads chart.js and draws the chart once it is shown', async () => {
    const el = await loaded('ada');
    const chartEl = chart(el);
    chartEl.scrollIntoView();
    const figureEl = shadow(chartEl).querySelector('figure');
    await waitUntil(() => figureEl?.getAttribute('data-status') === 'ready', 'chart.js never loaded', {
      timeout: 5000,
    });
    const canvas = shadow(chartEl).querySelector('canvas');
    if (!canvas) throw new Error('no canvas');
    await waitUntil(
      () => {
        const context = canvas.getContext('2d');
        if (!context || canvas.width === 0) return false;
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        return pixels.some((channel, index) => index % 4 === 3 && channel > 0);
      },
      'the canvas stayed blank',
      { timeout: 5000 },
    );
  });
});

describe('<openbook-clv sections>', () => {
  expectSilentConsole();

  const shown = (el: OpenbookClv): string[] =>
    [...shadow(el).querySelectorAll('.sections > *')].map((node) => node.localName);

  it('shows the value, the history, the prediction and the goals by default to a customer without a loyalty program, catalogue or score', async () => {
    // The tier, suggestions, simulator, milestones and rewards sections are in the defaults too, but have
    // nothing to show Ada.
    const el = await loaded('ada');
    expect(shown(el)).to.deep.equal(['openbook-value', 'openbook-history', 'openbook-prediction', 'openbook-goals']);
  });

  it('shows suggestions and the simulator by default to a scored customer of a vendor with a catalogue', async () => {
    const el = await loaded('bright', { sections: '' });
    expect(shown(el)).to.deep.equal([
      'openbook-value',
      'openbook-history',
      'openbook-tier',
      'openbook-prediction',
      'openbook-suggestions',
      'openbook-simulator',
      'openbook-goals',
      'openbook-milestones',
      'openbook-rewards',
    ]);
  });

  it('shows the listed sections in the listed order', async () => {
    expect(shown(await loaded('ada', { sections: 'history,value' }))).to.deep.equal([
      'openbook-history',
      'openbook-value',
    ]);
    expect(shown(await loaded('ada', { sections: ' History ' }))).to.deep.equal(['openbook-history']);
  });

  it('skips sections this version does not have, silently, and keeps the order of the rest', async () => {
    const el = await loaded('ada', { sections: 'value, referrals, typo' });
    expect(shown(el)).to.deep.equal(['openbook-value']);
    // (expectSilentConsole checks that nothing was logged)
  });

  it('shows the default sections when none of the listed ones is known', async () => {
    const el = await loaded('ada', { sections: 'referrals, typo' });
    expect(shown(el)).to.deep.equal(['openbook-value', 'openbook-history', 'openbook-prediction', 'openbook-goals']);
  });

  it('renders the first section alone when the figures arrive, paints it, then the others, and is complete only then', async () => {
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token="bright" locale="en-US"></openbook-clv>`);
    // Every change of the sections' list as it happens (observers run before any frame is rendered).
    const seen: string[][] = [];
    // The sections in the next frame after the first render with figures, as its paint will show them: the
    // frame's callbacks run in the order they were asked for, so one asked for here runs after any the widget
    // asked for while rendering.
    let inNextFrame: string[] | undefined;
    const observer = new MutationObserver(() => {
      const list = shown(el);
      if (list.length > 0 && list.join() !== seen.at(-1)?.join()) {
        if (seen.length === 0) requestAnimationFrame(() => (inNextFrame = shown(el)));
        seen.push(list);
      }
    });
    observer.observe(shadow(el), { childList: true, subtree: true });
    try {
      await untilState(el, 'loaded');
      expect(seen[0], 'the first render with figures').to.deep.equal(['openbook-value']);
      expect(inNextFrame, 'the frame that paints the first figures').to.deep.equal(['openbook-value']);
      // untilState awaited updateComplete: every section is there once it resolves.
      expect(shown(el)).to.have.length(9);
      expect(seen.at(-1)).to.have.length(9);
    } finally {
      observer.disconnect();
    }
  });

  it("builds the locale's number format while the figures are on their way, after the placeholder is painted", async () => {
    // A locale no other test uses: its formats are built once per page.
    const locale = 'en-NZ';
    const built: string[] = [];
    const NumberFormat = Intl.NumberFormat;
    Intl.NumberFormat = new Proxy(NumberFormat, {
      construct(target, args: ConstructorParameters<typeof Intl.NumberFormat>) {
        built.push(String(args[0]));
        return new target(...args);
      },
    });
    try {
      const el = await fixture<OpenbookClv>(
        html`<openbook-clv api="/test-api/ok" token=${`ada.delay-400.${crypto.randomUUID()}`} locale=${locale}></openbook-clv>`,
      );
      expect(built, 'nothing built before the placeholder is painted').to.not.include(locale);
      await waitUntil(() => built.includes(locale), 'the number format was built', { timeout: 300 });
      expect(stateOf(el), 'still waiting for the figures').to.not.equal('loaded');
      await untilState(el, 'loaded');
    } finally {
      Intl.NumberFormat = NumberFormat;
    }
  });

  it('changes sections without a new request', async () => {
    const spy = spyOnFetch();
    try {
      const el = await loaded(`ada.${crypto.randomUUID()}`);
      el.sections = 'history';
      await el.updateComplete;
      expect(shown(el)).to.deep.equal(['openbook-history']);
      expect(spy.requests).to.have.length(1);
    } finally {
      spy.restore();
    }
  });

  it('exposes the sections’ parts to the host page’s ::part() rules', async () => {
    const style = document.createElement('style');
    style.textContent = `
      .parts-test::part(clv) { border-top-width: 7px; }
      .parts-test::part(section-history) { margin-top: 9px; }
      .parts-test::part(chart-table) { padding-top: 5px; }
    `;
    document.head.append(style);
    try {
      const el = await loaded('ada');
      el.classList.add('parts-test');
      await el.updateComplete;
      const clv = section(el, 'openbook-value').querySelector('[part~="clv"]');
      const history = shadow(el).querySelector('openbook-history');
      const table = shadow(chart(el)).querySelector('[part~="table"]');
      if (!clv || !history || !table) throw new Error('missing parts');
      expect(getComputedStyle(clv).borderTopWidth).to.equal('7px');
      expect(getComputedStyle(history).marginTop).to.equal('9px');
      expect(getComputedStyle(table).paddingTop).to.equal('5px');
    } finally {
      style.remove();
    }
  });
});
