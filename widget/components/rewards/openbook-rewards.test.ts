import { expect, fixture, html } from '@open-wc/testing';
import '../../openbook-clv.ts';
import type { OpenbookClv } from '../../openbook-clv.ts';
import { expectSilentConsole, shadow, text, untilState } from '../../test-helpers.ts';
import {
  latinLeft,
  lines,
  loyaltyWidget,
  nested,
  one,
  textOf,
  untilLoyaltyReady,
  vendorWords,
} from '../loyalty/loyalty-test-helpers.ts';
import type { OpenbookRewards } from './openbook-rewards.ts';

// Expected strings are worked out by hand from the fixtures (real /v1/me answers of the demo on 2025-06-01,
// trimmed; see widget/test-fixtures/README.md). The default program's rewards:
// loyalty-member (Member, 60389 cents of spend in 12 months, 901 points): nothing usable yet; Silver's rewards
//   need 100000 − 60389 = 39611 -> "$396.11", Gold's 500000 − 60389 = 439611 -> "$4,396.11", Platinum's
//   2000000 − 60389 = 1939611 -> "$19,396.11"; the cashback also 2000000 of spend in 12 months, the same amount
//   to go; the voucher costs 2500 points, 2500 − 901 = 1599 to go
// loyalty-gold (Gold, 11400 points): Silver's and Gold's rewards in use, the voucher for 2500 points; Platinum's
//   locked, 2000000 − 609434 = 1390566 -> "$13,905.66"

function rewards(el: OpenbookClv): HTMLElement {
  return nested(el, 'openbook-rewards');
}

/** [name, sub-lines..., status, "Unlocks with:", conditions...] of each reward in a list. */
function listed(root: ParentNode, part: 'rewards-now' | 'rewards-next'): string[][] {
  return [...one(root, `[part~="${part}"]`).querySelectorAll('[part~="reward"]')].map((reward) => [
    ...lines(reward),
    ...[...reward.querySelectorAll('.missing li')].map(textOf),
  ]);
}

describe('<openbook-clv> rewards section', () => {
  expectSilentConsole();

  it('shows what can be used now and what unlocks next, with what unlocks each', async () => {
    const el = await loyaltyWidget('loyalty-gold');
    const section = rewards(el);
    expect(section.getAttribute('part')).to.equal('section section-rewards');
    expect(text(section, 'h3')).to.equal('Your rewards');
    expect([...section.querySelectorAll('h4')].map(textOf)).to.deep.equal(['Yours now', 'Unlocks next']);
    expect(listed(section, 'rewards-now')).to.deep.equal([
      ['5% volume discount', '5% off your orders', 'With your tier'],
      // The terms say no more than the name: left out.
      ['Free shipping on repeat orders', 'With your tier'],
      ['10% volume discount', '10% off your orders', 'With your tier'],
      ['Webinars and early releases', 'Access to webinars and early releases', 'With your tier'],
      ['Voucher worth 25', 'Take 25 off an order', 'Yours for 2,500 points'],
    ]);
    expect(listed(section, 'rewards-next')).to.deep.equal([
      ['15% volume discount', '15% off your orders', 'Unlocks with:', 'Platinum: $13,905.66 to go'],
      ['Priority support queue', 'Your requests go to the priority support queue', 'Unlocks with:', 'Platinum: $13,905.66 to go'],
      [
        '2% cashback',
        '2% back on what you spend',
        'Unlocks with:',
        'Platinum: $13,905.66 to go',
        '$20,000.00 of spend in 12 months: $13,905.66 to go',
      ],
    ]);
  });

  it('says nothing is usable yet, and what the points still miss', async () => {
    const el = await loyaltyWidget('loyalty-member');
    const section = rewards(el);
    expect(section.querySelector('[part~="rewards-now"]')).to.equal(null);
    expect(text(section, 'h4 + p')).to.equal('None yet: see below what unlocks them.');
    const next = listed(section, 'rewards-next');
    expect(next).to.have.length(8);
    expect(next[0]).to.deep.equal(['5% volume discount', '5% off your orders', 'Unlocks with:', 'Silver: $396.11 to go']);
    expect(next[2]).to.deep.equal(['10% volume discount', '10% off your orders', 'Unlocks with:', 'Gold: $4,396.11 to go']);
    expect(next[7]).to.deep.equal([
      'Voucher worth 25',
      'Take 25 off an order',
      'Costs 2,500 points',
      'Unlocks with:',
      '2,500 points: you have 901 points, 1,599 points to go',
    ]);
  });

  for (const [locale, expected] of Object.entries({
    'zh-CN': {
      titles: ['现在可用', '即将解锁'],
      discount: ['5% volume discount', '订单可减 5%', '随会员等级享有'],
      access: ['Webinars and early releases', '专享：webinars和early releases', '随会员等级享有'],
      voucher: ['Voucher worth 25', 'Take 25 off an order', '可用 2,500 积分 兑换'],
      cashback: ['2% cashback', '消费返现 2%', '解锁条件：', 'Platinum：还差 US$13,905.66', '12 个月内消费满 US$20,000.00：还差 US$13,905.66'],
    },
    'zh-TW': {
      titles: ['現在可用', '即將解鎖'],
      discount: ['5% volume discount', '訂單可折抵 5%', '隨會員等級享有'],
      access: ['Webinars and early releases', '專屬參與：webinars和early releases', '隨會員等級享有'],
      voucher: ['Voucher worth 25', 'Take 25 off an order', '可用 2,500 點 兌換'],
      cashback: ['2% cashback', '消費現金回饋 2%', '解鎖條件：', 'Platinum：還差 US$13,905.66', '12 個月內消費滿 US$20,000.00：還差 US$13,905.66'],
    },
  })) {
    it(`renders the rewards in ${locale}, with no English beyond the vendor’s reward names`, async () => {
      const el = await loyaltyWidget('loyalty-gold', { locale });
      const section = rewards(el);
      expect([...section.querySelectorAll('h4')].map(textOf)).to.deep.equal(expected.titles);
      const now = listed(section, 'rewards-now');
      expect(now[0]).to.deep.equal(expected.discount);
      expect(now[3]).to.deep.equal(expected.access);
      expect(now[4]).to.deep.equal(expected.voucher);
      expect(listed(section, 'rewards-next')[2]).to.deep.equal(expected.cashback);
      expect(latinLeft(textOf(section), await vendorWords('loyalty-gold')), locale).to.deep.equal([]);
    });
  }
});

describe('<openbook-rewards> on its own', () => {
  expectSilentConsole();

  it('shows the rewards in a card of their own', async () => {
    const el = await fixture<OpenbookRewards>(
      html`<openbook-rewards api="/test-api/ok" token="loyalty-gold" locale="en-US"></openbook-rewards>`,
    );
    await untilState(el, 'loaded');
    await untilLoyaltyReady(shadow(el));
    expect(text(shadow(el), 'h2')).to.equal('Your rewards');
    expect([...shadow(el).querySelectorAll('[part~="rewards"] h3')].map(textOf)).to.deep.equal(['Yours now', 'Unlocks next']);
    await expect(el).to.be.accessible();
  });
});

describe('accessibility audit (axe) of the rewards section in both themes', () => {
  expectSilentConsole();

  for (const theme of ['light', 'dark']) {
    for (const token of ['loyalty-member', 'loyalty-gold']) {
      it(`${token}, ${theme}`, async () => {
        const el = await loyaltyWidget(token, { theme, sections: 'value,rewards' });
        await expect(el).to.be.accessible();
      });
    }
  }
});
