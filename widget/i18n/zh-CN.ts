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
};
