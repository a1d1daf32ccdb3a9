import { expect, fixture, html, waitUntil } from '@open-wc/testing';
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
import type { OpenbookTier } from './openbook-tier.ts';

// Every expected string is worked out by hand from the fixtures (real /v1/me answers of the demo on
// 2025-06-01, trimmed; see widget/test-fixtures/README.md), never with the widget's own formatters. Amounts of
// money are in cents.
//
// loyalty-grace (Silver, in grace, stage disclosed):
//   qualifying spend, rolling 12 months: 81985 -> "$819.85", from 2024-06-02 through 2025-06-01
//   Silver: atLeast = keepAtLeast = 100000 -> "$1,000.00"; since 2025-02-06
//   next Gold: atLeast 500000 -> "$5,000.00"; amountNeeded 500000 − 81985 = 418015 -> "$4,180.15"
//   not at pace: on 2026-06-01 still 427953 -> "$4,279.53" short; 52 orders of the expected 8355 -> "$83.55"
//   pace: 8.624 purchases in 12 months -> "8.6"
//   retention: fell below on 2025-03-05, grace 3 months -> kept through 2025-06-30, ends 2025-07-01, then Member;
//     value then 81985 (no order leaves the window before), to keep: 100000 − 81985 = 18015 -> "$180.15";
//     at the customer's pace 88202 -> "$882.02" on that day: not kept
//   points: 2397 earned, nothing used or expired -> "2,397 points"; 141 usable through 2025-06-30
//   stage: maturity; 81985 / 88526 = 0.926 -> "92.6%", between 0.8 and 1.2 -> "80%" and "120%"
// loyalty-gold (Gold, kept, stage not disclosed):
//   609434 -> "$6,094.34"; Platinum at 2000000 -> "$20,000.00", needed 1390566 -> "$13,905.66"
//   keeps Gold while at 400000 -> "$4,000.00"; with no new orders below it on 2025-09-18, kept through
//     2025-12-31 (3 months after September), then Silver from 2026-01-01; value then 256131 -> "$2,561.31",
//     to keep 400000 − 256131 = 143869 -> "$1,438.69"; at pace 509064 -> "$5,090.64": kept
//   points 12172 earned − 0 used − 772 expired = 11400
// loyalty-member (Member, the first tier): 60389 -> "$603.89" of Silver's 100000; needed 39611 -> "$396.11";
//   reaches Silver at the customer's pace on 2025-10-18
// loyalty-points (points earned over the lifetime decide; P(alive) hidden): 4422 points of Gold's 5000, 578
//   to go, reached 2025-11-24; Silver never expires; balance 3960 (462 expired)
// loyalty-override (Member's figures, Gold set by the vendor through 2025-08-31, reason "Launch partner"):
//   after it, Gold needs its atLeast: 500000 − 60389 = 439611 -> "$4,396.11"; at pace 87552 -> "$875.52"

function tier(el: OpenbookClv): HTMLElement {
  return nested(el, 'openbook-tier');
}

function block(el: OpenbookClv, part: string): HTMLElement {
  return one(tier(el), `[part~="${part}"]`);
}

/** The figure (list item) whose label is `label`. */
function figure(el: OpenbookClv, label: string): HTMLElement {
  const item = [...tier(el).querySelectorAll('[part~="figure"]')].find((node) => textOf(node.querySelector('h4') ?? node) === label);
  if (!(item instanceof HTMLElement)) throw new Error(`no figure labelled ${label}`);
  return item;
}

const pace83 =
  'Your pace: from how you have bought so far, the models of your predicted value expect 8.6 purchases from you in ' +
  'the next 12 months, of about $83.55 each. Orders older than 12 months stop counting as they leave the window.';

