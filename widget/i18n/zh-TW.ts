/**
 * Traditional Chinese (Taiwan, and the fallback for Hong Kong and Macao). Chinese has no grammatical plural:
 * a count is its number followed by a measure word (筆, 次, 年, 天), so only `Count.text` is used here.
 */
import type { Messages } from './en.ts';

export const zhTW: Messages = {
  lang: 'zh-TW',

  title: '您的價值，明明白白',
  greeting: (name) => `您好，${name}`,
  asOf: (date) => `資料截至 ${date}`,

  loading: '正在載入您的資料…',

  emptyTitle: '還沒有訂單',
  emptyBody: '完成第一筆訂單後，您就能在這裡看到它的價值，以及我們是怎麼算出來的。',

  errorTitle: '暫時無法載入您的資料',
  errorNetwork: '無法連線到伺服器。請檢查網路連線後再試一次。',
  errorStatus: (status) => `伺服器回傳了錯誤（HTTP ${status}）。`,
  errorBusy: '服務目前忙碌中。',
  errorSession: '您的登入已失效。請重新登入以查看您的資料。',
  errorSignIn: '無法確認您的身分，因此暫時無法顯示您的資料。',
  errorUnreadable: '伺服器回傳的內容無法辨識。',
  retrying: '我們稍後會自動重試。',
  tryAgain: '再試一次',

  staleTitle: '這些資料可能不是最新的',
  staleBody: (fetchedAt) => `暫時無法更新，您看到的是我們於 ${fetchedAt} 取得的資料。`,

  signedOutTitle: '您已登出',
  signedOutBody: '登入後即可查看您的價值。',

  howCalculated: '這是怎麼算的？',
  roundingNote: '畫面上的數字已四捨五入，結果以精確數值計算。',

  realisedValue: {
    label: '至今已實現價值',
    explain: ({ grossPaid, refunds, amount }) => ({
      equation: `已付款 ${grossPaid} − 已退款 ${refunds} = ${amount}`,
      notes: ['您為訂單支付的全部金額，減去已退還給您的金額。'],
    }),
  },
  averageOrderValue: {
    label: '平均訂單金額',
    explain: ({ realisedValue, orders, amount }) => ({
      equation: `${realisedValue} ÷ ${orders.text} 筆訂單 = ${amount}`,
      notes: ['已實現價值除以您保留的訂單數（已退款的訂單不計入）。'],
    }),
  },
  purchaseFrequency: {
    label: '購買頻率',
    value: (perYear) => `每年 ${perYear.text} 次`,
    explain: ({ orders, yearsObserved, perYear, floor }) => ({
      equation: `${orders.text} 筆訂單 ÷ ${yearsObserved.text} 年 = 每年 ${perYear.text} 次`,
      notes: [
        '您保留的訂單數，除以您成為我們客戶的年數。',
        ...(floor
          ? [
              `您成為我們的客戶才 ${floor.tenureYears.text} 年，因此以 ${floor.minimumYears.text} 年計算：` +
                '這樣，第一個月的密集下單就不會被當成全年的頻率來推算。',
            ]
          : []),
      ],
    }),
  },
  tenure: {
    label: '客戶資歷',
    value: (years) => `${years.text} 年`,
    since: (date) => `自 ${date} 起成為客戶`,
    explain: ({ days, years, since, asOf }) => ({
      equation: `${days.text} 天 ÷ 365.25 = ${years.text} 年`,
      notes: [`從您 ${since} 的第一筆訂單算起，至 ${asOf} 為止；一年平均以 365.25 天計。`],
    }),
  },
  clv: {
    label: '預估終身價值',
    equation: ({ averageOrderValue, perYear, lifespanYears, amount }) =>
      `${averageOrderValue} × 每年 ${perYear.text} 次 × ${lifespanYears.text} 年 = ${amount}`,
    explain: ({ averageOrderValue, perYear, lifespanYears, amount }) => ({
      equation: '平均訂單金額 × 每年購買次數 × 預期客戶年限 = 預估終身價值',
      notes: [
        `您的平均訂單金額（${averageOrderValue}）× 您每年下單的次數（${perYear.text}）× ` +
          `客戶通常會在我們這裡消費的年數（${lifespanYears.text} 年）= ${amount}。`,
        `${lifespanYears.text} 年的預期年限對本店的每位客戶都相同，並不是針對您個人的預測。`,
      ],
    }),
  },
  chart: {
    title: '您的價值變化',
    canvasLabel: ({ fromMonth, toMonth, fromValue, toValue }) =>
      `每月累計價值的折線圖：從 ${fromMonth} 的 ${fromValue} 到 ${toMonth} 的 ${toValue}。`,
    noHistory: '還沒有每月的紀錄。',
    loading: '正在載入圖表…',
    failed: '圖表無法載入，表格中列有相同的數據。',
    showTable: '以表格檢視數據',
    monthHeader: '月份',
    valueHeader: '當月價值',
    cumulativeHeader: '累計價值',
    datasetLabel: '累計價值',
  },
};
