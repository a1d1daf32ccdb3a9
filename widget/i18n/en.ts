/**
 * English messages: the reference catalogue. Every user-visible string of the widget lives here; the other
 * catalogues (`zh-CN.ts`, `zh-TW.ts`) implement the same `Messages` interface, and `index.test.ts` checks at
 * run time that they have exactly the same keys.
 *
 * Numbers, money and dates reach the messages already formatted for the locale (see `../format.ts`), so a
 * catalogue only decides wording, word order and plurals. A `Count` carries both the number (for plural
 * rules) and its formatted text, so the two can never disagree.
 */

/** A number together with its display text, e.g. `{ value: 4.25, text: '4.25' }`. */
export interface Count {
  readonly value: number;
  readonly text: string;
}

/** How one figure is computed: the customer's own numbers as an equation, then notes in plain words. */
export interface Explanation {
  readonly equation: string;
  readonly notes: readonly string[];
}

/** The customer's own numbers behind a prediction, formatted, for its "How is this calculated?" panel. */
export interface PredictionInputs {
  readonly repeatPurchases: Count;
  /** Whole weeks. */
  readonly weeksSinceFirst: Count;
  /** Whole weeks. */
  readonly weeksSinceLast: Count;
  /** Absent when the vendor does not show it to customers. */
  readonly probabilityAlive?: string;
  readonly months: Count;
  /** Expected purchases over the horizon, one decimal. */
  readonly purchases: string;
  readonly spend: string;
  /** Expected purchases x spend per purchase, before discounting. */
  readonly undiscounted: string;
  readonly value: string;
  /** The yearly discount rate as a percentage. */
  readonly rate: string;
  /** The customer's average repeat purchase; absent without repeat purchases. */
  readonly ownAverage?: string;
  /** The average of all customers and the shares of the blend; absent when the model gives no finite average. */
  readonly blend?: { readonly allAverage: string; readonly ownShare: string; readonly allShare: string };
  readonly computedAt: string;
}

/** The paragraphs of a prediction's explanation, in reading order. */
export interface PredictionExplanation {
  readonly model: string;
  /** "Customers who bought as often as you ... are still active X% of the time", and what that predicts. */
  readonly activity: readonly string[];
  /** The formula in words. */
  readonly formula: string;
  /** The formula in the customer's numbers. */
  readonly numbers: string;
  readonly spend: string;
  readonly computed: string;
}

export interface Messages {
  /** BCP 47 tag of the catalogue's language, set as `lang` on the rendered text. */
  readonly lang: string;

  readonly title: string;
  greeting(name: string): string;
  asOf(date: string): string;

  readonly loading: string;

  readonly emptyTitle: string;
  readonly emptyBody: string;

  readonly errorTitle: string;
  readonly errorNetwork: string;
  errorStatus(status: number): string;
  /** 429 or 503: the server asked us to come back later. */
  readonly errorBusy: string;
  /** 401 or 403 even with a fresh token. */
  readonly errorSession: string;
  /** The host page's `tokenProvider` failed or returned no token. */
  readonly errorSignIn: string;
  readonly errorUnreadable: string;
  /** Shown under an error while an automatic retry is scheduled. */
  readonly retrying: string;
  readonly tryAgain: string;

  /** The last figures stay on screen when a refresh fails: say so, and when they were fetched. */
  readonly staleTitle: string;
  staleBody(fetchedAt: string): string;

  readonly signedOutTitle: string;
  readonly signedOutBody: string;

  readonly howCalculated: string;
  readonly roundingNote: string;

  readonly realisedValue: {
    readonly label: string;
    explain(a: { grossPaid: string; refunds: string; amount: string }): Explanation;
  };
  readonly averageOrderValue: {
    readonly label: string;
    explain(a: { realisedValue: string; orders: Count; amount: string }): Explanation;
  };
  readonly purchaseFrequency: {
    readonly label: string;
    value(perYear: Count): string;
    explain(a: {
      orders: Count;
      yearsObserved: Count;
      perYear: Count;
      /** Present when the customer's tenure is shorter than the floor, so the floor was used. */
      floor?: { tenureYears: Count; minimumYears: Count };
    }): Explanation;
  };
  readonly tenure: {
    readonly label: string;
    value(years: Count): string;
    since(date: string): string;
    explain(a: { days: Count; years: Count; since: string; asOf: string }): Explanation;
  };
  readonly clv: {
    readonly label: string;
    equation(a: { averageOrderValue: string; perYear: Count; lifespanYears: Count; amount: string }): string;
    explain(a: { averageOrderValue: string; perYear: Count; lifespanYears: Count; amount: string }): Explanation;
  };
  readonly prediction: {
    readonly title: string;
    /** Shown instead of the figures while the vendor has not scored its customers: not an error. */
    readonly notYet: string;
    valueLabel(months: Count): string;
    readonly purchasesLabel: string;
    readonly spendLabel: string;
    readonly aliveLabel: string;
    explain(a: PredictionInputs): PredictionExplanation;
    readonly parametersCaption: string;
    readonly parameterHeader: string;
    readonly valueHeader: string;
    readonly describesHeader: string;
    /** What r and alpha describe. */
    readonly purchaseRate: string;
    /** What a and b describe. */
    readonly dropout: string;
    /** What p, q and gamma describe. */
    readonly spend: string;
    readonly parameterUnits: string;
  };
  readonly chart: {
    readonly title: string;
    canvasLabel(a: { fromMonth: string; toMonth: string; fromValue: string; toValue: string }): string;
    readonly noHistory: string;
    readonly loading: string;
    readonly failed: string;
    readonly showTable: string;
    readonly monthHeader: string;
    readonly valueHeader: string;
    readonly cumulativeHeader: string;
    readonly datasetLabel: string;
  };
  /** The loyalty sections' titles and notes; the rest of their messages are loaded with them (i18n/loyalty/). */
  readonly loyalty: {
    readonly tierTitle: string;
    readonly milestonesTitle: string;
    readonly rewardsTitle: string;
    /** Their messages could not be fetched (offline, or a deploy removed the chunk). */
    readonly unavailable: string;
  };
  /** The growth sections' titles and notes; the rest of their messages are loaded with them (i18n/growth/). */
  readonly growth: {
    readonly suggestionsTitle: string;
    readonly goalsTitle: string;
    readonly simulatorTitle: string;
    /** Their messages could not be fetched (offline, or a deploy removed the chunk). */
    readonly unavailable: string;
  };
}

