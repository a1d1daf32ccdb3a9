/**
 * Simplified Chinese messages of the loyalty sections. Chinese has no grammatical plural: a count is its
 * number followed by a measure word (笔, 种, 个, 天), so only `Count.text` is used. Tier, benefit, milestone
 * and reward names are the vendor's own words and arrive as they are.
 */
import type { LoyaltyMessages, MetricValue, Qualification, QualifyingMetric, StageFacts } from './en.ts';

const amount = ({ metric, count }: MetricValue): string =>
  metric === 'spend' ? count.text : metric === 'orders' ? `${count.text} 笔订单` : `${count.text} 积分`;

/** "近 12 个月的消费", "累计订单数". */
const what = ({ metric, window }: Qualification): string => {
  if (window === 'lifetime') return metric === 'spend' ? '累计消费' : metric === 'orders' ? '累计订单数' : '累计获得的积分';
  return metric === 'spend' ? '近 12 个月的消费' : metric === 'orders' ? '近 12 个月的订单数' : '近 12 个月获得的积分';
};

/** "再消费 US$180.15", "再下 2 笔订单", "再获得 500 积分". */
const addMore = (metric: QualifyingMetric, amountText: string): string =>
  metric === 'spend' ? `再消费 ${amountText}` : metric === 'orders' ? `再下 ${amountText}` : `再获得 ${amountText}`;

const grace = (months: string, value: number): string =>
  value === 0 ? '在当月月底前' : `在该月之后第 ${months} 个月的月底前`;

const spendTrend = (f: StageFacts): string =>
  `您近 12 个月的消费（${f.spendLast12Months}）是之前 12 个月（${f.spendPrevious12Months}）的 ${f.trend}`;

const paceUnavailable = '商家为客户完成评分后，这里就会显示按您的节奏预计的日期。';

