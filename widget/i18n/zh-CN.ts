/**
 * Simplified Chinese (mainland China, Singapore). Chinese has no grammatical plural: a count is its number
 * followed by a measure word (笔, 次, 年, 天), so `Count.value` is not needed here, only `Count.text`.
 */
import type { Messages } from './en.ts';

export const zhCN: Messages = {
  lang: 'zh-CN',

  title: '您的价值，明明白白',
  greeting: (name) => `您好，${name}`,
  asOf: (date) => `数据截至 ${date}`,

  loading: '正在加载您的数据…',

  emptyTitle: '还没有订单',
  emptyBody: '下了第一笔订单后，您就能在这里看到它的价值，以及我们具体是怎么算出来的。',

  errorTitle: '暂时无法加载您的数据',
  errorNetwork: '无法连接到服务器。请检查网络连接后重试。',
  errorStatus: (status) => `服务器返回了错误（HTTP ${status}）。`,
  errorBusy: '服务当前繁忙。',
  errorSession: '您的登录已失效。请重新登录以查看您的数据。',
  errorSignIn: '无法确认您的身份，因此暂时无法显示您的数据。',
  errorUnreadable: '服务器返回的内容无法识别。',
  retrying: '我们稍后会自动重试。',
  tryAgain: '重试',

  staleTitle: '这些数据可能不是最新的',
  staleBody: (fetchedAt) => `暂时无法更新，您看到的是我们于 ${fetchedAt} 获取的数据。`,

  signedOutTitle: '您已退出登录',
  signedOutBody: '登录后即可查看您的价值。',

  howCalculated: '这是怎么算的？',
  roundingNote: '显示的数字已四舍五入，结果按精确数值计算。',

  realisedValue: {
    label: '迄今已实现价值',
    explain: ({ grossPaid, refunds, amount }) => ({
      equation: `已支付 ${grossPaid} − 已退款 ${refunds} = ${amount}`,
      notes: ['您为订单支付的全部金额，减去已退还给您的金额。'],
    }),
  },
  averageOrderValue: {
    label: '平均订单金额',
    explain: ({ realisedValue, orders, amount }) => ({
      equation: `${realisedValue} ÷ ${orders.text} 笔订单 = ${amount}`,
      notes: ['已实现价值除以您保留的订单数（已退款的订单不计入）。'],
    }),
  },
  purchaseFrequency: {
    label: '购买频率',
    value: (perYear) => `每年 ${perYear.text} 次`,
    explain: ({ orders, yearsObserved, perYear, floor }) => ({
      equation: `${orders.text} 笔订单 ÷ ${yearsObserved.text} 年 = 每年 ${perYear.text} 次`,
      notes: [
        '您保留的订单数，除以您成为我们客户的年数。',
        ...(floor
          ? [
              `您成为我们的客户才 ${floor.tenureYears.text} 年，因此按 ${floor.minimumYears.text} 年计算：` +
                '这样，头一个月的密集下单就不会被当作全年的节奏来推算。',
            ]
          : []),
      ],
    }),
  },
  tenure: {
    label: '客户时长',
    value: (years) => `${years.text} 年`,
    since: (date) => `自 ${date} 起成为客户`,
    explain: ({ days, years, since, asOf }) => ({
      equation: `${days.text} 天 ÷ 365.25 = ${years.text} 年`,
      notes: [`从您 ${since} 的第一笔订单算起，至 ${asOf} 为止；一年平均按 365.25 天计。`],
    }),
  },
  clv: {
    label: '预计终身价值',
    equation: ({ averageOrderValue, perYear, lifespanYears, amount }) =>
      `${averageOrderValue} × 每年 ${perYear.text} 次 × ${lifespanYears.text} 年 = ${amount}`,
    explain: ({ averageOrderValue, perYear, lifespanYears, amount }) => ({
      equation: '平均订单金额 × 每年购买次数 × 预期客户年限 = 预计终身价值',
      notes: [
        `您的平均订单金额（${averageOrderValue}）× 您每年下单的次数（${perYear.text}）× ` +
          `客户通常会在我们这里消费的年数（${lifespanYears.text} 年）= ${amount}。`,
        `${lifespanYears.text} 年的预期年限对本店的每位客户都一样，并不是针对您个人的预测。`,
      ],
    }),
  },
  prediction: {
    title: '您的预测价值',
    notYet: '商家为客户完成评分后，这里就会显示预测。',
    valueLabel: (months) => `未来 ${months.text} 个月的预测价值`,
    purchasesLabel: '预计购买次数',
    spendLabel: '预计每次消费',
    aliveLabel: '您仍是活跃客户的概率',
    explain: (a) => ({
      model:
        '我们采用客户分析研究中的两个标准模型：BG/NBD 模型（Fader、Hardie 和 Lee，2005 年）用来估计客户多久购买一次、' +
        '是否还会继续购买；Gamma-Gamma 模型（Fader 和 Hardie，2013 年）用来估计每次消费多少。',
      activity: [
        a.probabilityAlive === undefined
          ? `模型参考的是您的购买频率（${a.weeksSinceFirst.text} 周内重复购买 ${a.repeatPurchases.text} 次），` +
            `以及您最近一次购买距今多久（${a.weeksSinceLast.text} 周）。`
          : `和您购买频率相同（${a.weeksSinceFirst.text} 周内重复购买 ${a.repeatPurchases.text} 次）、` +
            `最近一次购买在 ${a.weeksSinceLast.text} 周前的客户，有 ${a.probabilityAlive} 仍是活跃客户。`,
        `据此，我们预计您在未来 ${a.months.text} 个月内会购买 ${a.purchases} 次。`,
      ],
      formula: `预测价值 = 预计购买次数 × 预计每次消费，每个月按每年 ${a.rate} 折现`,
      numbers:
        `代入您的数字：${a.purchases} × ${a.spend} = ${a.undiscounted}（未来 ${a.months.text} 个月）。` +
        `越往后的购买，折算到今天的价值越低：每个月按每年 ${a.rate} 折现后，结果为 ${a.value}。`,
      spend: !a.ownAverage
        ? `您还没有重复购买，因此预计每次消费采用所有客户的平均值：${a.spend}。`
        : a.blend
          ? `预计每次消费综合了您自己重复购买的平均金额（${a.ownAverage}）和所有客户的平均值（${a.blend.allAverage}）：` +
            `您买得越多，就越以您自己的平均值为准。您已重复购买 ${a.repeatPurchases.text} 次，` +
            `您自己的平均值占 ${a.blend.ownShare}，所有客户的平均值占 ${a.blend.allShare}，结果为 ${a.spend}。`
          : `预计每次消费综合了您自己重复购买的平均金额（${a.ownAverage}）和所有客户的平均值：` +
            `您买得越多，就越以您自己的平均值为准。结果为 ${a.spend}。`,
      computed: `计算于 ${a.computedAt}。`,
    }),
    parametersCaption: '拟合参数（本店所有客户共用）',
    parameterHeader: '参数',
    valueHeader: '数值',
    describesHeader: '含义',
    purchaseRate: '客户多久购买一次（BG/NBD）',
    dropout: '客户在一次购买后不再购买的可能性（BG/NBD）',
    spend: '客户每次消费多少（Gamma-Gamma）',
    parameterUnits: '时间以周为单位；γ 以货币的最小单位计（美元即为美分）。',
  },
  chart: {
    title: '您的价值变化',
    canvasLabel: ({ fromMonth, toMonth, fromValue, toValue }) =>
      `按月累计价值的折线图：从 ${fromMonth} 的 ${fromValue} 到 ${toMonth} 的 ${toValue}。`,
    noHistory: '还没有按月的记录。',
    loading: '正在加载图表…',
    failed: '图表无法加载，表格中列有相同的数据。',
    showTable: '以表格形式查看数据',
    monthHeader: '月份',
    valueHeader: '当月价值',
    cumulativeHeader: '累计价值',
    datasetLabel: '累计价值',
  },
  loyalty: {
    tierTitle: '您的会员等级',
    milestonesTitle: '您的里程碑',
    rewardsTitle: '您的奖励',
    unavailable: '这部分内容暂时无法加载，请刷新页面重试。',
  },
  growth: {
    suggestionsTitle: '为您推荐',
    goalsTitle: '共同目标',
    simulatorTitle: '如果……会怎样？',
    unavailable: '这部分内容暂时无法加载，请刷新页面重试。',
  },
};