describe('<openbook-clv> tier section', () => {
  expectSilentConsole();

  it('shows the tier, since when, and the qualifying value with its period and rule', async () => {
    const el = await loyaltyWidget('loyalty-grace');
    expect(tier(el).getAttribute('part')).to.equal('section section-tier');
    expect(text(tier(el), 'h3')).to.equal('Your tier');
    expect(lines(block(el, 'tier-current'))).to.deep.equal(['Silver', 'Since February 6, 2025']);

    const qualifying = figure(el, 'Spend in the last 12 months');
    expect(lines(qualifying)).to.deep.equal(['$819.85', 'June 2, 2024 – June 1, 2025']);
    expect(working(qualifying)).to.deep.equal([
      'What you paid for the orders you kept (refunded orders do not count), from June 2, 2024 through June 1, 2025: ' +
        '$819.85. This is what decides your tier.',
      'Silver starts at $1,000.00 of spend in the last 12 months, and is kept while it stays there.',
    ]);
  });

  it('draws the progress to the next tier as a progressbar with its values and name, and gives the exact amount still needed', async () => {
    const el = await loyaltyWidget('loyalty-grace');
    const progress = block(el, 'tier-progress');
    const bar = one(progress, '[role="progressbar"]');
    expect(barOf(bar)).to.deep.equal({
      role: 'progressbar',
      name: 'Progress to Gold',
      min: '0',
      max: '500000',
      now: '81985',
      text: '$819.85 of $5,000.00',
    });
    // 81985 / 500000 = 16.4% of the bar: 164 of its 1000 units.
    expect(bar.querySelector('rect')?.getAttribute('width')).to.equal('164');
    expect(lines(progress)).to.deep.equal([
      '$819.85 of $5,000.00',
      '$4,180.15 more to reach Gold',
      'Not at your current pace: on June 1, 2026 you would still need $4,279.53 more for Gold. About 52 more ' +
        'orders of your usual size ($83.55) would close the gap.',
    ]);
    expect(working(progress)).to.deep.equal([
      'Gold starts at $5,000.00 of spend in the last 12 months: $5,000.00 − $819.85 = $4,180.15.',
      pace83,
    ]);
  });

  it('gives the date the next tier is reached at the customer’s pace', async () => {
    const el = await loyaltyWidget('loyalty-member');
    const progress = block(el, 'tier-progress');
    expect(barOf(one(progress, '[role="progressbar"]'))).to.include({ max: '100000', now: '60389', text: '$603.89 of $1,000.00' });
    expect(lines(progress)).to.deep.equal([
      '$603.89 of $1,000.00',
      '$396.11 more to reach Silver',
      'At your pace you reach Silver on October 18, 2025.',
    ]);
    // The first tier has nothing to keep: no block about it.
    expect(tier(el).querySelector('[part~="tier-keep"]')).to.equal(null);
  });

  it('in grace: what to add by when to keep the tier, when it ends, and whether the customer’s pace keeps it', async () => {
    const el = await loyaltyWidget('loyalty-grace');
    const keep = block(el, 'tier-keep');
    expect(text(keep, 'h4')).to.equal('Keeping Silver');
    expect(lines(keep)).to.deep.equal([
      'Since March 5, 2025 your spend in the last 12 months is below the $1,000.00 that keeps Silver. ' +
        'Spend $180.15 more by June 30, 2025 to keep it.',
      'With no new orders, Silver ends on July 1, 2025 and you move to Member.',
      'Not at your current pace: we expect $882.02 on June 30, 2025.',
    ]);
    expect(working(keep)).to.deep.equal([
      'Silver is kept while your spend in the last 12 months stays at $1,000.00 or more. It went below that on ' +
        'March 5, 2025; you keep Silver for the rest of that month and 3 months more, through June 30, 2025. ' +
        'On June 30, 2025 it would be $819.85 with no new orders: $1,000.00 − $819.85 = $180.15.',
      pace83,
    ]);
  });

  it('kept: the amount needed before the review date, and when the tier expires with no new orders', async () => {
    const el = await loyaltyWidget('loyalty-gold');
    const keep = block(el, 'tier-keep');
    expect(lines(keep)).to.deep.equal([
      'Spend $1,438.69 more by December 31, 2025 to keep Gold.',
      'With no new orders, Gold ends on January 1, 2026 and you move to Silver.',
      'At your pace you keep it: we expect $5,090.64 on December 31, 2025.',
    ]);
    expect(working(keep)[0]).to.equal(
      'Gold is kept while your spend in the last 12 months stays at $4,000.00 or more. As older orders leave the ' +
        'window, with no new orders it would go below that on September 18, 2025; you would keep Gold for the rest ' +
        'of that month and 3 months more, through December 31, 2025. On December 31, 2025 it would be $2,561.31 ' +
        'with no new orders: $4,000.00 − $2,561.31 = $1,438.69.',
    );
    expect(lines(block(el, 'tier-progress')).slice(0, 2)).to.deep.equal([
      '$6,094.34 of $20,000.00',
      '$13,905.66 more to reach Platinum',
    ]);
  });

  it('a tier set by the vendor: until when, what the customer’s own figures give, and never the vendor’s note', async () => {
    const el = await loyaltyWidget('loyalty-override');
    expect(lines(block(el, 'tier-current'))).to.deep.equal(['Gold', 'Set for you through August 31, 2025']);
    const keep = block(el, 'tier-keep');
    expect(lines(keep)).to.deep.equal([
      'Your vendor has set your tier to Gold through August 31, 2025. After that your own figures decide: ' +
        'spend $4,396.11 more by August 31, 2025 to keep it.',
      'With no new orders, Gold ends on September 1, 2025 and you move to Member.',
      'Not at your current pace: we expect $875.52 on August 31, 2025.',
    ]);
    expect(working(figure(el, 'Spend in the last 12 months'))).to.include(
      'Your own figures give Member; they decide again from September 1, 2025.',
    );
    openAll(tier(el));
    expect(textOf(tier(el))).not.to.contain('Launch partner');
  });

  it('lists the benefits of the current and the next tier', async () => {
    const el = await loyaltyWidget('loyalty-grace');
    const groups = [...block(el, 'benefits').querySelectorAll('[role="group"]')].map((group) => [
      text(group, 'h4'),
      ...[...group.querySelectorAll('li')].map(textOf),
    ]);
    expect(groups).to.deep.equal([
      ['Your Silver benefits', '5% volume discount', 'Free shipping on repeat orders'],
      ['With Gold', '10% volume discount', 'Webinars and early releases'],
    ]);
  });

  it('keeps the points balance apart from the tier, and says points do not count towards it', async () => {
    const el = await loyaltyWidget('loyalty-grace');
    const points = block(el, 'points');
    expect(text(points, 'h4')).to.equal('Points to spend');
    expect(lines(points)).to.deep.equal([
      '2,397 points',
      'Points are for rewards. They do not count towards your tier, so using them never costs you your tier.',
      'Next to expire: 141 points, usable through June 30, 2025.',
    ]);
    expect(working(points)).to.deep.equal([
      '2,397 points earned − 0 points used − 0 points expired = 2,397 points.',
      'You earn 1 point for every $1.00 of each order you keep (rounded down per order), and the points of the ' +
        'milestones you reach.',
      'Points can be used for the rest of the month you earn them and 24 months more.',
    ]);
    // A box of its own, not inside the tier's progress, and drawn differently (dashed) from the tier.
    expect(points.closest('[part~="tier-progress"], [part~="tier-current"]')).to.equal(null);
    expect(getComputedStyle(points).borderTopStyle).to.equal('dashed');
    expect(getComputedStyle(block(el, 'tier-current')).borderTopStyle).to.equal('solid');

    const gold = await loyaltyWidget('loyalty-gold');
    expect(working(block(gold, 'points'))[0]).to.equal('12,172 points earned − 0 points used − 772 points expired = 11,400 points.');
  });

  it('when points earned decide the tier: the points that count, not the balance, and a tier that never expires', async () => {
    const el = await loyaltyWidget('loyalty-points');
    const qualifying = figure(el, 'Lifetime points earned');
    expect(lines(qualifying)).to.deep.equal(['4,422 points']);
    const progress = block(el, 'tier-progress');
    expect(barOf(one(progress, '[role="progressbar"]'))).to.deep.equal({
      role: 'progressbar',
      name: 'Progress to Gold',
      min: '0',
      max: '5000',
      now: '4422',
      text: '4,422 points of 5,000 points',
    });
    expect(lines(progress)).to.deep.equal([
      '4,422 points of 5,000 points',
      '578 points more to reach Gold',
      'At your pace you reach Gold on November 24, 2025.',
    ]);
    expect(working(progress)[0]).to.equal('Gold starts at 5,000 points earned in total: 5,000 points − 4,422 points = 578 points.');
    expect(lines(block(el, 'tier-keep'))).to.deep.equal(['You keep Silver for good: your lifetime points earned cannot go down.']);
    expect(lines(block(el, 'points')).slice(0, 2)).to.deep.equal([
      '3,960 points',
      'Your tier counts the points you have earned (4,422 points), not this balance: using points never lowers your tier.',
    ]);
  });
});

