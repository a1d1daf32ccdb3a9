import { expect, fixture, html } from '@open-wc/testing';
import '../../openbook-clv.ts';
import type { OpenbookClv } from '../../openbook-clv.ts';
import { expectSilentConsole, shadow, text, untilState } from '../../test-helpers.ts';
import {
  barOf,
  latinLeft,
  lines,
  loyaltyWidget,
  nested,
  one,
  openAll,
  textOf,
  untilLoyaltyReady,
  vendorWords,
  working,
} from '../loyalty/loyalty-test-helpers.ts';
import type { OpenbookMilestones } from './openbook-milestones.ts';

// Expected strings are worked out by hand from the fixtures (real /v1/me answers of the demo on 2025-06-01,
// trimmed; see widget/test-fixtures/README.md).
//
// loyalty-member, 7 milestones of the default program, 3 reached:
//   reached: "Told us how we are doing" 2025-04-11 (+50 points), "First order" and "Three products adopted"
//     2025-03-10 (+100, +150): newest first, the two of the same day in the program's order
//   not reached, soonest projected date first:
//     "One year with us": tenure 0 of 1 year, fraction 0.22739... -> 22.7%, on the anniversary 2026-03-10
//     "10 orders": 4 of 10, fraction 0.4 -> 40%, at the customer's pace 2026-04-23
//     "Three years with us": 0 of 3 years, fraction 0.07573 -> 7.6%, on 2028-03-10
//   then, without a date, behind "1 more": "10,000 spent": 60389 of 1000000 cents -> "$603.89 of $10,000.00",
//     fraction 0.060389 -> 6%; on 2026-06-01 still 849347 -> "$8,493.47" short, 62 orders of 13705 -> "$137.05"
//   pace: 6.586 purchases in 12 months -> "6.6"
// loyalty-gold: 5 reached; "Three years with us" on 2026-04-04, "Told us how we are doing" (no date), nothing more.

function milestones(el: OpenbookClv): HTMLElement {
  return nested(el, 'openbook-milestones');
}

/** [name, sub-lines...] of each badge. */
function badges(root: ParentNode): string[][] {
  return [...root.querySelectorAll('[part~="badge"]')].map((badge) => lines(badge));
}

/** The next milestones shown at once (not those behind "N more milestones"). */
function closest(root: ParentNode): HTMLElement[] {
  return [...one(root, '[part~="next-milestones"]').querySelectorAll<HTMLElement>(':scope > [part~="milestone"]')];
}

