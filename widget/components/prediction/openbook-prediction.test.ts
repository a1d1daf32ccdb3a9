import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../openbook-clv.ts';
import type { OpenbookClv } from '../../openbook-clv.ts';
import type { OpenbookPrediction } from './openbook-prediction.ts';
import { expectSilentConsole, shadow, stateOf, text, untilState } from '../../test-helpers.ts';

// Every expected string is worked out by hand from widget/test-fixtures/mei.json, never with the widget's own
// formatters. Its prediction:
//   horizonMonths 12, annualDiscountRate 0.1                        -> "12 months", "10%"
//   predictedValue 7633 (cents)                                      -> "$76.33"
//   expectedPurchases 2.7456007192069793                             -> "2.7" (one decimal)
//   expectedSpendPerPurchase 2922                                    -> "$29.22"
//   probabilityAlive 0.7647210540620291                              -> "76.5%" (76.472 to one decimal)
//   inputs: 12 repeat purchases, 1095 / 7 = 156.43 weeks since the first purchase -> "156 weeks",
//           142 / 7 = 20.29 weeks since the last -> "20 weeks", average repeat purchase 2900 -> "$29.00"
//   before discounting: 2.7456007192069793 × 2922 = 8022.65 cents    -> "$80.23"; as shown, 2.7 × 29.22 = 78.89,
//           so the panel says the figures are rounded
//   parameters p 6.249871, q 3.744308, gamma 1544.17:
//     average of all customers p γ / (q − 1) = 9650.80 / 2.744308 = 3516.68 cents -> "$35.17"
//     weight of the customer's own average p x / (p x + q − 1) = 74.998452 / 77.742760 = 0.9647 -> "96.5%",
//     the rest 0.0353 -> "3.5%"
//   computedAt 2025-05-31T12:00:00.000Z                              -> "May 31, 2025"
//   shown to four significant digits: r 0.242591 -> "0.2426", alpha 4.413582 -> "4.414", a 0.792921 ->
//     "0.7929", b 2.425887 -> "2.426", p -> "6.25", q -> "3.744", gamma -> "1,544"

const sentence =
  'Customers who bought as often as you (12 repeat purchases in 156 weeks) and were last seen 20 weeks ago ' +
  'are still active 76.5% of the time.';

async function widget(token: string, extra: { locale?: string; theme?: string } = {}): Promise<OpenbookClv> {
  const el = await fixture<OpenbookClv>(
    html`<openbook-clv
      api="/test-api/ok"
      token=${token}
      locale=${extra.locale ?? 'en-US'}
      theme=${extra.theme ?? 'light'}
    ></openbook-clv>`,
  );
  await untilState(el, 'loaded');
  return el;
}

/** The prediction section, rendered in the widget's shadow root. */
function prediction(el: OpenbookClv): HTMLElement {
  const node = shadow(el).querySelector<HTMLElement>('openbook-prediction');
  if (!node) throw new Error('no prediction section');
  return node;
}

function details(root: ParentNode): HTMLDetailsElement {
  const node = root.querySelector('details');
  if (!(node instanceof HTMLDetailsElement)) throw new Error('no explanation');
  return node;
}

/** [label, value] of each figure. */
function figures(root: ParentNode): string[][] {
  return [...root.querySelectorAll('[part~="figure"]')].map((figure) => [text(figure, 'dt'), text(figure, 'dd')]);
}

/** Each paragraph of the explanation, whitespace collapsed. */
function paragraphs(root: ParentNode): string[] {
  return [...details(root).querySelectorAll('p')].map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim());
}