describe('<openbook-clv> tier section: the lifecycle stage, only when disclosed', () => {
  expectSilentConsole();

  it('shows the stage and the rule that put the customer there when the vendor discloses it', async () => {
    const el = await loyaltyWidget('loyalty-member-stage');
    const stage = block(el, 'stage');
    expect(text(stage, 'h4')).to.equal('Your stage');
    expect(lines(stage)).to.deep.equal([
      'New customer',
      'Your first order was 83 days ago: your first 90 days with us count as your start.',
    ]);
    expect(working(stage)).to.have.length(1);

    const grace = await loyaltyWidget('loyalty-grace');
    expect(lines(block(grace, 'stage'))).to.deep.equal([
      'Steady',
      'Your spend in the last 12 months ($819.85) is 92.6% of the 12 months before ($885.26); between 80% and ' +
        '120% counts as steady.',
    ]);
    // P(alive) hidden: the stage still shows, by the trend of spend (181094 / 155870 = 1.162).
    const points = await loyaltyWidget('loyalty-points');
    expect(lines(block(points, 'stage'))[1]).to.equal(
      'Your spend in the last 12 months ($1,810.94) is 116.2% of the 12 months before ($1,558.70); between 80% and ' +
        '120% counts as steady.',
    );
  });

  it('shows no stage, and no trace of one, when the payload has none (the same customer, not disclosed)', async () => {
    const el = await loyaltyWidget('loyalty-member');
    expect(tier(el).querySelector('[part~="stage"]')).to.equal(null);
    openAll(tier(el));
    expect(textOf(tier(el))).not.to.contain('stage').and.not.to.contain('New customer');
    expect(tier(el).querySelectorAll('[part~="figure"]')).to.have.length(1);
  });
});

