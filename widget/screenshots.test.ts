import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, setViewport } from '@web/test-runner-commands';
import './openbook-clv.ts';
import type { OpenbookClv } from './openbook-clv.ts';
import { expectSilentConsole, shadow, untilState } from './test-helpers.ts';

// Screenshots for a reviewer to look at, in test-results/widget/ (nothing compares them): the widget in
// each language and theme, and its other states in English. The screenshot command is the plugin in
// web-test-runner.config.mjs; it shoots the element with id "shot".

const backdrops = { light: '#eef1f5', dark: '#0b0c0e' } as const;

async function shoot(name: string): Promise<void> {
  const saved = await executeServerCommand<boolean, { name: string; selector: string }>('openbook-screenshot', {
    name,
    selector: '#shot',
  });
  expect(saved).to.equal(true);
}

async function chartDrawn(el: OpenbookClv): Promise<void> {
  const history = shadow(el).querySelector('openbook-history');
  const chart = history?.querySelector('openbook-cumulative-value-chart');
  if (!chart) return;
  // chart.js is loaded as the chart nears the viewport: below the other sections, it may not be yet.
  chart.scrollIntoView();
  await waitUntil(() => shadow(chart).querySelector('figure')?.getAttribute('data-status') === 'ready', 'no chart.js', {
    timeout: 5000,
  });
  const canvas = shadow(chart).querySelector('canvas');
  await waitUntil(() => {
    const context = canvas?.getContext('2d');
    if (!canvas || !context || canvas.width === 0) return false;
    return context.getImageData(0, 0, canvas.width, canvas.height).data.some((channel, i) => i % 4 === 3 && channel > 0);
  }, 'the chart stayed blank');
}

async function staged(token: string, locale: string, theme: 'light' | 'dark', api = '/test-api/ok'): Promise<OpenbookClv> {
  const wrapper = await fixture<HTMLElement>(html`
    <div id="shot" style="padding: 24px; inline-size: 820px; background: ${backdrops[theme]}">
      <openbook-clv api=${api} token=${token} locale=${locale} theme=${theme}></openbook-clv>
    </div>
  `);
  const el = wrapper.querySelector('openbook-clv');
  if (!el) throw new Error('no widget');
  return el;
}

describe('screenshots (test-results/widget/)', function () {
  this.timeout(20000);
  expectSilentConsole();

  before(async () => {
    await setViewport({ width: 900, height: 1600 });
    // Without animation the chart is whole at once.
    await emulateMedia({ reducedMotion: 'reduce' });
  });

  after(async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  for (const locale of ['en', 'zh-CN', 'zh-TW']) {
    for (const theme of ['light', 'dark'] as const) {
      it(`${locale}, ${theme}`, async () => {
        const el = await staged('ada', locale, theme);
        await untilState(el, 'loaded');
        // One explanation open, to show the working in the customer's numbers.
        const value = shadow(el).querySelector('openbook-value');
        const details = value?.querySelector('[part~="clv"] details');
        if (details instanceof HTMLDetailsElement) details.open = true;
        await chartDrawn(el);
        await shoot(`openbook-clv-${locale}-${theme}`);
      });
    }
  }

  for (const [locale, theme] of [['en', 'light'], ['zh-CN', 'dark'], ['zh-TW', 'light']] as const) {
    it(`the prediction explained, ${locale}, ${theme}`, async () => {
      const el = await staged('mei', locale, theme);
      await untilState(el, 'loaded');
      const details = shadow(el).querySelector('openbook-prediction')?.querySelector('details');
      if (details instanceof HTMLDetailsElement) details.open = true;
      await chartDrawn(el);
      await shoot(`prediction-${locale}-${theme}`);
    });
  }

  for (const [locale, theme, token] of [
    ['en', 'light', 'bright'],
    ['zh-CN', 'dark', 'bright'],
    ['en', 'light', 'suggestions-mei.rep'],
  ] as const) {
    it(`suggestions, simulator and goals, ${locale}, ${theme}, ${token}`, async () => {
      const wrapper = await fixture<HTMLElement>(html`
        <div id="shot" style="padding: 24px; inline-size: 820px; background: ${backdrops[theme]}">
          <openbook-clv
            api="/test-api/ok"
            token=${token}
            locale=${locale}
            theme=${theme}
            sections="suggestions,simulator,goals"
          ></openbook-clv>
        </div>
      `);
      const el = wrapper.querySelector('openbook-clv');
      if (!el) throw new Error('no widget');
      await untilState(el, 'loaded');
      await waitUntil(() => shadow(el).querySelector('openbook-goals form'), 'the goals did not load', { timeout: 8000 });
      const simulator = shadow(el).querySelector('openbook-simulator');
      if (simulator) await waitUntil(() => simulator.querySelector('[part~="simulator-results"]'), 'no simulator', { timeout: 8000 });
      await shoot(`growth-${locale}-${theme}-${token.replace('.', '-')}`);
    });
  }

  describe('other states, English, light', () => {
    it('loading', async () => {
      const loading = await staged(`ada.delay-5000.${crypto.randomUUID()}`, 'en', 'light');
      await loading.updateComplete;
      await shoot('state-loading-en-light');
    });

    it('error', async () => {
      const error = await staged('ada', 'en', 'light', '/test-api/error');
      await untilState(error, 'error');
      await shoot('state-error-en-light');
    });

    it('out of date (degraded)', async () => {
      const stale = await staged(`ada.ok-1.${crypto.randomUUID()}`, 'en', 'light');
      await untilState(stale, 'loaded');
      stale.refresh();
      await untilState(stale, 'degraded');
      await chartDrawn(stale);
      await shoot('state-degraded-en-light');
    });

    it('signed out', async () => {
      const signedOut = await staged('ada', 'en', 'light');
      await untilState(signedOut, 'loaded');
      signedOut.logout();
      await signedOut.updateComplete;
      await shoot('state-signed-out-en-light');
    });

    it('no orders yet', async () => {
      const empty = await staged('empty', 'en', 'light');
      await untilState(empty, 'empty');
      await shoot('state-empty-en-light');
    });
  });

  it('the degraded state in Traditional Chinese, dark', async () => {
    const stale = await staged(`ada.ok-1.${crypto.randomUUID()}`, 'zh-TW', 'dark');
    await untilState(stale, 'loaded');
    stale.refresh();
    await untilState(stale, 'degraded');
    await chartDrawn(stale);
    await shoot('state-degraded-zh-TW-dark');
  });
});
