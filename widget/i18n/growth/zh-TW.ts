/**
 * Traditional Chinese messages of the growth sections (Taiwan usage: 方案, 資料, 載入). No grammatical
 * plural: a count is its number and a measure word (筆, 項, 位, 天, 週, 個月), so only `Count.text` is used.
 */
import type { GrowthMessages, Segment, Sooner } from './en.ts';

/** "在 logistics 產業中": where the quoted peers are, at the head of the sentence. */
const among = (segment: Segment | null): string => {
  if (!segment) return '在所有客戶中';
  switch (segment.dimension) {
    case 'industry':
      return `在 ${segment.value} 產業中`;
    case 'size':
      return `在規模與您相同（${segment.value}）的客戶中`;
    case 'plan':
      return `在使用 ${segment.value} 方案的客戶中`;
  }
};

/** A space after a name ending in Latin letters or digits ("客户经理 rep-9 提出"), none after Chinese ("您提出"). */
const spaced = (who: string): string => (/[A-Za-z0-9]$/.test(who) ? `${who} ` : who);

const sooner = ({ unit, count }: Sooner): string =>
  unit === 'day' ? `${count.text} 天` : unit === 'week' ? `${count.text} 週` : `${count.text} 個月`;

export const growthZhTW: GrowthMessages = {
  lang: 'zh-TW',

  errors: {
    network: '無法連線到伺服器。請檢查網路連線後再試一次。',
    busy: '服務目前忙碌中，請稍後再試。',
    session: '您的登入已失效，請重新登入後繼續。',
    status: (status) => `伺服器回傳了錯誤（HTTP ${status}）。`,
    unreadable: '伺服器回傳的內容無法辨識。',
  },

  suggestions: {
    intro: '依據與您情況相似的客戶正在使用的產品挑選，並列出每一項會為您帶來的變化。',
    coAdoption: ({ share, segment, antecedent, product }) =>
      `${among(segment)}，使用 ${antecedent} 的客戶有 ${share} 也在使用 ${product}。`,
    counts: ({ both, all }) => `${all.text} 位客戶中的 ${both.text} 位`,
    upgradeVolume: ({ spend, from, product, threshold }) =>
      `過去 12 個月您在 ${from} 上花費了 ${spend}；${product} 的價格為 ${threshold}。`,
    upgradePlan: ({ spend, from, product, threshold }) =>
      `過去 12 個月，在 ${from} 之外您還另外花費了 ${spend}；升級到 ${product} 每年需多付 ${threshold}。`,
    upgradePeers: ({ share, segment, from, product }) =>
      `${among(segment)}，使用 ${from} 的客戶有 ${share} 已升級到 ${product}。`,
    whyLabel: '推薦理由',
    effectLabel: '對您的影響',
    valueChange: ({ months, before, after, change }) =>
      `您未來 ${months.text} 個月的預測價值：${before} → ${after}（${change}）。`,
    subscriptionChange: ({ months, before, after, change }) =>
      `您的訂閱在未來 ${months.text} 個月的預期價值：${before} → ${after}（${change}）。`,
    tierSooner: ({ tier, sooner: s, after, before }) =>
      `可讓您提早 ${sooner(s)}達到 ${tier}（${after}，而非 ${before}）。`,
    tierBy: ({ tier, after }) => `可讓您在 ${after} 前達到 ${tier}。`,
    milestoneSooner: ({ name, sooner: s, after, before }) =>
      `可讓您提早 ${sooner(s)}達成「${name}」（${after}，而非 ${before}）。`,
    milestoneBy: ({ name, after }) => `可讓您在 ${after} 前達成「${name}」。`,
    select: ({ kind, product }) => (kind === 'upsell' ? `升級到 ${product}` : `加購 ${product}`),
    learnMore: (product) => `了解 ${product}`,
    notLearned: '商家更新資料後，這裡就會顯示推薦。',
    notScored: '商家為客戶完成評分後，這裡就會顯示推薦。',
    none: '目前沒有推薦：與您情況相似的客戶常用的產品，您都已經在使用了。',
  },

  goals: {
    introCustomer: '您與客戶經理共同商定的目標，進度依據您自己的訂單計算。',
    introRep: '與這位客戶商定的目標，進度依據客戶自己的訂單計算。',
    none: '還沒有目標。',
    loading: '正在載入目標…',
    loadFailed: '目標暫時無法載入。',
    tryAgain: '重新載入目標',
    metricNames: {
      spend12m: '12 個月消費額',
      orders: '訂單數',
      productsAdopted: '使用的產品數',
      tierByDate: '會員等級',
      predictedValue: '預測價值',
    },
    summary: ({ metric, target, due }) => {
      switch (metric) {
        case 'spend12m':
          return `截至 ${due} 的 12 個月內消費 ${target.text}`;
        case 'orders':
          return `在 ${due} 前下 ${target.text} 筆訂單`;
        case 'productsAdopted':
          return `在 ${due} 前使用 ${target.text} 項產品`;
        case 'tierByDate':
          return `在 ${due} 前達到 ${target.text}`;
        case 'predictedValue':
          return `在 ${due} 前讓預測價值達到 ${target.text}`;
      }
    },
    statusLabel: '狀態',
    waitingForYou: '等待您的回覆',
    waitingForCustomer: '等待客戶回覆',
    waitingForAccountTeam: '等待您的客戶經理回覆',
    inProgress: '進行中',
    declined: '已拒絕',
    expired: '未獲回覆，已逾期',
    achieved: '已達成',
    missed: '未達成',
    due: (date) => `截止日期：${date}`,
    note: (text) => `備註：${text}`,
    progressLabel: '進度',
    progress: ({ value, target, metric }) =>
      metric === 'orders'
        ? `已下 ${value.text} 筆，目標 ${target.text} 筆`
        : metric === 'productsAdopted'
          ? `已使用 ${value.text} 項，目標 ${target.text} 項`
          : `已達 ${value.text}，目標 ${target.text}`,
    tierProgress: ({ current, target, percent }) => `目前為 ${current}，距離 ${target} 已完成 ${percent}`,
    countedFrom: (date) => `訂單自 ${date} 起計算。`,
    historyLabel: '變更紀錄',
    actor: ({ kind, repId }) => {
      switch (kind) {
        case 'you':
          return '您';
        case 'customer':
          return '客戶';
        case 'account-team':
          return '您的客戶經理';
        case 'rep':
          return repId ? `客戶經理 ${repId}` : '另一位客戶經理';
        case 'system':
          return '系統';
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
          return `${spaced(who)}已拒絕。`;
        case 'expired':
          return '這項提議未獲回覆，已逾期。';
        case 'achieved':
          return value ? `已達成，最終為 ${value}。` : '已達成。';
        case 'missed':
          return value ? `未達成，最終為 ${value}。` : '未達成。';
      }
    },

    accept: '接受',
    decline: '拒絕',
    counter: '提出新方案',
    cancel: '取消',
    proposeTitle: '提議一個目標',
    counterTitle: '您的新方案',
    metricField: '衡量指標',
    targetField: ({ metric, currency }) =>
      metric === 'spend12m' || metric === 'predictedValue'
        ? `目標（${currency}）`
        : metric === 'orders'
          ? '目標（訂單數）'
          : '目標（產品數）',
    tierField: '目標等級',
    dueField: '截止日期',
    noteField: '備註（選填）',
    send: '送出提議',
    sendCounter: '送出新方案',
    sending: '正在送出…',
    proposed: '您的提議已送出。',
    countered: '您的新方案已送出。',
    acceptedDone: '您已接受這個目標。',
    declinedDone: '您已拒絕這個目標。',

    needTarget: '請輸入大於零的目標。',
    needWholeNumber: '請輸入整數。',
    needTier: '請選擇一個等級。',
    needDueDate: '請選擇今天或之後的截止日期。',
    needChange: '請修改目標、截止日期，或兩者都修改。',
    errors: {
      badTarget: '這個目標不適用於此指標，請檢查後再試一次。',
      badDueDate: '截止日期須為今天或之後，且不超過五年。',
      badRequest: '目標無法依目前內容儲存，請檢查各欄位後再試一次。',
      forbidden: '這是您提出的提議，需由對方回覆。',
      ended: '這個目標已結束，無法再修改。',
      accepted: '這個目標已被接受，將持續到截止日期。',
      tooMany: '進行中的目標太多，請先回覆或完成其中一個。',
      notFound: '這個目標已不存在。',
    },
  },

  simulator: {
    intro: '拖動滑桿，看看您的資料會如何變化。不會下單，也不會儲存任何內容。',
    ordersLabel: '每月訂單數',
    ordersValue: (n) => `每月 ${n.text} 筆`,
    averageOrderLabel: '平均訂單金額',
    productsLegend: '您可以加購的產品',
    addProduct: ({ product, price, share }) => `加購 ${product}（${price}，預計出現在您 ${share} 的訂單中）`,
    resultsTitle: '調整後的結果',
    valueLabel: (n) => `未來 ${n.text} 個月的預測價值`,
    valueNow: ({ now, change }) => `目前 ${now}（${change}）`,
    tierLabel: '下一個等級',
    tierOn: ({ tier, date }) => `${date} 達到 ${tier}`,
    tierNotWithin: ({ tier, months }) => `未來 ${months.text} 個月內無法達到 ${tier}`,
    topTier: '您已是最高等級。',
    milestonesLabel: '里程碑',
    milestoneOn: ({ name, date }) => `${name}：${date}`,
    milestoneNotWithin: ({ name }) => `${name}：預測期間內無法達成`,
    was: (date) => `依目前的步調：${date}`,
    wasNotWithin: '依目前的步調，預測期間內無法達成',
    reset: '重設',
    notScored: '商家為客戶完成評分後，這裡就會顯示模擬器。',
    loading: '正在載入模擬器…',
    loadFailed: '模擬器暫時無法載入。',
    tryAgain: '重新載入模擬器',
    note: '在您的瀏覽器中，以與您的資料相同的公式計算：每月多下單，代表在您仍是客戶期間購買得更頻繁；加購的產品會依其比例出現在您的訂單中。',
  },
};
