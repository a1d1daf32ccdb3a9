import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { chartSettledEvent } from './charts/cumulative-value-chart.ts';
import './openbook-clv.ts';
import type { OpenbookClv } from './openbook-clv.ts';
import { expectSilentConsole, shadow, untilState } from './test-helpers.ts';

// A file of its own: it reads when each chunk was first fetched, so no other test may have fetched them in this
// page before it.

/** The lazily loaded code and texts of the sections that come after the chart by default. */
const sectionChunks = [
  '/components/loyalty/loyalty-views.ts',
  '/components/suggestions/suggestions-view.ts',
  '/components/simulator/simulator-view.ts',
  '/components/goals/goals-view.ts',
  '/i18n/growth/en.ts',
  '/i18n/loyalty/en.ts',
];

/** When the page first asked for a module whose path ends with `suffix`. */
function fetchStart(suffix: string): number {
  const entry = performance
    .getEntriesByType('resource')
    .find((resource) => new URL(resource.name).pathname.endsWith(suffix));
  if (!entry) throw new Error(`${suffix} was never fetched`);
  return entry.startTime;
}

const allReady = (el: OpenbookClv) => {
  const sections = [...shadow(el).querySelectorAll('.sections [data-ready]')];
  return sections.length === 6 && sections.every((section) => section.getAttribute('data-ready') === 'true');
};

/**
 * The widget in `container`, with a listener for the chart's settling in place before it can fire: the time it
 * fired, by the page's clock (undefined until then).
 */
async function mount(attributes: Record<string, string>, padding = '0'): Promise<{ el: OpenbookClv; settledAt(): number | undefined }> {
  const container = await fixture<HTMLDivElement>(html`<div style="padding-block-start: ${padding}"></div>`);
  const el = document.createElement('openbook-clv');
  for (const [name, value] of Object.entries({ api: '/test-api/ok', locale: 'en-US', ...attributes })) el.setAttribute(name, value);
  container.append(el);
  let settledAt: number | undefined;
  shadow(el).addEventListener(chartSettledEvent, () => (settledAt ??= performance.now()));
  return { el, settledAt: () => settledAt };
}

const chartStatus = (el: OpenbookClv) =>
  shadow(el).querySelector('openbook-cumulative-value-chart')?.shadowRoot?.querySelector('figure')?.getAttribute('data-status');

describe('<openbook-clv>: the chart before the sections after it', () => {
  expectSilentConsole();

  it('fetches chart.js before the code of the sections after the chart, and theirs once it is drawn', async () => {
    const { el, settledAt } = await mount({ token: 'bright' });
    await untilState(el, 'loaded');
    await waitUntil(() => allReady(el), 'the sections after the chart never loaded', { timeout: 10_000 });

    expect(chartStatus(el), 'the chart was drawn').to.equal('ready');
    const settled = settledAt();
    if (settled === undefined) throw new Error('the chart never said it was drawn');
    expect(fetchStart('/charts/chartjs.ts'), 'chart.js asked for before the chart was drawn').to.be.below(settled);
    for (const chunk of sectionChunks) {
      expect(fetchStart(chunk), `${chunk} asked for once the chart was drawn`).to.be.at.least(settled);
    }
  });

  it('lets a section added after a chart that was already drawn load at once', async () => {
    const { el } = await mount({ token: 'bright', sections: 'value,history' });
    await untilState(el, 'loaded');
    await waitUntil(() => chartStatus(el) === 'ready', 'the chart was never drawn', { timeout: 5000 });
    el.sections = 'value,history,goals';
    // Well before the 2 s after which the sections stop waiting for a chart in any case.
    await waitUntil(() => shadow(el).querySelector('openbook-goals [data-ready="true"]'), 'the goals waited for the chart', {
      timeout: 1000,
    });
  });

  it('does not hold the sections back while the chart waits for the reader to scroll to it', async () => {
    const { el, settledAt } = await mount({ token: 'bright', sections: 'value,history,goals' }, '300vh');
    await untilState(el, 'loaded');
    await waitUntil(() => shadow(el).querySelector('openbook-goals [data-ready="true"]'), 'the goals never loaded', {
      timeout: 5000,
    });
    // Told by the chart, not by the card's 2 s limit (which fires no event).
    expect(settledAt(), 'the chart said it would wait').to.not.equal(undefined);
    expect(chartStatus(el), 'chart.js not loaded').to.equal('waiting');
  });
});
