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
  prediction: {
    title: '您的預測價值',
    notYet: '商家為客戶完成評分後，這裡就會顯示預測。',
    valueLabel: (months) => `未來 ${months.text} 個月的預測價值`,
    purchasesLabel: '預計購買次數',
    spendLabel: '預計每次消費',
    aliveLabel: '您仍是活躍客戶的機率',
    explain: (a) => ({
      model:
        '我們採用客戶分析研究中的兩個標準模型：BG/NBD 模型（Fader、Hardie 與 Lee，2005 年）用來估計客戶多久購買一次、' +
        '是否還會繼續購買；Gamma-Gamma 模型（Fader 與 Hardie，2013 年）用來估計每次消費多少。',
      activity: [
        a.probabilityAlive === undefined
          ? `模型參考的是您的購買頻率（${a.weeksSinceFirst.text} 週內重複購買 ${a.repeatPurchases.text} 次），` +
            `以及您最近一次購買距今多久（${a.weeksSinceLast.text} 週）。`
          : `和您購買頻率相同（${a.weeksSinceFirst.text} 週內重複購買 ${a.repeatPurchases.text} 次）、` +
            `最近一次購買在 ${a.weeksSinceLast.text} 週前的客戶，有 ${a.probabilityAlive} 仍是活躍客戶。`,
        `據此，我們預計您在未來 ${a.months.text} 個月內會購買 ${a.purchases} 次。`,
      ],
      formula: `預測價值 = 預計購買次數 × 預計每次消費，每個月以每年 ${a.rate} 折現`,
      numbers:
        `代入您的數字：${a.purchases} × ${a.spend} = ${a.undiscounted}（未來 ${a.months.text} 個月）。` +
        `越晚的購買，換算成今天的價值越低：每個月以每年 ${a.rate} 折現後，結果為 ${a.value}。`,
      spend: !a.ownAverage
        ? `您還沒有重複購買，因此預計每次消費採用所有客戶的平均值：${a.spend}。`
        : a.blend
          ? `預計每次消費綜合了您自己重複購買的平均金額（${a.ownAverage}）與所有客戶的平均值（${a.blend.allAverage}）：` +
            `您買得越多，就越以您自己的平均值為準。您已重複購買 ${a.repeatPurchases.text} 次，` +
            `您自己的平均值佔 ${a.blend.ownShare}，所有客戶的平均值佔 ${a.blend.allShare}，結果為 ${a.spend}。`
          : `預計每次消費綜合了您自己重複購買的平均金額（${a.ownAverage}）與所有客戶的平均值：` +
            `您買得越多，就越以您自己的平均值為準。結果為 ${a.spend}。`,
      computed: `計算於 ${a.computedAt}。`,
    }),
    parametersCaption: '配適參數（本店所有客戶共用）',
    parameterHeader: '參數',
    valueHeader: '數值',
    describesHeader: '說明',
    purchaseRate: '客戶多久購買一次（BG/NBD）',
    dropout: '客戶在一次購買後不再購買的可能性（BG/NBD）',
    spend: '客戶每次消費多少（Gamma-Gamma）',
    parameterUnits: '時間以週為單位；γ 以貨幣的最小單位計（美元即為美分）。',
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
  loyalty: {
    tierTitle: '您的會員等級',
    milestonesTitle: '您的里程碑',
    rewardsTitle: '您的獎勵',
    unavailable: '這部分內容暫時無法載入，請重新整理頁面再試一次。',
  },
  growth: {
    suggestionsTitle: '為您推薦',
    goalsTitle: '共同目標',
    simulatorTitle: '如果……會怎樣？',
    unavailable: '這部分內容暫時無法載入，請重新整理頁面再試一次。',
  },
};
