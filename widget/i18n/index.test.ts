import { expect } from '@open-wc/testing';
import { en } from './en.ts';
import { pickMessages } from './index.ts';

describe('pickMessages', () => {
  it('picks English for English tags and falls back to English for languages without a catalogue', () => {
    for (const locale of ['en', 'en-GB', 'de-DE', 'zh-Hant-HK', 'zh-CN']) {
      expect(pickMessages(locale), locale).to.equal(en);
    }
  });

  it('pluralises with the number as displayed', () => {
    expect(en.tenure.value({ value: 1, text: '1' })).to.equal('1 year');
    expect(en.tenure.value({ value: 0.33, text: '0.33' })).to.equal('0.33 years');
    const oneOrder = { realisedValue: '$5.00', orders: { value: 1, text: '1' }, amount: '$5.00' };
    expect(en.averageOrderValue.explain(oneOrder).equation).to.equal('$5.00 ÷ 1 order = $5.00');
  });
});