describe('the loyalty sections without a loyalty program', () => {
  expectSilentConsole();

  it('are left out of the default sections, with no error and no empty box', async () => {
    const el = await fixture<OpenbookClv>(html`<openbook-clv api="/test-api/ok" token="ada" locale="en-US"></openbook-clv>`);
    await untilState(el, 'loaded');
    const shown = [...shadow(el).querySelectorAll('.sections > *')].map((node) => node.localName);
    expect(shown).to.include.members(['openbook-value', 'openbook-prediction', 'openbook-history']);
    expect(shown).not.to.include.any.members(['openbook-tier', 'openbook-milestones', 'openbook-rewards']);
    expect(shadow(el).querySelector('[role="alert"], section.loyalty')).to.equal(null);
  });

  it('draw no card at all when they are all the widget was asked to show', async () => {
    const el = await fixture<OpenbookClv>(
      html`<openbook-clv api="/test-api/ok" token="ada" sections="tier,milestones,rewards"></openbook-clv>`,
    );
    // No card, so no data-state to wait on: the element's own state says the figures are in.
    await waitUntil(() => el.state === 'loaded', 'the figures did not arrive');
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="card"]')).to.equal(null);
    expect(el.getBoundingClientRect().height).to.equal(0);
  });

  for (const tag of ['openbook-tier', 'openbook-milestones', 'openbook-rewards'] as const) {
    for (const token of ['ada', 'empty']) {
      it(`<${tag}> on its own draws nothing for a customer without one (${token})`, async () => {
        const el = document.createElement(tag);
        el.setAttribute('api', '/test-api/ok');
        el.setAttribute('token', token);
        document.body.append(el);
        try {
          await waitUntil(() => el.state === (token === 'empty' ? 'empty' : 'loaded'), 'the figures did not arrive');
          await el.updateComplete;
          expect(shadow(el).querySelector('[part~="card"]')).to.equal(null);
          expect(el.getBoundingClientRect().height).to.equal(0);
        } finally {
          el.remove();
        }
      });
    }
  }
});

describe('<openbook-clv> tier section in Chinese', () => {
  expectSilentConsole();

  // zh-CN and zh-TW write US dollars as "US$" and dates as 2025年12月31日.
  const cases = {
    'zh-CN': {
      title: '您的会员等级',
      current: ['Gold', '自 2024年10月24日 起'],
      label: '近 12 个月的消费',
      bar: { name: '升至 Platinum 的进度', text: 'US$6,094.34（目标 US$20,000.00）' },
      needed: '还差 US$13,905.66 即可升至 Platinum',
      keep: '在 2025年12月31日 前再消费 US$1,438.69，即可保持 Gold。',
      ends: '如果不再下单，Gold 将于 2026年1月1日 到期，届时您将调整为 Silver。',
      points: '11,400 积分',
    },
    'zh-TW': {
      title: '您的會員等級',
      current: ['Gold', '自 2024年10月24日 起'],
      label: '近 12 個月的消費',
      bar: { name: '升上 Platinum 的進度', text: 'US$6,094.34（目標 US$20,000.00）' },
      needed: '還差 US$13,905.66 即可升上 Platinum',
      keep: '在 2025年12月31日 前再消費 US$1,438.69，即可維持 Gold。',
      ends: '如果不再下單，Gold 將於 2026年1月1日 到期，屆時您將調整為 Silver。',
      points: '11,400 點',
    },
  } as const;

  for (const [locale, expected] of Object.entries(cases)) {
    it(`renders the tier card in ${locale}, with no English beyond the vendor’s own words`, async () => {
      const el = await loyaltyWidget('loyalty-gold', { locale });
      expect(text(tier(el), 'h3')).to.equal(expected.title);
      expect(lines(block(el, 'tier-current'))).to.deep.equal([...expected.current]);
      expect(text(tier(el), '[part~="figure"] h4')).to.equal(expected.label);
      expect(barOf(one(tier(el), '[role="progressbar"]'))).to.include(expected.bar);
      expect(lines(block(el, 'tier-progress'))[1]).to.equal(expected.needed);
      expect(lines(block(el, 'tier-keep')).slice(0, 2)).to.deep.equal([expected.keep, expected.ends]);
      expect(lines(block(el, 'points'))[0]).to.equal(expected.points);
      openAll(tier(el));
      expect(latinLeft(textOf(tier(el)), await vendorWords('loyalty-gold')), locale).to.deep.equal([]);
    });

    it(`explains grace and the stage in ${locale} without English`, async () => {
      const el = await loyaltyWidget('loyalty-grace', { locale });
      openAll(tier(el));
      expect(latinLeft(textOf(tier(el)), await vendorWords('loyalty-grace')), locale).to.deep.equal([]);
      expect(lines(block(el, 'stage'))[0]).to.equal(locale === 'zh-CN' ? '稳定' : '穩定');
    });
  }
});

