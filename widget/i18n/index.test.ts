import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../openbook-clv.ts';
import type { OpenbookClv } from '../openbook-clv.ts';
import { expectSilentConsole, shadow, text, untilState } from '../test-helpers.ts';
import { en } from './en.ts';
import { catalogueFor, catalogues, chooseLocale, pickMessages } from './index.ts';
import { zhCN } from './zh-CN.ts';
import { zhTW } from './zh-TW.ts';

/** Every key path of a catalogue with the kind of its value: `chart.title: string`, `greeting: function`. */
function shape(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? shape(value, `${prefix}${key}.`)
      : [`${prefix}${key}: ${typeof value}`],
  );
}

/** Key paths in one shape and not the other, both ways. */
function differences(reference: object, other: object): { missing: string[]; extra: string[] } {
  const want = new Set(shape(reference));
  const have = new Set(shape(other));
  return { missing: [...want].filter((key) => !have.has(key)), extra: [...have].filter((key) => !want.has(key)) };
}

/** Every string value of a catalogue (not the results of its functions). */
function strings(catalogue: object): string[] {
  return Object.values(catalogue).flatMap((value) =>
    typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? strings(value) : [],
  );
}

/** All text a person can see or hear in an element: text nodes and aria-labels, through every shadow root. */
function allText(node: Node): string {
  const parts: string[] = [];
  const walk = (current: Node) => {
    if (current.nodeType === Node.TEXT_NODE) parts.push(current.textContent ?? '');
    if (current instanceof Element) {
      if (current.localName === 'style') return;
      const label = current.getAttribute('aria-label');
      if (label) parts.push(label);
      if (current.shadowRoot) walk(current.shadowRoot);
    }
    current.childNodes.forEach(walk);
  };
  walk(node);
  return parts.join(' ').replace(/\s+/g, ' ');
}

describe('message catalogues', () => {
  it('have exactly the keys of the English catalogue, with the same kinds of values', () => {
    for (const [tag, catalogue] of Object.entries(catalogues)) {
      expect(differences(en, catalogue), tag).to.deep.equal({ missing: [], extra: [] });
    }
  });

  it('the key check catches a missing key and an extra one', () => {
    const { howCalculated: _dropped, ...lacking } = zhCN;
    expect(differences(en, lacking).missing).to.deep.equal(['howCalculated: string']);
    const withExtra = { ...zhTW, chart: { ...zhTW.chart, legend: '圖例' } };
    expect(differences(en, withExtra).extra).to.deep.equal(['chart.legend: string']);
  });

  it('have no empty strings, and the Chinese ones no untranslated English', () => {
    for (const catalogue of Object.values(catalogues)) {
      for (const value of strings(catalogue)) expect(value.trim(), catalogue.lang).not.to.equal('');
    }
    for (const catalogue of [zhCN, zhTW]) {
      const untranslated = strings(catalogue).filter((value) => value !== catalogue.lang && !/[\u4e00-\u9fff]/.test(value));
      expect(untranslated, catalogue.lang).to.deep.equal([]);
    }
  });

  it('pluralise English with the number as displayed', () => {
    expect(en.tenure.value({ value: 1, text: '1' })).to.equal('1 year');
    expect(en.tenure.value({ value: 0.33, text: '0.33' })).to.equal('0.33 years');
    const oneOrder = { realisedValue: '$5.00', orders: { value: 1, text: '1' }, amount: '$5.00' };
    expect(en.averageOrderValue.explain(oneOrder).equation).to.equal('$5.00 ÷ 1 order = $5.00');
  });
});

describe('catalogueFor', () => {
  const cases: Record<string, string[]> = {
    'zh-TW': ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-HK', 'zh-Hant-CN'],
    'zh-CN': ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-HK', 'zh-Hans-SG'],
    en: ['en', 'en-GB', 'en-US', 'de-DE', 'fr', 'ja-JP', 'not a locale!', ''],
  };
  for (const [catalogue, tags] of Object.entries(cases)) {
    it(`reads ${tags.map((tag) => tag || '(empty)').join(', ')} as ${catalogue}`, () => {
      for (const tag of tags) expect(catalogueFor(tag), tag).to.equal(catalogue);
      for (const tag of tags) expect(pickMessages(tag).lang, tag).to.equal(catalogue);
    });
  }
});

