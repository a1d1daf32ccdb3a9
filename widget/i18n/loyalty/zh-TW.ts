/**
 * Traditional Chinese messages of the loyalty sections, in the usage of Taiwan (點數, 資料, 維持等級).
 * Chinese has no grammatical plural: a count is its number followed by a measure word (筆, 種, 個, 天), so
 * only `Count.text` is used. Tier, benefit, milestone and reward names are the vendor's own words and arrive
 * as they are.
 */
import type { LoyaltyMessages, MetricValue, Qualification, QualifyingMetric, StageFacts } from './en.ts';

const amount = ({ metric, count }: MetricValue): string =>
  metric === 'spend' ? count.text : metric === 'orders' ? `${count.text} 筆訂單` : `${count.text} 點`;

/** "近 12 個月的消費", "累計訂單數". */
const what = ({ metric, window }: Qualification): string => {
  if (window === 'lifetime') return metric === 'spend' ? '累計消費' : metric === 'orders' ? '累計訂單數' : '累計獲得的點數';
  return metric === 'spend' ? '近 12 個月的消費' : metric === 'orders' ? '近 12 個月的訂單數' : '近 12 個月獲得的點數';
};

/** "再消費 US$180.15", "再下 2 筆訂單", "再獲得 500 點". */
const addMore = (metric: QualifyingMetric, amountText: string): string =>
  metric === 'spend' ? `再消費 ${amountText}` : metric === 'orders' ? `再下 ${amountText}` : `再獲得 ${amountText}`;

const grace = (months: string, value: number): string =>
  value === 0 ? '在當月月底前' : `在該月之後第 ${months} 個月的月底前`;

const spendTrend = (f: StageFacts): string =>
  `您近 12 個月的消費（${f.spendLast12Months}）是之前 12 個月（${f.spendPrevious12Months}）的 ${f.trend}`;

const paceUnavailable = '商家為客戶完成評分後，這裡就會顯示依您的節奏預估的日期。';