describe('<openbook-tier> on its own', () => {
  expectSilentConsole();

  it('shows the tier card in a card of its own, under its own heading, with sub-headings one level down', async () => {
    const el = await fixture<OpenbookTier>(
      html`<openbook-tier api="/test-api/ok" token="loyalty-gold" locale="en-US"></openbook-tier>`,
    );
    await untilState(el, 'loaded');
    await untilLoyaltyReady(shadow(el));
    await el.updateComplete;
    const root = shadow(el);
    expect(text(root, 'h2')).to.equal('Your tier');
    expect(root.querySelector('h4')).to.equal(null);
    expect(text(root, '[part~="figure"] h3')).to.equal('Spend in the last 12 months');
    expect(text(root, 'header')).to.contain('Figures as of June 1, 2025');
    expect(lines(one(root, '[part~="tier-current"]'))[0]).to.equal('Gold');
    openAll(root);
    await expect(el).to.be.accessible();
  });

  it('treats vendor names and benefits as text, never as markup', async () => {
    const el = await loyaltyWidget('loyalty-xss', { sections: 'tier,milestones,rewards' });
    openAll(shadow(el));
    expect(shadow(el).querySelectorAll('img, script')).to.have.length(0);
    expect(lines(block(el, 'tier-current'))[0]).to.equal(
      '<img src=x onerror="window.__loyaltyXss=1">Gold<script>window.__loyaltyXss=1</script>',
    );
    expect((window as { __loyaltyXss?: number }).__loyaltyXss).to.equal(undefined);
  });

  it('exposes its parts to the host page’s ::part() rules', async () => {
    const style = document.createElement('style');
    style.textContent = `
      .tier-parts::part(tier-current) { border-top-width: 7px; }
      .tier-parts::part(progress-bar) { margin-top: 9px; }
      .tier-parts::part(points) { padding-top: 5px; }
    `;
    document.head.append(style);
    try {
      const el = await loyaltyWidget('loyalty-grace');
      el.classList.add('tier-parts');
      await el.updateComplete;
      expect(getComputedStyle(block(el, 'tier-current')).borderTopWidth).to.equal('7px');
      expect(getComputedStyle(one(tier(el), '[part~="progress-bar"]')).marginTop).to.equal('9px');
      expect(getComputedStyle(block(el, 'points')).paddingTop).to.equal('5px');
    } finally {
      style.remove();
    }
  });
});

describe('accessibility audit (axe) of the tier section in both themes', () => {
  expectSilentConsole();

  for (const theme of ['light', 'dark']) {
    for (const token of ['loyalty-grace', 'loyalty-gold', 'loyalty-override', 'loyalty-points', 'loyalty-member-stage']) {
      it(`${token}, every explanation open, ${theme}`, async () => {
        const el = await loyaltyWidget(token, { theme, sections: 'value,tier' });
        openAll(shadow(el));
        await expect(el).to.be.accessible();
      });
    }

    it(`standalone, ${theme}`, async () => {
      const el = await fixture<OpenbookTier>(
        html`<openbook-tier api="/test-api/ok" token="loyalty-grace" theme=${theme}></openbook-tier>`,
      );
      await untilState(el, 'loaded');
      await untilLoyaltyReady(shadow(el));
      openAll(shadow(el));
      await expect(el).to.be.accessible();
    });
  }
});