describe('chooseLocale', () => {
  it('formats in the requested locale when it is in the catalogue’s language, else in the catalogue’s', () => {
    expect(chooseLocale('en-GB').formatLocale).to.equal('en-GB');
    expect(chooseLocale('zh-HK')).to.include({ tag: 'zh-TW', formatLocale: 'zh-HK' });
    expect(chooseLocale('zh-SG')).to.include({ tag: 'zh-CN', formatLocale: 'zh-SG' });
    expect(chooseLocale('de-DE')).to.include({ tag: 'en', formatLocale: 'en' });
  });

  it('prefers the locale attribute, then the nearest lang, then the page’s, then English', () => {
    const before = document.documentElement.lang;
    const wrapper = document.createElement('div');
    const inner = document.createElement('span');
    wrapper.append(inner);
    document.body.append(wrapper);
    try {
      document.documentElement.lang = 'zh-TW';
      expect(chooseLocale('zh-CN', inner).tag).to.equal('zh-CN');
      expect(chooseLocale(undefined, inner).tag).to.equal('zh-TW');
      wrapper.lang = 'zh-Hans';
      expect(chooseLocale(undefined, inner).tag).to.equal('zh-CN');
      document.documentElement.lang = '';
      wrapper.removeAttribute('lang');
      expect(chooseLocale(undefined, inner).tag).to.equal('en');
    } finally {
      wrapper.remove();
      document.documentElement.lang = before;
    }
  });
});

describe('<openbook-clv> in Chinese', () => {
  expectSilentConsole();

  async function shown(locale: string, token = 'ada'): Promise<OpenbookClv> {
    const el = await fixture<OpenbookClv>(
      html`<openbook-clv api="/test-api/ok" token=${token} locale=${locale}></openbook-clv>`,
    );
    await untilState(el, 'loaded');
    return el;
  }

  /** The value section, rendered in the widget's shadow root. */
  function valueRoot(el: OpenbookClv): HTMLElement {
    const node = shadow(el).querySelector('openbook-value');
    if (!node) throw new Error('no value section');
    return node;
  }

  it('shows Simplified Chinese with numbers, money and dates formatted for zh-CN', async () => {
    const el = await shown('zh-CN');
    expect(shadow(el).querySelector('[part~="card"]')?.getAttribute('lang')).to.equal('zh-CN');
    expect(text(shadow(el), 'header')).to.contain('您好，Ada Lovelace').and.contain('数据截至 2025年6月1日');
    expect(text(valueRoot(el), '[part~="clv"] .label')).to.equal('预计终身价值');
    expect(text(valueRoot(el), '[part~="equation"]')).to.equal('US$25.00 × 每年 4.25 次 × 3 年 = US$318.75');
    expect(text(valueRoot(el), '#tenure-label + .value + .sub')).to.equal('自 2021年6月1日 起成为客户');
  });

  it('shows Traditional Chinese with numbers, money and dates formatted for zh-TW', async () => {
    const el = await shown('zh-TW', 'grace');
    expect(text(shadow(el), 'header')).to.contain('您好，Grace Hopper').and.contain('資料截至');
    expect(text(valueRoot(el), '[part~="clv"] .label')).to.equal('預估終身價值');
    // JPY has no minor unit; Taiwan writes the yen sign without a country prefix.
    expect(text(valueRoot(el), '[part~="equation"]')).to.equal('¥16,000 × 每年 8 次 × 2 年 = ¥256,000');
  });

  it('reads Traditional Chinese for a page in zh-HK, formatting as Hong Kong does', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'zh-HK';
    try {
      const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token="ada"></openbook-clv>`);
      await untilState(el, 'loaded');
      expect(shadow(el).querySelector('[part~="card"]')?.getAttribute('lang')).to.equal('zh-TW');
      expect(text(valueRoot(el), '[part~="clv"] .amount')).to.equal('US$318.75');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('reads English, formatted in English, for a page in a language without a catalogue', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'de-DE';
    try {
      const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token="ada"></openbook-clv>`);
      await untilState(el, 'loaded');
      expect(shadow(el).querySelector('[part~="card"]')?.getAttribute('lang')).to.equal('en');
      expect(text(valueRoot(el), '[part~="clv"] .amount')).to.equal('$318.75');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('follows the page when a single-page app changes <html lang>', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'en-US';
    try {
      const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token="ada"></openbook-clv>`);
      await untilState(el, 'loaded');
      document.documentElement.lang = 'zh-CN';
      await waitUntil(() => text(shadow(el), 'header').includes('您好'), 'the widget kept its old language');
    } finally {
      document.documentElement.lang = before;
    }
  });

  for (const locale of ['zh-CN', 'zh-TW']) {
    it(`leaves no English word on screen or in labels in ${locale}`, async () => {
      const el = await shown(locale);
      const history = shadow(el).querySelector('openbook-history');
      const chart = history?.querySelector('openbook-cumulative-value-chart');
      if (chart) {
        chart.scrollIntoView();
        await waitUntil(() => shadow(chart).querySelector('figure')?.getAttribute('data-status') === 'ready');
      }
      for (const details of valueRoot(el).querySelectorAll('details')) details.open = true;
      // Allowed Latin: the customer's name and the currency prefix that Intl writes.
      const latin = allText(el)
        .replace(/Ada Lovelace/g, '')
        .replace(/US\$/g, '')
        .match(/[A-Za-z]{2,}/g);
      expect(latin, locale).to.equal(null);
    });
  }
});
