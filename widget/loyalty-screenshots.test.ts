import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, setViewport } from '@web/test-runner-commands';
import './openbook-clv.ts';
import type { OpenbookClv } from './openbook-clv.ts';
import { expectSilentConsole, shadow, untilState } from './test-helpers.ts';

// Screenshots of the loyalty sections for a reviewer to look at, in test-results/widget/ (nothing compares
// them): a customer at each stage of the fixtures, in each language and theme. The screenshot command is the
// plugin in web-test-runner.config.mjs; it shoots the element with id "shot".

const backdrops = { light: '#eef1f5', dark: '#0b0c0e' } as const;

async function shoot(name: string): Promise<void> {
  const saved = await executeServerCommand<boolean, { name: string; selector: string }>('openbook-screenshot', {
    name,
    selector: '#shot',
  });
  expect(saved).to.equal(true);
}

async function staged(token: string, locale: string, theme: 'light' | 'dark'): Promise<OpenbookClv> {
  const wrapper = await fixture<HTMLElement>(html`
    <div id="shot" style="padding: 24px; inline-size: 820px; background: ${backdrops[theme]}">
      <openbook-clv
        api="/test-api/ok"
        token=${token}
        locale=${locale}
        theme=${theme}
        sections="tier,milestones,rewards"
      ></openbook-clv>
    </div>
  `);
  const el = wrapper.querySelector('openbook-clv');
  if (!el) throw new Error('no widget');
  await untilState(el, 'loaded');
  await waitUntil(
    () => [...shadow(el).querySelectorAll('section.loyalty')].every((node) => node.getAttribute('data-ready') === 'true'),
    'the loyalty sections did not load',
  );
  return el;
}

/** Opens the first "How is this calculated?" of the tier card, to show the working. */
function openFirstExplanations(el: OpenbookClv): void {
  for (const selector of ['[part~="tier-progress"] details', '[part~="tier-keep"] details']) {
    const details = shadow(el).querySelector(selector);
    if (details instanceof HTMLDetailsElement) details.open = true;
  }
}

describe('screenshots of the loyalty sections (test-results/widget/)', function () {
  this.timeout(20000);
  expectSilentConsole();

  before(async () => {
    await setViewport({ width: 900, height: 2400 });
    await emulateMedia({ reducedMotion: 'reduce' });
  });

  after(async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  const cases = [
    ['loyalty-member', 'en', 'light'],
    ['loyalty-grace', 'en', 'dark'],
    ['loyalty-gold', 'en', 'light'],
    ['loyalty-points', 'en', 'light'],
    ['loyalty-grace', 'zh-CN', 'light'],
    ['loyalty-gold', 'zh-CN', 'dark'],
    ['loyalty-member-stage', 'zh-TW', 'light'],
    ['loyalty-grace', 'zh-TW', 'dark'],
  ] as const;

  for (const [token, locale, theme] of cases) {
    it(`${token}, ${locale}, ${theme}`, async () => {
      const el = await staged(token, locale, theme);
      openFirstExplanations(el);
      await shoot(`${token}-${locale}-${theme}`);
    });
  }
});
