import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import './openbook-clv.ts';
import type { OpenbookClv } from './openbook-clv.ts';
import { expectSilentConsole, shadow, untilState } from './test-helpers.ts';
import { contrastRatio, palettes, type Palette } from './theme.ts';

const rgb = (hex: string): string => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

function card(el: Element): HTMLElement {
  const node = shadow(el).querySelector<HTMLElement>('[part~="card"]');
  if (!node) throw new Error('no card');
  return node;
}

/** A section, rendered in the widget's shadow root. */
function nested(el: OpenbookClv, tag: 'openbook-value' | 'openbook-history'): HTMLElement {
  const node = shadow(el).querySelector<HTMLElement>(tag);
  if (!node) throw new Error(`no ${tag}`);
  return node;
}

async function widget(theme: string | undefined, token = 'ada', api = '/test-api/ok'): Promise<OpenbookClv> {
  const el = await fixture<OpenbookClv>(
    html`<openbook-clv api=${api} token=${token} theme=${theme ?? ''} locale="en-US"></openbook-clv>`,
  );
  if (!theme) el.removeAttribute('theme');
  return el;
}

describe('theme palettes', () => {
  for (const [name, palette] of Object.entries(palettes) as [string, Palette][]) {
    it(`${name}: text, secondary text, links and button labels reach 4.5:1; marks and lines 3:1`, () => {
      expect(contrastRatio(palette.text, palette.surface), 'text').to.be.at.least(4.5);
      expect(contrastRatio(palette.muted, palette.surface), 'muted text').to.be.at.least(4.5);
      expect(contrastRatio(palette.accent, palette.surface), 'links, and button labels on the accent').to.be.at.least(4.5);
      expect(contrastRatio(palette.danger, palette.surface), 'error mark').to.be.at.least(3);
      expect(contrastRatio(palette.border, palette.surface), 'lines').to.be.at.least(3);
    });
  }

  it('computes contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).to.be.closeTo(21, 0.001);
    expect(contrastRatio('#777777', '#ffffff')).to.be.closeTo(4.48, 0.01);
    expect(contrastRatio('rgb(255, 255, 255)', '#ffffff')).to.equal(1);
  });
});

describe('themes on the page', () => {
  expectSilentConsole();

  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  for (const name of ['light', 'dark'] as const) {
    it(`draws ${name} with the palette’s colours, in the card and in every section`, async () => {
      const el = await widget(name);
      await untilState(el, 'loaded');
      const palette = palettes[name];
      const style = getComputedStyle(card(el));
      expect(style.backgroundColor).to.equal(rgb(palette.surface));
      expect(style.color).to.equal(rgb(palette.text));
      expect(contrastRatio(style.color, style.backgroundColor)).to.be.at.least(4.5);

      const muted = shadow(el).querySelector('header .muted');
      expect(muted && getComputedStyle(muted).color).to.equal(rgb(palette.muted));
      const value = nested(el, 'openbook-value');
      const summary = value.querySelector('summary');
      expect(summary && getComputedStyle(summary).color).to.equal(rgb(palette.accent));
      expect(getComputedStyle(value).color).to.equal(rgb(palette.text));
    });
  }

  it('follows prefers-color-scheme with theme="auto"', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await widget('auto');
    await untilState(el, 'loaded');
    expect(getComputedStyle(card(el)).backgroundColor).to.equal(rgb(palettes.dark.surface));
    expect(getComputedStyle(nested(el, 'openbook-value')).color).to.equal(rgb(palettes.dark.text));
    await emulateMedia({ colorScheme: 'light' });
    expect(getComputedStyle(card(el)).backgroundColor).to.equal(rgb(palettes.light.surface));
  });

  it('stays light without a theme, whatever the system prefers', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await widget(undefined);
    await untilState(el, 'loaded');
    expect(getComputedStyle(card(el)).backgroundColor).to.equal(rgb(palettes.light.surface));
  });

  it('takes the host’s --openbook-* custom properties in every theme', async () => {
    for (const theme of ['light', 'dark']) {
      const el = await widget(theme);
      el.style.cssText =
        '--openbook-accent: #8a1538; --openbook-surface: #fffdf7; --openbook-text: #201a17; ' +
        '--openbook-radius: 3px; --openbook-font: Georgia, serif; --openbook-muted: #5a4b44; --openbook-border: #7d6e66';
      await untilState(el, 'loaded');
      const style = getComputedStyle(card(el));
      expect(style.backgroundColor, theme).to.equal('rgb(255, 253, 247)');
      expect(style.color, theme).to.equal('rgb(32, 26, 23)');
      expect(style.borderTopLeftRadius, theme).to.equal('3px');
      expect(style.borderTopColor, theme).to.equal('rgb(125, 110, 102)');
      expect(style.fontFamily, theme).to.equal('Georgia, serif');
      const clv = nested(el, 'openbook-value').querySelector('[part~="clv"]');
      expect(clv && getComputedStyle(clv).borderTopColor, theme).to.equal('rgb(138, 21, 56)');
    }
  });

  it('stops the skeleton’s pulse when the viewer prefers reduced motion', async () => {
    const moving = await widget('light', 'ada.delay-3000');
    const bone = shadow(moving).querySelector('.bone');
    expect(bone && getComputedStyle(bone).animationName).to.equal('pulse');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(bone && getComputedStyle(bone).animationName).to.equal('none');
  });
});

describe('accessibility audit (axe) of every state in both themes', () => {
  expectSilentConsole();

  const unique = (): string => crypto.randomUUID();

  async function inState(state: string, theme: string): Promise<OpenbookClv> {
    switch (state) {
      case 'waiting': {
        const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" theme=${theme}></openbook-clv>`);
        return el;
      }
      case 'loading':
        return widget(theme, `ada.delay-3000.${unique()}`);
      case 'error': {
        const el = await widget(theme, 'ada', '/test-api/error');
        await untilState(el, 'error');
        return el;
      }
      case 'empty': {
        const el = await widget(theme, 'empty');
        await untilState(el, 'empty');
        return el;
      }
      case 'degraded': {
        const el = await widget(theme, `ada.ok-1.${unique()}`);
        await untilState(el, 'loaded');
        el.refresh();
        await untilState(el, 'degraded');
        return el;
      }
      case 'signed-out': {
        const el = await widget(theme);
        await untilState(el, 'loaded');
        el.logout();
        await el.updateComplete;
        return el;
      }
      default: {
        const el = await widget(theme);
        await untilState(el, 'loaded');
        for (const details of nested(el, 'openbook-value').querySelectorAll('details')) details.open = true;
        return el;
      }
    }
  }

  for (const theme of ['light', 'dark']) {
    for (const state of ['waiting', 'loading', 'loaded', 'empty', 'error', 'degraded', 'signed-out']) {
      it(`${state}, ${theme}`, async () => {
        const el = await inState(state, theme);
        await el.updateComplete;
        expect(card(el).getAttribute('data-state')).to.equal(state);
        await expect(el).to.be.accessible();
      });
    }
  }
});
