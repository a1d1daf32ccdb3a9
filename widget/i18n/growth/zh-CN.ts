/**
 * Simplified Chinese messages of the growth sections. No grammatical plural: a count is its number and a
 * measure word (笔, 款, 位, 天, 周, 个月), so only `Count.text` is used.
 */
import type { GrowthMessages, Segment, Sooner } from './en.ts';

/** "在 logistics 行业中": where the quoted peers are, at the head of the sentence. */
const among = (segment: Segment | null): string => {
  if (!segment) return '在所有客户中';
  switch (segment.dimension) {
    case 'industry':
      return `在 ${segment.value} 行业中`;
    case 'size':
      return `在规模与您相同（${segment.value}）的客户中`;
    case 'plan':
      return `在使用 ${segment.value} 套餐的客户中`;
  }
};

/** A space after a name ending in Latin letters or digits ("客户经理 rep-9 提出"), none after Chinese ("您提出"). */
const spaced = (who: string): string => (/[A-Za-z0-9]$/.test(who) ? `${who} ` : who);

const sooner = ({ unit, count }: Sooner): string =>
  unit === 'day' ? `${count.text} 天` : unit === 'week' ? `${count.text} 周` : `${count.text} 个月`;

export const growthZhCN: GrowthMessages = {
  lang: 'zh-CN',

  errors: {
    network: '无法连接到服务器。请检查网络连接后重试。',
    busy: '服务当前繁忙，请稍后再试。',
    session: '您的登录已失效，请重新登录后继续。',
    status: (status) => `服务器返回了错误（HTTP ${status}）。`,
    unreadable: '服务器返回的内容无法识别。',
  },

  suggestions: {
    intro: '根据与您情况相似的客户正在使用的产品挑选，并列出每一项会给您带来的变化。',
    coAdoption: ({ share, segment, antecedent, product }) =>
      `${among(segment)}，使用 ${antecedent} 的客户有 ${share} 也在使用 ${product}。`,
    counts: ({ both, all }) => `${all.text} 位客户中的 ${both.text} 位`,
    upgradeVolume: ({ spend, from, product, threshold }) =>
      `过去 12 个月您在 ${from} 上花费了 ${spend}；${product} 的价格为 ${threshold}。`,
    upgradePlan: ({ spend, from, product, threshold }) =>
      `过去 12 个月，在 ${from} 之外您还另外花费了 ${spend}；升级到 ${product} 每年需多付 ${threshold}。`,
    upgradePeers: ({ share, segment, from, product }) =>
      `${among(segment)}，使用 ${from} 的客户有 ${share} 已升级到 ${product}。`,
    whyLabel: '推荐理由',
    effectLabel: '对您的影响',
    valueChange: ({ months, before, after, change }) =>
      `您未来 ${months.text} 个月的预测价值：${before} → ${after}（${change}）。`,
    subscriptionChange: ({ months, before, after, change }) =>
      `您的订阅在未来 ${months.text} 个月的预期价值：${before} → ${after}（${change}）。`,
    tierSooner: ({ tier, sooner: s, after, before }) =>
      `可让您提前 ${sooner(s)}达到 ${tier}（${after}，而不是 ${before}）。`,
    tierBy: ({ tier, after }) => `可让您在 ${after} 前达到 ${tier}。`,
    milestoneSooner: ({ name, sooner: s, after, before }) =>
      `可让您提前 ${sooner(s)}达成“${name}”（${after}，而不是 ${before}）。`,
    milestoneBy: ({ name, after }) => `可让您在 ${after} 前达成“${name}”。`,
    select: ({ kind, product }) => (kind === 'upsell' ? `升级到 ${product}` : `添加 ${product}`),
    learnMore: (product) => `了解 ${product}`,
    notLearned: '商家更新数据后，这里就会显示推荐。',
    notScored: '商家为客户完成评分后，这里就会显示推荐。',
    none: '目前没有推荐：与您情况相似的客户常用的产品，您都已经在用了。',
  },

  goals: {
    introCustomer: '您与客户经理共同商定的目标，进度根据您自己的订单计算。',
    introRep: '与该客户商定的目标，进度根据客户自己的订单计算。',
    none: '还没有目标。',
    loading: '正在加载目标…',
    loadFailed: '目标暂时无法加载。',
    tryAgain: '重新加载目标',
    metricNames: {
      spend12m: '12 个月消费额',
      orders: '订单数',
      productsAdopted: '使用的产品数',
      tierByDate: '会员等级',
      predictedValue: '预测价值',
    },
    summary: ({ metric, target, due }) => {
      switch (metric) {
        case 'spend12m':
          return `截至 ${due} 的 12 个月内消费 ${target.text}`;
        case 'orders':
          return `在 ${due} 前下 ${target.text} 笔订单`;
        case 'productsAdopted':
          return `在 ${due} 前使用 ${target.text} 款产品`;
        case 'tierByDate':
          return `在 ${due} 前达到 ${target.text}`;
        case 'predictedValue':
          return `在 ${due} 前使预测价值达到 ${target.text}`;
      }
    },
    statusLabel: '状态',
    waitingForYou: '等待您的答复',
    waitingForCustomer: '等待客户答复',
    waitingForAccountTeam: '等待您的客户经理答复',
    inProgress: '进行中',
    declined: '已拒绝',
    expired: '未获答复，已过期',
    achieved: '已达成',
    missed: '未达成',
    due: (date) => `截止日期：${date}`,
    note: (text) => `备注：${text}`,
    progressLabel: '进度',
    progress: ({ value, target, metric }) =>
      metric === 'orders'
        ? `已下 ${value.text} 笔，目标 ${target.text} 笔`
        : metric === 'productsAdopted'
          ? `已使用 ${value.text} 款，目标 ${target.text} 款`
          : `已达 ${value.text}，目标 ${target.text}`,
    tierProgress: ({ current, target, percent }) => `目前为 ${current}，距 ${target} 已完成 ${percent}`,
    countedFrom: (date) => `订单自 ${date} 起计算。`,
    historyLabel: '变更记录',
    actor: ({ kind, repId }) => {
      switch (kind) {
        case 'you':
          return '您';
        case 'customer':
          return '客户';
        case 'account-team':
          return '您的客户经理';
        case 'rep':
          return repId ? `客户经理 ${repId}` : '另一位客户经理';
        case 'system':
          return '系统';
      }
    },
    event: ({ action, who, terms, value }) => {
      switch (action) {
        case 'proposed':
          return `${spaced(who)}提出：${terms ?? ''}`;
        case 'countered':
          return `${spaced(who)}提出了新方案：${terms ?? ''}`;
        case 'accepted':
          return `${spaced(who)}已接受。`;
        case 'declined':
          return `${spaced(who)}已拒绝。`;
        case 'expired':
          return '该提议未获答复，已过期。';
        case 'achieved':
          return value ? `已达成，最终为 ${value}。` : '已达成。';
        case 'missed':
          return value ? `未达成，最终为 ${value}。` : '未达成。';
      }
    },

    accept: '接受',
    decline: '拒绝',
    counter: '提出新方案',
    cancel: '取消',
    proposeTitle: '提议一个目标',
    counterTitle: '您的新方案',
    metricField: '衡量指标',
    targetField: ({ metric, currency }) =>
      metric === 'spend12m' || metric === 'predictedValue'
        ? `目标（${currency}）`
        : metric === 'orders'
          ? '目标（订单数）'
          : '目标（产品数）',
    tierField: '目标等级',
    dueField: '截止日期',
    noteField: '备注（选填）',
    send: '发送提议',
    sendCounter: '发送新方案',
    sending: '正在发送…',
    proposed: '您的提议已发送。',
    countered: '您的新方案已发送。',
    acceptedDone: '您已接受该目标。',
    declinedDone: '您已拒绝该目标。',

    needTarget: '请输入大于零的目标。',
    needWholeNumber: '请输入整数。',
    needTier: '请选择一个等级。',
    needDueDate: '请选择今天或之后的截止日期。',
    needChange: '请修改目标、截止日期或两者。',
    errors: {
      badTarget: '该目标不适用于此指标，请检查后重试。',
      badDueDate: '截止日期须为今天或之后，且不超过五年。',
      badRequest: '目标无法按当前内容保存，请检查各项后重试。',
      forbidden: '这是您提出的提议，需由对方答复。',
      ended: '该目标已结束，无法再修改。',
      accepted: '该目标已被接受，将持续到截止日期。',
      tooMany: '进行中的目标太多，请先答复或完成其中一个。',
      notFound: '该目标已不存在。',
    },
  },

  simulator: {
    intro: '拖动滑块，看看您的数据会如何变化。不会下单，也不会保存任何内容。',
    ordersLabel: '每月订单数',
    ordersValue: (n) => `每月 ${n.text} 笔`,
    averageOrderLabel: '平均订单金额',
    productsLegend: '您可以添加的产品',
    addProduct: ({ product, price, share }) => `添加 ${product}（${price}，预计出现在您 ${share} 的订单中）`,
    resultsTitle: '调整后的结果',
    valueLabel: (n) => `未来 ${n.text} 个月的预测价值`,
    valueNow: ({ now, change }) => `当前 ${now}（${change}）`,
    tierLabel: '下一个等级',
    tierOn: ({ tier, date }) => `${date} 达到 ${tier}`,
    tierNotWithin: ({ tier, months }) => `未来 ${months.text} 个月内无法达到 ${tier}`,
    topTier: '您已是最高等级。',
    milestonesLabel: '里程碑',
    milestoneOn: ({ name, date }) => `${name}：${date}`,
    milestoneNotWithin: ({ name }) => `${name}：预测期内无法达成`,
    was: (date) => `按当前节奏：${date}`,
    wasNotWithin: '按当前节奏，预测期内无法达成',
    reset: '重置',
    notScored: '商家为客户完成评分后，这里就会显示模拟器。',
    loading: '正在加载模拟器…',
    loadFailed: '模拟器暂时无法加载。',
    tryAgain: '重新加载模拟器',
    note: '在您的浏览器中，用与您的数据相同的公式计算：每月多下单，表示在您仍是客户期间购买得更频繁；添加的产品会按其比例出现在您的订单中。',
  },
};
