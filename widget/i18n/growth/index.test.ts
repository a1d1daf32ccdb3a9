import { expect } from '@open-wc/testing';
import { growthEn } from './en.ts';
import { growthMessages, loadGrowthMessages } from './index.ts';
import { growthZhCN } from './zh-CN.ts';
import { growthZhTW } from './zh-TW.ts';

/** Every key path of a catalogue with the kind of its value: `goals.accept: string`, `goals.summary: function`. */
function shape(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? shape(value, `${prefix}${key}.`)
      : [`${prefix}${key}: ${typeof value}`],
  );
}

function strings(catalogue: object): string[] {
  return Object.values(catalogue).flatMap((value) =>
    typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? strings(value) : [],
  );
}

const count = (value: number) => ({ value, text: String(value) });

describe('growth message catalogues', () => {
  it('have exactly the keys of the English catalogue, with the same kinds of values', () => {
    const reference = shape(growthEn).sort();
    expect(shape(growthZhCN).sort()).to.deep.equal(reference);
    expect(shape(growthZhTW).sort()).to.deep.equal(reference);
  });

  it('have no empty strings, and the Chinese ones no untranslated English', () => {
    for (const catalogue of [growthEn, growthZhCN, growthZhTW]) {
      for (const value of strings(catalogue)) expect(value.trim(), catalogue.lang).not.to.equal('');
    }
    for (const catalogue of [growthZhCN, growthZhTW]) {
      const untranslated = strings(catalogue).filter((value) => value !== catalogue.lang && !/[\u4e00-\u9fff]/.test(value));
      expect(untranslated, catalogue.lang).to.deep.equal([]);
    }
  });

  it('word the explanation of a suggestion from its numbers, for each kind of peer group', () => {
    const base = { share: '62%', antecedent: 'Invoicing', product: 'Payroll' };
    expect(growthEn.suggestions.coAdoption({ ...base, segment: { dimension: 'industry', value: 'logistics' } })).to.equal(
      '62% of customers in logistics who use Invoicing also use Payroll.',
    );
    expect(growthEn.suggestions.coAdoption({ ...base, segment: { dimension: 'plan', value: 'enterprise' } })).to.equal(
      '62% of customers on the enterprise plan who use Invoicing also use Payroll.',
    );
    expect(growthEn.suggestions.coAdoption({ ...base, segment: null })).to.equal('62% of customers who use Invoicing also use Payroll.');
    expect(growthZhCN.suggestions.coAdoption({ ...base, segment: { dimension: 'industry', value: 'logistics' } })).to.equal(
      '在 logistics 行业中，使用 Invoicing 的客户有 62% 也在使用 Payroll。',
    );
    expect(growthZhTW.suggestions.coAdoption({ ...base, segment: { dimension: 'plan', value: 'enterprise' } })).to.equal(
      '在使用 enterprise 方案的客戶中，使用 Invoicing 的客戶有 62% 也在使用 Payroll。',
    );
  });

  it('pluralise English with the number as displayed, and count Chinese with measure words', () => {
    const terms = (n: number) => ({ metric: 'orders' as const, target: count(n), due: 'June 30, 2025' });
    expect(growthEn.goals.summary(terms(1))).to.equal('Place 1 order by June 30, 2025');
    expect(growthEn.goals.summary(terms(12))).to.equal('Place 12 orders by June 30, 2025');
    expect(growthZhCN.goals.summary(terms(12))).to.equal('在 June 30, 2025 前下 12 笔订单');
    expect(growthZhTW.goals.summary(terms(12))).to.equal('在 June 30, 2025 前下 12 筆訂單');
    const sooner = { tier: 'Gold', after: 'A', before: 'B' };
    expect(growthEn.suggestions.tierSooner({ ...sooner, sooner: { unit: 'month', count: count(1) } })).to.equal(
      'Gets you to Gold 1 month sooner (on A instead of B).',
    );
    expect(growthEn.suggestions.tierSooner({ ...sooner, sooner: { unit: 'month', count: count(3) } })).to.equal(
      'Gets you to Gold 3 months sooner (on A instead of B).',
    );
    expect(growthZhCN.suggestions.tierSooner({ ...sooner, sooner: { unit: 'week', count: count(4) } })).to.equal(
      '可让您提前 4 周达到 Gold（A，而不是 B）。',
    );
  });

  it('load once per language, however many sections ask', async () => {
    const [first, second] = await Promise.all([loadGrowthMessages('zh-TW'), loadGrowthMessages('zh-TW')]);
    expect(first).to.equal(second);
    expect(growthMessages('zh-TW')).to.equal(first);
    expect(first.lang).to.equal('zh-TW');
  });
});