describe('<openbook-clv> milestones section', () => {
  expectSilentConsole();

  it('shows the earned badges with the date each was reached, newest first', async () => {
    const el = await loyaltyWidget('loyalty-member');
    const section = milestones(el);
    expect(section.getAttribute('part')).to.equal('section section-milestones');
    expect(text(section, 'h3')).to.equal('Your milestones');
    expect(text(section, '[part~="milestones"] > p.sub')).to.equal('3 of 7 reached');
    expect(badges(section)).to.deep.equal([
      ['Told us how we are doing', 'Reached on April 11, 2025 · +50 points'],
      ['First order', 'Reached on March 10, 2025 · +100 points'],
      ['Three products adopted', 'Reached on March 10, 2025 · +150 points'],
    ]);
  });

  it('shows the closest next ones with progress bars and projected dates, the rest behind “1 more milestone”', async () => {
    const el = await loyaltyWidget('loyalty-member');
    const next = closest(milestones(el));
    expect(next.map((item) => lines(item))).to.deep.equal([
      ['One year with us', '0 of 1 year with us · +200 points', 'On March 10, 2026'],
      ['10 orders', '4 of 10 orders · +250 points', 'At your pace: April 23, 2026'],
      ['Three years with us', '0 of 3 years with us · +500 points', 'On March 10, 2028'],
    ]);
    expect(next.map((item) => barOf(one(item, '[role="progressbar"]')))).to.deep.equal([
      { role: 'progressbar', name: 'One year with us', min: '0', max: '100', now: '22.7', text: '0 of 1 year with us' },
      { role: 'progressbar', name: '10 orders', min: '0', max: '100', now: '40', text: '4 of 10 orders' },
      { role: 'progressbar', name: 'Three years with us', min: '0', max: '100', now: '7.6', text: '0 of 3 years with us' },
    ]);
    expect(working(next[1] as HTMLElement)).to.deep.equal([
      'The orders you kept; refunded orders do not count.',
      'Your pace: from how you have bought so far, the models of your predicted value expect 6.6 purchases from ' +
        'you in the next 12 months, of about $137.05 each.',
    ]);
    expect(working(next[0] as HTMLElement)).to.deep.equal(['Whole years since your first order.']);

    const more = one(milestones(el), 'details.more');
    expect(text(more, 'summary')).to.equal('1 more milestone');
    const spend = one(more, '[part~="milestone"]');
    expect(lines(spend)).to.deep.equal([
      '10,000 spent',
      '$603.89 of $10,000.00 spent · +500 points',
      'Not at your current pace: on June 1, 2026 you would still need $8,493.47 more. About 62 more orders of ' +
        'your usual size ($137.05) would close the gap.',
    ]);
    expect(barOf(one(spend, '[role="progressbar"]'))).to.include({ now: '6', text: '$603.89 of $10,000.00 spent' });
  });

  it('lists a milestone with nothing to project without a date, and no “more” when all fit', async () => {
    const el = await loyaltyWidget('loyalty-gold');
    expect(text(milestones(el), '[part~="milestones"] > p.sub')).to.equal('5 of 7 reached');
    expect(closest(milestones(el)).map((item) => lines(item))).to.deep.equal([
      ['Three years with us', '2 of 3 years with us · +500 points', 'On April 4, 2026'],
      ['Told us how we are doing', 'Not answered yet · +50 points'],
    ]);
    expect(milestones(el).querySelector('details.more')).to.equal(null);
  });

  for (const [locale, expected] of Object.entries({
    'zh-CN': {
      title: '您的里程碑',
      count: '已达成 3 个，共 7 个',
      badge: ['Told us how we are doing', '达成于 2025年4月11日 · +50 积分'],
      orders: ['10 orders', '已下 4 笔订单，目标 10 笔 · +250 积分', '按您的节奏，预计于 2026年4月23日 达成'],
      more: '还有 1 个里程碑',
    },
    'zh-TW': {
      title: '您的里程碑',
      count: '已達成 3 個，共 7 個',
      badge: ['Told us how we are doing', '達成於 2025年4月11日 · +50 點'],
      orders: ['10 orders', '已下 4 筆訂單，目標 10 筆 · +250 點', '依您的節奏，預估於 2026年4月23日 達成'],
      more: '還有 1 個里程碑',
    },
  })) {
    it(`renders the milestones in ${locale}, with no English beyond the vendor’s milestone names`, async () => {
      const el = await loyaltyWidget('loyalty-member', { locale });
      const section = milestones(el);
      expect(text(section, 'h3')).to.equal(expected.title);
      expect(text(section, '[part~="milestones"] > p.sub')).to.equal(expected.count);
      expect(badges(section)[0]).to.deep.equal(expected.badge);
      expect(lines(closest(section)[1] as HTMLElement)).to.deep.equal(expected.orders);
      expect(text(section, 'details.more > summary')).to.equal(expected.more);
      openAll(section);
      expect(latinLeft(textOf(section), await vendorWords('loyalty-member')), locale).to.deep.equal([]);
    });
  }
});

describe('<openbook-milestones> on its own', () => {
  expectSilentConsole();

  it('shows the milestones in a card of their own and shares the request of the other elements', async () => {
    const requests: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return realFetch(input, init);
    };
    try {
      const token = `loyalty-member.${crypto.randomUUID()}`;
      const wrapper = await fixture<HTMLElement>(html`
        <div>
          <openbook-milestones api="/test-api/ok" token=${token} locale="en-US"></openbook-milestones>
          <openbook-tier api="/test-api/ok" token=${token} locale="en-US"></openbook-tier>
        </div>
      `);
      const el = wrapper.querySelector('openbook-milestones') as OpenbookMilestones;
      await untilState(el, 'loaded');
      await untilLoyaltyReady(shadow(el));
      expect(text(shadow(el), 'h2')).to.equal('Your milestones');
      expect(text(shadow(el), '[part~="milestones"] > p.sub')).to.equal('3 of 7 reached');
      expect(requests.filter((url) => url.endsWith('/v1/me'))).to.have.length(1);
      openAll(shadow(el));
      await expect(el).to.be.accessible();
    } finally {
      window.fetch = realFetch;
    }
  });
});

describe('accessibility audit (axe) of the milestones section in both themes', () => {
  expectSilentConsole();

  for (const theme of ['light', 'dark']) {
    for (const token of ['loyalty-member', 'loyalty-gold']) {
      it(`${token}, everything open, ${theme}`, async () => {
        const el = await loyaltyWidget(token, { theme, sections: 'value,milestones' });
        openAll(shadow(el));
        await expect(el).to.be.accessible();
      });
    }
  }
});