// Plural rules see the number as displayed (at most two decimals), so 1.004 reads "1 year", not "1 years".
const plural = new Intl.PluralRules('en', { maximumFractionDigits: 2 });
const unit = (n: Count, one: string, other: string): string =>
  `${n.text} ${plural.select(n.value) === 'one' ? one : other}`;
const years = (n: Count): string => unit(n, 'year', 'years');
const orders = (n: Count): string => unit(n, 'order', 'orders');
const days = (n: Count): string => unit(n, 'day', 'days');
const weeks = (n: Count): string => unit(n, 'week', 'weeks');
const months = (n: Count): string => unit(n, 'month', 'months');
const repeats = (n: Count): string => unit(n, 'repeat purchase', 'repeat purchases');

export const en: Messages = {
  lang: 'en',

  title: 'Your value, open book',
  greeting: (name) => `Hello, ${name}`,
  asOf: (date) => `Figures as of ${date}`,

  loading: 'Loading your figures…',

  emptyTitle: 'No orders yet',
  emptyBody: 'Once you place your first order, you will see here what it is worth and exactly how we work it out.',

  errorTitle: 'We could not load your figures',
  errorNetwork: 'The server could not be reached. Check your connection and try again.',
  errorStatus: (status) => `The server answered with an error (HTTP ${status}).`,
  errorBusy: 'The service is busy at the moment.',
  errorSession: 'Your session has ended. Sign in again to see your figures.',
  errorSignIn: 'We could not confirm who you are, so your figures cannot be shown.',
  errorUnreadable: 'The server sent an answer the widget could not read.',
  retrying: 'We will try again automatically in a moment.',
  tryAgain: 'Try again',

  staleTitle: 'These figures may be out of date',
  staleBody: (fetchedAt) => `We could not refresh them, so you are seeing the figures we received on ${fetchedAt}.`,

  signedOutTitle: 'You are signed out',
  signedOutBody: 'Sign in to see your value.',

  howCalculated: 'How is this calculated?',
  roundingNote: 'Figures are rounded for display; the result is worked out from the exact numbers.',

  realisedValue: {
    label: 'Realised value to date',
    explain: ({ grossPaid, refunds, amount }) => ({
      equation: `${grossPaid} paid − ${refunds} refunded = ${amount}`,
      notes: ['Everything you have paid for your orders, less what was refunded to you.'],
    }),
  },
  averageOrderValue: {
    label: 'Average order value',
    explain: ({ realisedValue, orders: n, amount }) => ({
      equation: `${realisedValue} ÷ ${orders(n)} = ${amount}`,
      notes: ['Your realised value divided by the orders you kept (refunded orders are not counted).'],
    }),
  },
  purchaseFrequency: {
    label: 'Purchase frequency',
    value: (perYear) => `${perYear.text} per year`,
    explain: ({ orders: n, yearsObserved, perYear, floor }) => ({
      equation: `${orders(n)} ÷ ${years(yearsObserved)} = ${perYear.text} per year`,
      notes: [
        'The orders you kept, divided by the years you have been with us.',
        ...(floor
          ? [
              `You have been with us for ${years(floor.tenureYears)}, so we count ${years(floor.minimumYears)}: ` +
                'a busy first month is not projected as a whole year.',
            ]
          : []),
      ],
    }),
  },
  tenure: {
    label: 'Tenure',
    value: (n) => years(n),
    since: (date) => `Customer since ${date}`,
    explain: ({ days: d, years: y, since, asOf }) => ({
      equation: `${days(d)} ÷ 365.25 = ${years(y)}`,
      notes: [`Counted from your first order on ${since} to ${asOf}; a year is 365.25 days on average.`],
    }),
  },
  clv: {
    label: 'Projected lifetime value',
    equation: ({ averageOrderValue, perYear, lifespanYears, amount }) =>
      `${averageOrderValue} × ${perYear.text} per year × ${years(lifespanYears)} = ${amount}`,
    explain: ({ averageOrderValue, perYear, lifespanYears, amount }) => ({
      equation: 'average order value × purchases per year × expected lifespan in years = projected lifetime value',
      notes: [
        `Your average order value (${averageOrderValue}) × how many times a year you order (${perYear.text}) × ` +
          `how many years a customer usually stays with us (${years(lifespanYears)}) = ${amount}.`,
        `The expected lifespan of ${years(lifespanYears)} is the same for every customer of this shop: ` +
          'it is not a prediction about you in particular.',
      ],
    }),
  },
  prediction: {
    title: 'Your predicted value',
    notYet: 'Predictions appear once your vendor has scored its customers.',
    valueLabel: (n) => `Predicted value, next ${months(n)}`,
    purchasesLabel: 'Expected purchases',
    spendLabel: 'Expected spend per purchase',
    aliveLabel: 'Chance you are still an active customer',
    explain: (a) => ({
      model:
        'We use two standard models from customer research: BG/NBD (Fader, Hardie & Lee, 2005) for how often ' +
        'customers buy and whether they keep buying, and gamma-gamma (Fader & Hardie, 2013) for how much they ' +
        'spend per purchase.',
      activity: [
        a.probabilityAlive === undefined
          ? `The model looks at how often you bought (${repeats(a.repeatPurchases)} in ${weeks(a.weeksSinceFirst)}) ` +
            `and when you last bought (${weeks(a.weeksSinceLast)} ago).`
          : `Customers who bought as often as you (${repeats(a.repeatPurchases)} in ${weeks(a.weeksSinceFirst)}) ` +
            `and were last seen ${weeks(a.weeksSinceLast)} ago are still active ${a.probabilityAlive} of the time.`,
        // One decimal always reads as plural in English ("1.0 purchases").
        `From that, we expect ${a.purchases} purchases from you over the next ${months(a.months)}.`,
      ],
      formula: `predicted value = expected purchases × expected spend per purchase, each month discounted at ${a.rate} a year`,
      numbers:
        `In your numbers: ${a.purchases} × ${a.spend} = ${a.undiscounted} over the next ${months(a.months)}. ` +
        `Purchases further ahead count for less today: discounting each month at ${a.rate} a year brings this to ${a.value}.`,
      spend: !a.ownAverage
        ? `You have no repeat purchases yet, so the expected spend per purchase is the average of all customers: ${a.spend}.`
        : a.blend
        ? `The expected spend per purchase blends your own average repeat purchase (${a.ownAverage}) with the ` +
          `average of all customers (${a.blend.allAverage}): the more you have bought, the more it follows your own. ` +
          `With ${repeats(a.repeatPurchases)}, yours counts for ${a.blend.ownShare} and the average for ` +
          `${a.blend.allShare}, which gives ${a.spend}.`
        : `The expected spend per purchase blends your own average repeat purchase (${a.ownAverage}) with the ` +
          `average of all customers: the more you have bought, the more it follows your own. It comes to ${a.spend}.`,
      computed: `Computed on ${a.computedAt}.`,
    }),
    parametersCaption: 'Fitted parameters, the same for every customer of this shop',
    parameterHeader: 'Parameter',
    valueHeader: 'Value',
    describesHeader: 'Describes',
    purchaseRate: 'How often customers buy (BG/NBD)',
    dropout: 'How likely customers are to stop after a purchase (BG/NBD)',
    spend: 'How much customers spend per purchase (gamma-gamma)',
    parameterUnits: 'Time is counted in weeks; γ is in the smallest unit of the currency (cents for dollars).',
  },
  chart: {
    title: 'Your value over time',
    canvasLabel: ({ fromMonth, toMonth, fromValue, toValue }) =>
      `Line chart of your cumulative value by month, from ${fromValue} in ${fromMonth} to ${toValue} in ${toMonth}.`,
    noHistory: 'No monthly history yet.',
    loading: 'Loading the chart…',
    failed: 'The chart could not be loaded; the table has the same figures.',
    showTable: 'Show the figures as a table',
    monthHeader: 'Month',
    valueHeader: 'Value that month',
    cumulativeHeader: 'Cumulative value',
    datasetLabel: 'Cumulative value',
  },
  loyalty: {
    tierTitle: 'Your tier',
    milestonesTitle: 'Your milestones',
    rewardsTitle: 'Your rewards',
    unavailable: 'This part could not be loaded. Reload the page to try again.',
  },
  growth: {
    suggestionsTitle: 'Suggested for you',
    goalsTitle: 'Shared goals',
    simulatorTitle: 'What if…?',
    unavailable: 'This part could not be loaded. Reload the page to try again.',
  },
};