export const loyaltyZhCN: LoyaltyMessages = {
  lang: 'zh-CN',

  amount,
  points: (n) => `${n.text} 积分`,
  period: (from, through) => `${from} 至 ${through}`,

  tier: {
    since: (date) => `自 ${date} 起`,
    setUntil: (date) => `由商家为您设定，有效期至 ${date}`,
    qualifyingLabel: (q) => what(q),
    qualifyingExplain: ({ metric, window, value, from, through }) => {
      const counted =
        metric === 'spend'
          ? '您保留的订单所支付的金额（已退款的订单不计入）'
          : metric === 'orders'
            ? '您保留的订单数（已退款的订单不计入）'
            : '您通过订单和里程碑获得的积分（使用积分不会减少这一数字）';
      const when = window === 'lifetime' && !from ? `截至 ${through}` : `${from ?? through} 至 ${through}`;
      return `${when}，${counted}为 ${value}。您的会员等级就由这一数值决定。`;
    },
    rule: ({ tier, atLeast, keepAtLeast, first, ...q }) =>
      first
        ? `${tier} 是入门等级，每位客户都有。`
        : atLeast === keepAtLeast
          ? `${what(q)}达到 ${atLeast} 即可升至 ${tier}，保持在这一水平即可保级。`
          : `${what(q)}达到 ${atLeast} 即可升至 ${tier}，不低于 ${keepAtLeast} 即可保级。`,
    computed: ({ tier, from }) => `按您自己的数据，您的等级是 ${tier}；从 ${from} 起，将重新由您的数据决定。`,
    progressLabel: (tier) => `升至 ${tier} 的进度`,
    progressValue: ({ value, target }) => `${value}（目标 ${target}）`,
    needed: ({ amount: a, tier }) => `还差 ${a} 即可升至 ${tier}`,
    alreadyThere: (tier) => `您的数据已达到 ${tier} 的标准。`,
    neededExplain: ({ tier, target, value, amount: a, ...q }) =>
      `${what(q)}达到 ${target} 即可升至 ${tier}：${target} − ${value} = ${a}。`,
    top: (tier) => `${tier} 是最高等级。`,
    reaches: ({ tier, date }) => `按您目前的节奏，您将于 ${date} 升至 ${tier}。`,
    notAtPace: ({ tier, date, amount: a, orders, perOrder }) =>
      `按您目前的节奏暂时还达不到：到 ${date}，距离 ${tier} 仍差 ${a}。` +
      (orders && perOrder ? `大约再下 ${orders.text} 笔与平常金额相当的订单（每笔约 ${perOrder}），就能补上这个差距。` : ''),
    paceUnavailable,
    paceExplain: ({ purchases, spend, window }) =>
      `您的节奏：根据您以往的购买情况，预测价值所用的模型预计您在未来 12 个月内会购买 ${purchases} 次，每次约 ${spend}。` +
      (window === 'lifetime' ? '' : '超过 12 个月的订单会移出统计区间，不再计入。'),
    keepTitle: (tier) => `保持 ${tier} 等级`,
    keepBase: (tier) => `${tier} 是入门等级，无需保级。`,
    keepForever: ({ tier, ...q }) => `您将一直保持 ${tier}：${what(q)}只增不减。`,
    keep: ({ tier, metric, amountToKeep, amountToKeepIsZero, keptThrough }) =>
      amountToKeepIsZero
        ? `您将保持 ${tier} 至 ${keptThrough}。`
        : `在 ${keptThrough} 前${addMore(metric, amountToKeep)}，即可保持 ${tier}。`,
    grace: ({ tier, keepAtLeast, fellBelowOn, amountToKeep, keptThrough, ...q }) =>
      `自 ${fellBelowOn} 起，您的${what(q)}已低于保持 ${tier} 所需的 ${keepAtLeast}。` +
      `在 ${keptThrough} 前${addMore(q.metric, amountToKeep)}，即可保级。`,
    override: ({ tier, metric, endsOn, amountToKeep, amountToKeepIsZero }) =>
      `商家已将您的等级设为 ${tier}，有效期至 ${endsOn}。` +
      (amountToKeepIsZero
        ? '此后，您自己的数据也足以保持这一等级。'
        : `此后将由您自己的数据决定：在 ${endsOn} 前${addMore(metric, amountToKeep)}，即可保级。`),
    ends: ({ tier, expiresOn, tierAfter }) => `如果不再下单，${tier} 将于 ${expiresOn} 到期，届时您将调整为 ${tierAfter}。`,
    keepsAtPace: ({ value, date }) => `按您目前的节奏可以保级：预计到 ${date} 为 ${value}。`,
    losesAtPace: ({ value, date }) => `按您目前的节奏暂时无法保级：预计到 ${date} 为 ${value}。`,
    keepExplain: ({ tier, keepAtLeast, graceMonths, fallsBelowOn, keptThrough, valueThen, amountToKeep, inGrace, ...q }) =>
      `${what(q)}不低于 ${keepAtLeast}，即可保持 ${tier}。` +
      (fallsBelowOn
        ? inGrace
          ? `它在 ${fallsBelowOn} 降到了这一标准以下；您可以${grace(graceMonths.text, graceMonths.value)}继续保持 ${tier}，` +
            `也就是到 ${keptThrough} 为止。`
          : `随着较早的订单移出统计区间，如果不再下单，它将在 ${fallsBelowOn} 降到这一标准以下；` +
            `您仍可${grace(graceMonths.text, graceMonths.value)}继续保持 ${tier}，也就是到 ${keptThrough} 为止。`
        : '') +
      `如果不再下单，到 ${keptThrough} 时它将是 ${valueThen}：${keepAtLeast} − ${valueThen} = ${amountToKeep}。`,
    benefitsTitle: (tier) => `您的 ${tier} 权益`,
    nextBenefitsTitle: (tier) => `升至 ${tier} 后`,
    noBenefits: '暂无列出的权益。',
  },

  pointsBlock: {
    label: '可用积分',
    separate: ({ countsEarned, earned }) =>
      countsEarned
        ? `您的会员等级按您获得的积分（${earned}）计算，而不是这里的余额：使用积分永远不会降低您的等级。`
        : '积分用于兑换奖励，不计入会员等级，因此使用积分不会影响您的等级。',
    expiring: ({ points, date }) => `即将到期：${points}，可使用至 ${date}。`,
    explain: ({ earned, redeemed, expired, balance, perUnit, currencyUnit, expiryMonths }) => [
      `已获得 ${earned} − 已使用 ${redeemed} − 已过期 ${expired} = ${balance}。`,
      `您保留的订单每 ${currencyUnit} 可获得 ${perUnit.text} 积分（每笔订单向下取整），达成里程碑还可获得相应积分。`,
      expiryMonths ? `积分可使用至获得当月之后第 ${expiryMonths.text} 个月的月底。` : '积分永不过期。',
    ],
  },

  stage: {
    label: '您的客户阶段',
    name: (stage) =>
      ({
        acquisition: '新客户',
        growth: '成长中',
        maturity: '稳定',
        maintenance: '消费减少',
        'churn-risk': '有流失风险',
        lapsed: '不活跃',
        'won-back': '欢迎回来',
      })[stage],
    rule: (rule, f) => {
      const t = f.thresholds;
      switch (rule) {
        case 'no-orders-yet':
          return '您还没有下过订单。';
        case 'lapsed-probability-alive':
          return f.probabilityAlive
            ? `和您购买情况相似的客户中，有 ${f.probabilityAlive} 仍在购买；低于 ${t.lapsedBelowProbabilityAlive} 时，我们将客户视为不活跃。`
            : '根据您购买的频率和最近一次购买的时间，您仍在购买的可能性不大。';
        case 'churn-risk-probability-alive':
          return f.probabilityAlive
            ? `和您购买情况相似的客户中，有 ${f.probabilityAlive} 仍在购买；低于 ${t.churnRiskBelowProbabilityAlive} 时，我们将客户视为有流失风险。`
            : '根据您购买的频率和最近一次购买的时间，我们不确定您是否仍在购买。';
        case 'lapsed-days-without-order':
          return `您最近一次下单是在 ${f.daysSinceLastOrder?.text} 天前；超过 ${t.lapsedAfterDaysWithoutOrder?.text} 天没有下单，我们就将客户视为不活跃。`;
        case 'churn-risk-days-without-order':
          return `您最近一次下单是在 ${f.daysSinceLastOrder?.text} 天前；超过 ${t.churnRiskAfterDaysWithoutOrder?.text} 天没有下单，我们就将客户视为有流失风险。`;
        case 'won-back-after-gap':
          return `您在 ${f.gapDays?.text} 天没有下单之后，于 ${f.returnedOn} 再次下单；这样回来后的 ${t.wonBackForDays?.text} 天内，我们将您视为“欢迎回来”的客户。`;
        case 'acquisition-first-days':
          return `您的第一笔订单是在 ${f.tenureDays?.text} 天前：与我们合作的头 ${t.acquisitionDays?.text} 天算作起步阶段。`;
        case 'growth-first-year':
          return '目前还没有再往前 12 个月的消费可供比较，因此我们将您视为成长中的客户。';
        case 'growth-spend-rising':
          return `${spendTrend(f)}；高于 ${t.growthAbove} 即视为成长中。`;
        case 'maintenance-spend-falling':
          return `${spendTrend(f)}；低于 ${t.maintenanceBelow} 即视为消费减少。`;
        case 'maturity-spend-steady':
          return `${spendTrend(f)}；介于 ${t.maintenanceBelow} 和 ${t.growthAbove} 之间即视为稳定。`;
        default:
          return '';
      }
    },
    explain:
      '我们依次考察：您仍在购买的可能性（订单太少、无法判断时，则看距离上次下单的天数）、是否在长时间中断后回来、' +
      '是否处于与我们合作的最初阶段，以及您近 12 个月的消费与之前 12 个月相比的变化。',
  },

  milestones: {
    reachedCount: ({ reached, total }) => `已达成 ${reached.text} 个，共 ${total.text} 个`,
    reachedTitle: '已达成',
    nextTitle: '待达成',
    noneReached: '还没有达成任何里程碑。',
    allReached: '您已达成所有里程碑。',
    reachedOn: (date) => `达成于 ${date}`,
    pointsAwarded: (points) => `+${points}`,
    amount: ({ kind, count }) => {
      switch (kind) {
        case 'tenure-years':
          return `${count.text} 年`;
        case 'orders':
          return `${count.text} 笔订单`;
        case 'products':
          return `${count.text} 种产品`;
        case 'first-nps-answer':
          return `${count.text} 次回答`;
        default:
          return count.text;
      }
    },
    progress: ({ kind, current, target }) => {
      switch (kind) {
        case 'tenure-years':
          return `已合作 ${current.text} 年，目标 ${target.text} 年`;
        case 'lifetime-spend':
          return `已消费 ${current.text}，目标 ${target.text}`;
        case 'orders':
          return `已下 ${current.text} 笔订单，目标 ${target.text} 笔`;
        case 'products':
          return `已购买 ${current.text} 种产品，目标 ${target.text} 种`;
        case 'first-nps-answer':
          return current.value >= target.value ? '已回答' : '尚未回答';
        default:
          return `${current.text}，目标 ${target.text}`;
      }
    },
    onDate: (date) => `将于 ${date} 达成`,
    atPace: (date) => `按您的节奏，预计于 ${date} 达成`,
    notAtPace: ({ kind, date, amount: a, orders, perOrder }) =>
      `按您目前的节奏暂时还达不到：到 ${date} 仍差 ${a}。` +
      (orders && kind !== 'orders'
        ? `大约再下 ${orders.text} 笔与平常金额相当的订单${perOrder ? `（每笔约 ${perOrder}）` : ''}，就能补上这个差距。`
        : ''),
    paceUnavailable,
    counts: (kind) =>
      ({
        'tenure-years': '从您的第一笔订单起算的整年数。',
        'lifetime-spend': '您在我们这里所有保留订单的付款总额。',
        orders: '您保留的订单数，已退款的订单不计入。',
        products: '您购买过的不同产品的数量。',
        'first-nps-answer': '您第一次回答我们的满意度调查时即达成。',
        custom: '由商家在您达成时标记。',
      })[kind],
    more: (n) => `还有 ${n.text} 个里程碑`,
  },

  rewards: {
    nowTitle: '现在可用',
    nextTitle: '即将解锁',
    noneNow: '暂无可用奖励：下方列出了解锁条件。',
    noneLocked: '您已解锁全部奖励。',
    active: '随会员等级享有',
    redeemable: (points) => `可用 ${points} 兑换`,
    costs: (points) => `兑换需 ${points}`,
    terms: ({ kind, percent, minimumOrderAmount, repeatOrdersOnly, access }) => {
      switch (kind) {
        case 'volume-discount':
          return minimumOrderAmount ? `订单满 ${minimumOrderAmount} 可减 ${percent}` : `订单可减 ${percent}`;
        case 'free-shipping':
          return repeatOrdersOnly ? '复购订单免运费' : '所有订单免运费';
        case 'cashback':
          return `消费返现 ${percent}`;
        case 'exclusive-access':
          return access ? `专享：${access}` : '';
        case 'priority-support':
          return '您的请求将进入优先支持队列';
        default:
          return '';
      }
    },
    unlocksWith: '解锁条件：',
    missingTier: ({ tier, amount: a }) => `${tier}：还差 ${a}`,
    missingMilestone: ({ milestone, remaining }) => `里程碑“${milestone}”：还差 ${remaining}`,
    missingSpend: ({ atLeast, amount: a }) => `12 个月内消费满 ${atLeast}：还差 ${a}`,
    missingPoints: ({ cost, balance, needed }) => `${cost}：您有 ${balance}，还差 ${needed}`,
  },
};