describe('<openbook-clv> prediction section', () => {
  expectSilentConsole();

  it('shows the predicted value, expected purchases, spend per purchase and chance of being active', async () => {
    const el = await widget('mei');
    const section = prediction(el);
    expect(section.getAttribute('part')).to.equal('section section-prediction');
    expect(text(section, 'h3')).to.equal('Your predicted value');
    expect(figures(section)).to.deep.equal([
      ['Predicted value, next 12 months', '$76.33'],
      ['Expected purchases', '2.7'],
      ['Expected spend per purchase', '$29.22'],
      ['Chance you are still an active customer', '76.5%'],
    ]);
    // The value section is the same as ever: 2869 × 4.34 × 3 = 37354.38 cents.
    expect(text(shadow(el).querySelector('openbook-value') as Element, '[part~="clv"] .amount')).to.equal('$373.54');
  });

  it('opens “How is this calculated?” from the keyboard and explains it in the customer’s own numbers', async () => {
    const el = await widget('mei');
    const panel = details(prediction(el));
    const summary = panel.querySelector('summary');
    if (!summary) throw new Error('no summary');
    expect(summary.textContent?.trim()).to.equal('How is this calculated?');
    expect(panel.open).to.equal(false);

    summary.focus();
    expect(shadow(el).activeElement).to.equal(summary);
    await sendKeys({ press: 'Enter' });
    expect(panel.open).to.equal(true);
    const shown = paragraphs(prediction(el));
    expect(shown).to.include(sentence);
    expect(shown).to.deep.equal([
      'We use two standard models from customer research: BG/NBD (Fader, Hardie & Lee, 2005) for how often ' +
        'customers buy and whether they keep buying, and gamma-gamma (Fader & Hardie, 2013) for how much they ' +
        'spend per purchase.',
      sentence,
      'From that, we expect 2.7 purchases from you over the next 12 months.',
      'predicted value = expected purchases × expected spend per purchase, each month discounted at 10% a year',
      'In your numbers: 2.7 × $29.22 = $80.23 over the next 12 months. Purchases further ahead count for less ' +
        'today: discounting each month at 10% a year brings this to $76.33.',
      'The expected spend per purchase blends your own average repeat purchase ($29.00) with the average of all ' +
        'customers ($35.17): the more you have bought, the more it follows your own. With 12 repeat purchases, ' +
        'yours counts for 96.5% and the average for 3.5%, which gives $29.22.',
      'Figures are rounded for display; the result is worked out from the exact numbers.',
      'Computed on May 31, 2025.',
      'Time is counted in weeks; γ is in the smallest unit of the currency (cents for dollars).',
    ]);
    // The summary is described by the section's heading, for those who move from summary to summary.
    expect(summary.getAttribute('aria-describedby')).to.equal('prediction-label');

    await sendKeys({ press: 'Space' });
    expect(panel.open).to.equal(false);
  });

  it('lists the fitted parameters in a table with headers', async () => {
    const el = await widget('mei');
    const table = prediction(el).querySelector('[part~="parameters"]');
    if (!table) throw new Error('no parameters table');
    expect(text(table, 'caption')).to.equal('Fitted parameters, the same for every customer of this shop');
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim())).to.deep.equal([
      'Parameter',
      'Value',
      'Describes',
    ]);
    const rows = [...table.querySelectorAll('tbody tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent?.trim()),
    );
    expect(rows).to.deep.equal([
      ['r', '0.2426', 'How often customers buy (BG/NBD)'],
      ['α', '4.414', 'How often customers buy (BG/NBD)'],
      ['a', '0.7929', 'How likely customers are to stop after a purchase (BG/NBD)'],
      ['b', '2.426', 'How likely customers are to stop after a purchase (BG/NBD)'],
      ['p', '6.25', 'How much customers spend per purchase (gamma-gamma)'],
      ['q', '3.744', 'How much customers spend per purchase (gamma-gamma)'],
      ['γ', '1,544', 'How much customers spend per purchase (gamma-gamma)'],
    ]);
    for (const header of table.querySelectorAll('tbody th')) expect(header.getAttribute('scope')).to.equal('row');
  });

  it('leaves out the chance of being active when the vendor does not show it, and still explains the rest', async () => {
    const el = await widget('mei-hidden-alive');
    const section = prediction(el);
    expect(figures(section).map(([label]) => label)).to.deep.equal([
      'Predicted value, next 12 months',
      'Expected purchases',
      'Expected spend per purchase',
    ]);
    const shown = paragraphs(section);
    expect(shown).to.include(
      'The model looks at how often you bought (12 repeat purchases in 156 weeks) and when you last bought (20 weeks ago).',
    );
    expect(shown.join(' ')).not.to.contain('of the time').and.not.to.contain('76.5');
  });

  for (const token of ['mei-unscored', 'ada']) {
    it(`shows a neutral note, not an error, before the vendor has scored its customers (${token}: prediction ${token === 'ada' ? 'absent' : 'null'})`, async () => {
      const el = await widget(token);
      const section = prediction(el);
      expect(stateOf(el)).to.equal('loaded');
      expect(text(section, '[part~="prediction-note"]')).to.equal(
        'Predictions appear once your vendor has scored its customers.',
      );
      expect(section.querySelector('[part~="figure"]')).to.equal(null);
      expect(section.querySelector('details')).to.equal(null);
      expect(shadow(el).querySelector('[role="alert"]')).to.equal(null);
      // The value section is unaffected: Ada's 2500 × 4.25 × 3 = 31875 cents, Mei's 2869 × 4.34 × 3 = 37354.
      const value = shadow(el).querySelector('openbook-value');
      if (!value) throw new Error('no value section');
      expect(text(value, '[part~="clv"] .amount')).to.equal(token === 'ada' ? '$318.75' : '$373.54');
      expect(value.querySelectorAll('[part~="figure"]')).to.have.length(4);
    });
  }

  it('exposes its parts to the host page’s ::part() rules', async () => {
    const style = document.createElement('style');
    style.textContent = `
      .prediction-parts::part(section-prediction) { margin-top: 11px; }
      .prediction-parts::part(parameters) { margin-bottom: 13px; }
    `;
    document.head.append(style);
    try {
      const el = await widget('mei');
      el.classList.add('prediction-parts');
      await el.updateComplete;
      const table = prediction(el).querySelector('[part~="parameters"]');
      if (!table) throw new Error('no parameters table');
      expect(getComputedStyle(prediction(el)).marginTop).to.equal('11px');
      expect(getComputedStyle(table).marginBottom).to.equal('13px');
    } finally {
      style.remove();
    }
  });
});

