import { expect } from '@open-wc/testing';
import { createFormatters, resolveLocale } from './format.ts';

const NBSP = '\u00a0';

describe('createFormatters', () => {
  it('divides minor units by the currency’s own number of decimals', () => {
    expect(createFormatters('en-US', 'USD').money(107100)).to.equal('$1,071.00');
    expect(createFormatters('en-US', 'JPY').money(107100)).to.equal('¥107,100');
    expect(createFormatters('en-US', 'KWD').money(107100)).to.equal(`KWD${NBSP}107.100`);
  });

  it('formats for the locale', () => {
    expect(createFormatters('de-DE', 'EUR').money(107100)).to.equal(`1.071,00${NBSP}€`);
  });

  it('rounds counts to two decimals and keeps the rounded value for plural rules', () => {
    expect(createFormatters('en-US', 'USD').count(4.16666)).to.deep.equal({ value: 4.17, text: '4.17' });
    expect(createFormatters('en-US', 'USD').count(1461)).to.deep.equal({ value: 1461, text: '1,461' });
  });

  it('formats dates and moments in the locale’s own way', () => {
    const moment = Date.UTC(2025, 5, 1, 12, 0);
    expect(createFormatters('zh-CN', 'CNY').date('2025-06-01T12:00:00Z')).to.equal('2025年6月1日');
    expect(createFormatters('en-GB', 'GBP').date('2025-06-01T12:00:00Z')).to.equal('1 June 2025');
    expect(createFormatters('zh-TW', 'TWD').dateTime(moment)).to.match(/^2025年6月1日 /);
    expect(createFormatters('en-US', 'USD').dateTime(moment)).to.match(/^Jun 1, 2025, \d{1,2}:00\s?[AP]M$/);
    expect(createFormatters('zh-CN', 'CNY').money(12345)).to.equal('¥123.45');
  });

  it('formats a YYYY-MM month as that calendar month whatever the viewer’s time zone', () => {
    const format = createFormatters('en-US', 'USD');
    expect(format.month('2021-01')).to.equal('Jan 2021');
    expect(format.month('2021-12', 'long')).to.equal('December 2021');
  });

  it('formats percentages, one-decimal figures and model parameters for the locale', () => {
    const en = createFormatters('en-US', 'USD');
    expect(en.percent(0.7644)).to.equal('76.4%');
    expect(en.percent(0.1)).to.equal('10%');
    expect(en.oneDecimal(2.745)).to.equal('2.7');
    expect(en.oneDecimal(3)).to.equal('3.0');
    expect(en.significant(0.242591)).to.equal('0.2426');
    expect(en.significant(1544.17)).to.equal('1,544');
    expect(createFormatters('de-DE', 'EUR').percent(0.075)).to.equal(`7,5${NBSP}%`);
    expect(createFormatters('zh-CN', 'CNY').percent(0.7644)).to.equal('76.4%');
  });
});

describe('createFormatters and Intl objects', () => {
  it('builds each Intl format once per locale and currency, when it is first used', () => {
    const built: string[] = [];
    const { NumberFormat, DateTimeFormat } = Intl;
    const counting = <T extends object>(name: string, target: T): T =>
      new Proxy(target, {
        construct(constructor, args) {
          built.push(name);
          return Reflect.construct(constructor as new (...params: unknown[]) => object, args);
        },
      });
    Intl.NumberFormat = counting('NumberFormat', NumberFormat);
    Intl.DateTimeFormat = counting('DateTimeFormat', DateTimeFormat);
    try {
      // A pair no other test formats with: the formatters are kept for the page's lifetime.
      const format = createFormatters('en-AU', 'NZD');
      expect(built, 'nothing is built before it is used').to.deep.equal([]);
      expect(format.date('2025-06-01T12:00:00Z')).to.equal('1 June 2025');
      expect(built).to.deep.equal(['DateTimeFormat']);
      expect(createFormatters('en-AU', 'NZD')).to.equal(format);
      format.date('2025-07-01T12:00:00Z');
      format.money(4250);
      format.money(100);
      expect(built, 'one date format, one money format').to.deep.equal(['DateTimeFormat', 'NumberFormat']);
      createFormatters('en-AU', 'AUD').money(4250);
      expect(built.length, 'another currency has its own').to.equal(3);
    } finally {
      Intl.NumberFormat = NumberFormat;
      Intl.DateTimeFormat = DateTimeFormat;
    }
  });
});

describe('resolveLocale', () => {
  it('prefers the given locale, then the nearest lang around the element, then the page’s <html lang>, then English', () => {
    const before = document.documentElement.lang;
    const wrapper = document.createElement('section');
    const inner = document.createElement('p');
    wrapper.append(inner);
    document.body.append(wrapper);
    try {
      document.documentElement.lang = 'fr-CA';
      expect(resolveLocale('zh-tw')).to.equal('zh-TW');
      expect(resolveLocale(undefined)).to.equal('fr-CA');
      expect(resolveLocale('not a locale!')).to.equal('fr-CA');
      wrapper.lang = 'en-GB';
      expect(resolveLocale(undefined, inner)).to.equal('en-GB');
      wrapper.lang = 'not a locale!';
      expect(resolveLocale(undefined, inner)).to.equal('fr-CA');
      document.documentElement.lang = '';
      expect(resolveLocale('')).to.equal('en');
    } finally {
      wrapper.remove();
      document.documentElement.lang = before;
    }
  });
});