export const loyaltyZhTW: LoyaltyMessages = {
  lang: 'zh-TW',

  amount,
  points: (n) => `${n.text} 點`,
  period: (from, through) => `${from} 至 ${through}`,

  tier: {
    since: (date) => `自 ${date} 起`,
    setUntil: (date) => `由商家為您設定，有效期限至 ${date}`,
    qualifyingLabel: (q) => what(q),
    qualifyingExplain: ({ metric, window, value, from, through }) => {
      const counted =
        metric === 'spend'
          ? '您保留的訂單所支付的金額（已退款的訂單不計入）'
          : metric === 'orders'
            ? '您保留的訂單數（已退款的訂單不計入）'
            : '您透過訂單和里程碑獲得的點數（使用點數不會減少這個數字）';
      const when = window === 'lifetime' && !from ? `截至 ${through}` : `${from ?? through} 至 ${through}`;
      return `${when}，${counted}為 ${value}。您的會員等級就由這個數值決定。`;
    },
    rule: ({ tier, atLeast, keepAtLeast, first, ...q }) =>
      first
        ? `${tier} 是入門等級，每位客戶都有。`
        : atLeast === keepAtLeast
          ? `${what(q)}達到 ${atLeast} 即可升上 ${tier}，維持在這個水準就能保有等級。`
          : `${what(q)}達到 ${atLeast} 即可升上 ${tier}，不低於 ${keepAtLeast} 就能保有等級。`,
    computed: ({ tier, from }) => `依您自己的資料，您的等級是 ${tier}；從 ${from} 起，將重新由您的資料決定。`,
    progressLabel: (tier) => `升上 ${tier} 的進度`,
    progressValue: ({ value, target }) => `${value}（目標 ${target}）`,
    needed: ({ amount: a, tier }) => `還差 ${a} 即可升上 ${tier}`,
    alreadyThere: (tier) => `您的資料已達到 ${tier} 的標準。`,
    neededExplain: ({ tier, target, value, amount: a, ...q }) =>
      `${what(q)}達到 ${target} 即可升上 ${tier}：${target} − ${value} = ${a}。`,
    top: (tier) => `${tier} 是最高等級。`,
    reaches: ({ tier, date }) => `依您目前的節奏，您將於 ${date} 升上 ${tier}。`,
    notAtPace: ({ tier, date, amount: a, orders, perOrder }) =>
      `依您目前的節奏暫時還達不到：到 ${date}，距離 ${tier} 仍差 ${a}。` +
      (orders && perOrder ? `大約再下 ${orders.text} 筆與平常金額相當的訂單（每筆約 ${perOrder}），就能補上這個差距。` : ''),
    paceUnavailable,
    paceExplain: ({ purchases, spend, window }) =>
      `您的節奏：根據您以往的購買情況，預測價值所用的模型預估您在未來 12 個月內會購買 ${purchases} 次，每次約 ${spend}。` +
      (window === 'lifetime' ? '' : '超過 12 個月的訂單會移出計算期間，不再計入。'),
    keepTitle: (tier) => `維持 ${tier} 等級`,
    keepBase: (tier) => `${tier} 是入門等級，不需要維持。`,
    keepForever: ({ tier, ...q }) => `您將一直保有 ${tier}：${what(q)}只增不減。`,
    keep: ({ tier, metric, amountToKeep, amountToKeepIsZero, keptThrough }) =>
      amountToKeepIsZero
        ? `您將保有 ${tier} 至 ${keptThrough}。`
        : `在 ${keptThrough} 前${addMore(metric, amountToKeep)}，即可維持 ${tier}。`,
    grace: ({ tier, keepAtLeast, fellBelowOn, amountToKeep, keptThrough, ...q }) =>
      `自 ${fellBelowOn} 起，您的${what(q)}已低於維持 ${tier} 所需的 ${keepAtLeast}。` +
      `在 ${keptThrough} 前${addMore(q.metric, amountToKeep)}，即可維持等級。`,
    override: ({ tier, metric, endsOn, amountToKeep, amountToKeepIsZero }) =>
      `商家已將您的等級設為 ${tier}，有效期限至 ${endsOn}。` +
      (amountToKeepIsZero
        ? '之後，您自己的資料也足以維持這個等級。'
        : `之後將由您自己的資料決定：在 ${endsOn} 前${addMore(metric, amountToKeep)}，即可維持等級。`),
    ends: ({ tier, expiresOn, tierAfter }) => `如果不再下單，${tier} 將於 ${expiresOn} 到期，屆時您將調整為 ${tierAfter}。`,
    keepsAtPace: ({ value, date }) => `依您目前的節奏可以維持：預估到 ${date} 為 ${value}。`,
    losesAtPace: ({ value, date }) => `依您目前的節奏暫時無法維持：預估到 ${date} 為 ${value}。`,
    keepExplain: ({ tier, keepAtLeast, graceMonths, fallsBelowOn, keptThrough, valueThen, amountToKeep, inGrace, ...q }) =>
      `${what(q)}不低於 ${keepAtLeast}，即可維持 ${tier}。` +
      (fallsBelowOn
        ? inGrace
          ? `它在 ${fallsBelowOn} 降到了這個標準以下；您可以${grace(graceMonths.text, graceMonths.value)}繼續保有 ${tier}，` +
            `也就是到 ${keptThrough} 為止。`
          : `隨著較早的訂單移出計算期間，如果不再下單，它將在 ${fallsBelowOn} 降到這個標準以下；` +
            `您仍可${grace(graceMonths.text, graceMonths.value)}繼續保有 ${tier}，也就是到 ${keptThrough} 為止。`
        : '') +
      `如果不再下單，到 ${keptThrough} 時它將是 ${valueThen}：${keepAtLeast} − ${valueThen} = ${amountToKeep}。`,
    benefitsTitle: (tier) => `您的 ${tier} 權益`,
    nextBenefitsTitle: (tier) => `升上 ${tier} 後`,
    noBenefits: '目前沒有列出的權益。',
  },

  pointsBlock: {
    label: '可用點數',
    separate: ({ countsEarned, earned }) =>
      countsEarned
        ? `您的會員等級依您獲得的點數（${earned}）計算，而不是這裡的餘額：使用點數絕不會降低您的等級。`
        : '點數用來兌換獎勵，不計入會員等級，所以使用點數不會影響您的等級。',
    expiring: ({ points, date }) => `即將到期：${points}，可使用至 ${date}。`,
    explain: ({ earned, redeemed, expired, balance, perUnit, currencyUnit, expiryMonths }) => [
      `已獲得 ${earned} − 已使用 ${redeemed} − 已過期 ${expired} = ${balance}。`,
      `您保留的訂單每 ${currencyUnit} 可獲得 ${perUnit.text} 點（每筆訂單無條件捨去），達成里程碑還可獲得相應的點數。`,
      expiryMonths ? `點數可使用至獲得當月之後第 ${expiryMonths.text} 個月的月底。` : '點數永不過期。',
    ],
  },

  stage: {
    label: '您的客戶階段',
    name: (stage) =>
      ({
        acquisition: '新客戶',
        growth: '成長中',
        maturity: '穩定',
        maintenance: '消費減少',
        'churn-risk': '有流失風險',
        lapsed: '不活躍',
        'won-back': '歡迎回來',
      })[stage],
    rule: (rule, f) => {
      const t = f.thresholds;
      switch (rule) {
        case 'no-orders-yet':
          return '您還沒有下過訂單。';
        case 'lapsed-probability-alive':
          return f.probabilityAlive
            ? `和您購買情況相似的客戶中，有 ${f.probabilityAlive} 仍在購買；低於 ${t.lapsedBelowProbabilityAlive} 時，我們將客戶視為不活躍。`
            : '根據您購買的頻率和最近一次購買的時間，您仍在購買的可能性不大。';
        case 'churn-risk-probability-alive':
          return f.probabilityAlive
            ? `和您購買情況相似的客戶中，有 ${f.probabilityAlive} 仍在購買；低於 ${t.churnRiskBelowProbabilityAlive} 時，我們將客戶視為有流失風險。`
            : '根據您購買的頻率和最近一次購買的時間，我們不確定您是否仍在購買。';
        case 'lapsed-days-without-order':
          return `您最近一次下單是在 ${f.daysSinceLastOrder?.text} 天前；超過 ${t.lapsedAfterDaysWithoutOrder?.text} 天沒有下單，我們就將客戶視為不活躍。`;
        case 'churn-risk-days-without-order':
          return `您最近一次下單是在 ${f.daysSinceLastOrder?.text} 天前；超過 ${t.churnRiskAfterDaysWithoutOrder?.text} 天沒有下單，我們就將客戶視為有流失風險。`;
        case 'won-back-after-gap':
          return `您在 ${f.gapDays?.text} 天沒有下單之後，於 ${f.returnedOn} 再次下單；這樣回來後的 ${t.wonBackForDays?.text} 天內，我們將您視為「歡迎回來」的客戶。`;
        case 'acquisition-first-days':
          return `您的第一筆訂單是在 ${f.tenureDays?.text} 天前：與我們合作的頭 ${t.acquisitionDays?.text} 天算是起步階段。`;
        case 'growth-first-year':
          return '目前還沒有再往前 12 個月的消費可以比較，所以我們將您視為成長中的客戶。';
        case 'growth-spend-rising':
          return `${spendTrend(f)}；高於 ${t.growthAbove} 即視為成長中。`;
        case 'maintenance-spend-falling':
          return `${spendTrend(f)}；低於 ${t.maintenanceBelow} 即視為消費減少。`;
        case 'maturity-spend-steady':
          return `${spendTrend(f)}；介於 ${t.maintenanceBelow} 和 ${t.growthAbove} 之間即視為穩定。`;
        default:
          return '';
      }
    },
    explain:
      '我們依序考量：您仍在購買的可能性（訂單太少、無法判斷時，則看距離上次下單的天數）、是否在長時間中斷後回來、' +
      '是否處於與我們合作的最初階段，以及您近 12 個月的消費與之前 12 個月相比的變化。',
  },

  milestones: {
    reachedCount: ({ reached, total }) => `已達成 ${reached.text} 個，共 ${total.text} 個`,
    reachedTitle: '已達成',
    nextTitle: '待達成',
    noneReached: '還沒有達成任何里程碑。',
    allReached: '您已達成所有里程碑。',
    reachedOn: (date) => `達成於 ${date}`,
    pointsAwarded: (points) => `+${points}`,
    amount: ({ kind, count }) => {
      switch (kind) {
        case 'tenure-years':
          return `${count.text} 年`;
        case 'orders':
          return `${count.text} 筆訂單`;
        case 'products':
          return `${count.text} 種產品`;
        case 'first-nps-answer':
          return `${count.text} 次回覆`;
        default:
          return count.text;
      }
    },
    progress: ({ kind, current, target }) => {
      switch (kind) {
        case 'tenure-years':
          return `已合作 ${current.text} 年，目標 ${target.text} 年`;
        case 'lifetime-spend':
          return `已消費 ${current.text}，目標 ${target.text}`;
        case 'orders':
          return `已下 ${current.text} 筆訂單，目標 ${target.text} 筆`;
        case 'products':
          return `已購買 ${current.text} 種產品，目標 ${target.text} 種`;
        case 'first-nps-answer':
          return current.value >= target.value ? '已回覆' : '尚未回覆';
        default:
          return `${current.text}，目標 ${target.text}`;
      }
    },
    onDate: (date) => `將於 ${date} 達成`,
    atPace: (date) => `依您的節奏，預估於 ${date} 達成`,
    notAtPace: ({ kind, date, amount: a, orders, perOrder }) =>
      `依您目前的節奏暫時還達不到：到 ${date} 仍差 ${a}。` +
      (orders && kind !== 'orders'
        ? `大約再下 ${orders.text} 筆與平常金額相當的訂單${perOrder ? `（每筆約 ${perOrder}）` : ''}，就能補上這個差距。`
        : ''),
    paceUnavailable,
    counts: (kind) =>
      ({
        'tenure-years': '從您的第一筆訂單起算的整年數。',
        'lifetime-spend': '您在我們這裡所有保留訂單的付款總額。',
        orders: '您保留的訂單數，已退款的訂單不計入。',
        products: '您購買過的不同產品數量。',
        'first-nps-answer': '您第一次回覆我們的滿意度調查時即達成。',
        custom: '由商家在您達成時標記。',
      })[kind],
    more: (n) => `還有 ${n.text} 個里程碑`,
  },

  rewards: {
    nowTitle: '現在可用',
    nextTitle: '即將解鎖',
    noneNow: '目前沒有可用的獎勵：下方列出了解鎖條件。',
    noneLocked: '您已解鎖全部獎勵。',
    active: '隨會員等級享有',
    redeemable: (points) => `可用 ${points} 兌換`,
    costs: (points) => `兌換需 ${points}`,
    terms: ({ kind, percent, minimumOrderAmount, repeatOrdersOnly, access }) => {
      switch (kind) {
        case 'volume-discount':
          return minimumOrderAmount ? `訂單滿 ${minimumOrderAmount} 可折抵 ${percent}` : `訂單可折抵 ${percent}`;
        case 'free-shipping':
          return repeatOrdersOnly ? '回購訂單免運費' : '所有訂單免運費';
        case 'cashback':
          return `消費現金回饋 ${percent}`;
        case 'exclusive-access':
          return access ? `專屬參與：${access}` : '';
        case 'priority-support':
          return '您的請求將進入優先支援佇列';
        default:
          return '';
      }
    },
    unlocksWith: '解鎖條件：',
    missingTier: ({ tier, amount: a }) => `${tier}：還差 ${a}`,
    missingMilestone: ({ milestone, remaining }) => `里程碑「${milestone}」：還差 ${remaining}`,
    missingSpend: ({ atLeast, amount: a }) => `12 個月內消費滿 ${atLeast}：還差 ${a}`,
    missingPoints: ({ cost, balance, needed }) => `${cost}：您有 ${balance}，還差 ${needed}`,
  },
};