describe('<openbook-clv> prediction section in Chinese', () => {
  expectSilentConsole();

  // zh-CN and zh-TW write US dollars as "US$"; dates as 2025年5月31日.
  const cases = {
    'zh-CN': {
      title: '您的预测价值',
      figures: [
        ['未来 12 个月的预测价值', 'US$76.33'],
        ['预计购买次数', '2.7'],
        ['预计每次消费', 'US$29.22'],
        ['您仍是活跃客户的概率', '76.5%'],
      ],
      sentence: '和您购买频率相同（156 周内重复购买 12 次）、最近一次购买在 20 周前的客户，有 76.5% 仍是活跃客户。',
      computed: '计算于 2025年5月31日。',
      note: '商家为客户完成评分后，这里就会显示预测。',
    },
    'zh-TW': {
      title: '您的預測價值',
      figures: [
        ['未來 12 個月的預測價值', 'US$76.33'],
        ['預計購買次數', '2.7'],
        ['預計每次消費', 'US$29.22'],
        ['您仍是活躍客戶的機率', '76.5%'],
      ],
      sentence: '和您購買頻率相同（156 週內重複購買 12 次）、最近一次購買在 20 週前的客戶，有 76.5% 仍是活躍客戶。',
      computed: '計算於 2025年5月31日。',
      note: '商家為客戶完成評分後，這裡就會顯示預測。',
    },
  } as const;

  for (const [locale, expected] of Object.entries(cases)) {
    it(`renders the section and its explanation in ${locale}, with no English beyond the models’ and authors’ names`, async () => {
      const el = await widget('mei', { locale });
      const section = prediction(el);
      expect(text(section, 'h3')).to.equal(expected.title);
      expect(figures(section)).to.deep.equal(expected.figures);
      const panel = details(section);
      panel.open = true;
      const shown = paragraphs(section);
      expect(shown).to.include(expected.sentence);
      expect(shown).to.include(expected.computed);
      expect(shown.join('')).to.contain('US$29.00').and.contain('US$35.17').and.contain('96.5%').and.contain('3.5%');
      // Allowed Latin: the models, the papers' authors, the currency prefix and the parameters' one-letter symbols.
      const latin = (section.textContent ?? '')
        .replace(/BG\/NBD|Gamma-Gamma|Fader|Hardie|Lee|US\$/g, '')
        .match(/[A-Za-z]{2,}/g);
      expect(latin, locale).to.equal(null);
    });

    it(`shows the not-yet note in ${locale}`, async () => {
      const el = await widget('mei-unscored', { locale });
      expect(text(prediction(el), '[part~="prediction-note"]')).to.equal(expected.note);
    });
  }
});

describe('<openbook-prediction> on its own', () => {
  expectSilentConsole();

  it('shows the prediction in a card of its own, under its own heading', async () => {
    const el = await fixture<OpenbookPrediction>(
      html`<openbook-prediction api="/test-api/ok" token="mei" locale="en-US"></openbook-prediction>`,
    );
    await untilState(el, 'loaded');
    const root = shadow(el);
    expect(text(root, 'h2')).to.equal('Your predicted value');
    expect(root.querySelector('h3')).to.equal(null);
    expect(text(root, 'header')).to.contain('Figures as of June 1, 2025');
    expect(figures(root)[0]).to.deep.equal(['Predicted value, next 12 months', '$76.33']);
    expect(root.querySelector('[part~="clv"]')).to.equal(null);
    details(root).open = true;
    expect(paragraphs(root)).to.include(sentence);
    await expect(el).to.be.accessible();
  });

  it('shows the note in its card while there is no prediction, and “No orders yet” without orders', async () => {
    const unscored = await fixture<OpenbookPrediction>(
      html`<openbook-prediction api="/test-api/ok" token="mei-unscored" locale="en-US"></openbook-prediction>`,
    );
    await untilState(unscored, 'loaded');
    expect(text(shadow(unscored), '[part~="prediction-note"]')).to.equal(
      'Predictions appear once your vendor has scored its customers.',
    );
    await expect(unscored).to.be.accessible();

    const empty = await fixture<OpenbookPrediction>(
      html`<openbook-prediction api="/test-api/ok" token="empty"></openbook-prediction>`,
    );
    await untilState(empty, 'empty');
    expect(text(shadow(empty), '[part~="empty"]')).to.contain('No orders yet');
  });
});

describe('accessibility audit (axe) of the prediction section in both themes', () => {
  expectSilentConsole();

  for (const theme of ['light', 'dark']) {
    it(`with its explanation open, ${theme}`, async () => {
      const el = await widget('mei', { theme });
      details(prediction(el)).open = true;
      await expect(el).to.be.accessible();
    });

    it(`with its explanation open, standalone, ${theme}`, async () => {
      const el = await fixture<OpenbookPrediction>(
        html`<openbook-prediction api="/test-api/ok" token="mei" theme=${theme}></openbook-prediction>`,
      );
      await untilState(el, 'loaded');
      details(shadow(el)).open = true;
      await expect(el).to.be.accessible();
    });

    it(`with the not-yet note, ${theme}`, async () => {
      const el = await widget('mei-unscored', { theme });
      await expect(el).to.be.accessible();
    });
  }
});
