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

  it('formats a YYYY-MM month as that calendar month whatever the viewer’s time zone', () => {
    const format = createFormatters('en-US', 'USD');
    expect(format.month('2021-01')).to.equal('Jan 2021');
    expect(format.month('2021-12', 'long')).to.equal('December 2021');
  });
});

describe('resolveLocale', () => {
  it('prefers the given locale, then the page’s <html lang>, then English', () => {
    const before = document.documentElement.lang;
    try {
      document.documentElement.lang = 'fr-CA';
      expect(resolveLocale('zh-tw')).to.equal('zh-TW');
      expect(resolveLocale(undefined)).to.equal('fr-CA');
      expect(resolveLocale('not a locale!')).to.equal('fr-CA');
      document.documentElement.lang = '';
      expect(resolveLocale('')).to.equal('en');
    } finally {
      document.documentElement.lang = before;
    }
  });
});
