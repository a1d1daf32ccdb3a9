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

describe('<openbook-clv>: the chart before the sections after it', () => {
  expectSilentConsole();

  it('fetches chart.js before the code of the sections after the chart, and theirs once it is drawn', async () => {
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token="bright" locale="en-US"></openbook-clv>`);
    let settledAt: number | undefined;
    shadow(el).addEventListener(chartSettledEvent, () => (settledAt ??= performance.now()));
    await untilState(el, 'loaded');
    await waitUntil(() => allReady(el), 'the sections after the chart never loaded', { timeout: 10_000 });

    const chart = shadow(el).querySelector('openbook-cumulative-value-chart');
    expect(chart?.shadowRoot?.querySelector('figure')?.getAttribute('data-status'), 'the chart was drawn').to.equal('ready');
    if (settledAt === undefined) throw new Error('the chart never said it was drawn');
    expect(fetchStart('/charts/chartjs.ts'), 'chart.js asked for before the chart was drawn').to.be.below(settledAt);
    for (const chunk of sectionChunks) {
      expect(fetchStart(chunk), `${chunk} asked for once the chart was drawn`).to.be.at.least(settledAt);
    }
  });

  it('does not hold the sections back while the chart waits for the reader to scroll to it', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="padding-block-start: 300vh">
        <openbook-clv api="/test-api/ok" token="bright" locale="en-US" sections="value,history,goals"></openbook-clv>
      </div>`,
    );
    const el = wrapper.querySelector('openbook-clv');
    if (!el) throw new Error('no widget');
    await untilState(el, 'loaded');
    // Well before the 2 s after which the sections stop waiting for a chart in any case.
    await waitUntil(() => shadow(el).querySelector('openbook-goals [data-ready="true"]'), 'the goals never loaded', {
      timeout: 1000,
    });
    const chart = shadow(el).querySelector('openbook-cumulative-value-chart');
    expect(chart?.shadowRoot?.querySelector('figure')?.getAttribute('data-status'), 'chart.js not loaded').to.equal('waiting');
  });
});
