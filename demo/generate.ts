/**
 * Generated customers and orders of "Acme Cloud", the demo vendor. Behaviour follows the BG/NBD story
 * so that it varies the way real customers do: each customer buys at their own rate (gamma across
 * customers), may drop out after any purchase (beta across customers), and spends around their own
 * average (gamma-gamma). Deterministic for a given seed and observation date.
 */
import type { CustomerInput } from '../shared/schemas/customers.ts';
import type { OrderInput } from '../shared/schemas/orders.ts';
import type { SubscriptionInput } from '../shared/schemas/subscriptions.ts';
import type { NpsResponseInput } from '../shared/schemas/nps.ts';
import type { AcquisitionSpendInput } from '../shared/schemas/acquisition-spend.ts';
import { mulberry32, pick, randomBeta, randomExponential, randomGamma, randomInt } from '../shared/random.ts';

export interface GenerateOptions {
  customers?: number;
  seed?: number;
  /** Orders happen up to this instant. */
  asOf?: Date;
  /** How far back the first customers arrived. */
  historyYears?: number;
  /** BG/NBD population parameters per week; the default gives about five orders per customer. */
  purchase?: { r: number; alpha: number; a: number; b: number };
}

export interface GeneratedData {
  customers: CustomerInput[];
  orders: OrderInput[];
  subscriptions: SubscriptionInput[];
  nps: NpsResponseInput[];
}

export const DEMO_PRODUCTS = [
  { sku: 'INV-01', name: 'Invoicing', price: 4900 },
  { sku: 'PAY-01', name: 'Payroll', price: 9900 },
  { sku: 'ANL-01', name: 'Analytics', price: 14900 },
  { sku: 'CRM-01', name: 'CRM', price: 7900 },
  { sku: 'INT-01', name: 'Integrations pack', price: 2900 },
  { sku: 'SUP-01', name: 'Priority support', price: 19900 },
] as const;

const FIRST = ['Blue', 'Northern', 'Bright', 'Silver', 'Green', 'Harbor', 'Summit', 'Quiet', 'Red', 'Golden', 'Swift', 'Pine'] as const;
const SECOND = ['Harbor', 'Peak', 'River', 'Field', 'Stone', 'Oak', 'Bay', 'Ridge', 'Lake', 'Forge', 'Mill', 'Bridge'] as const;
const INDUSTRIES = ['logistics', 'retail', 'healthcare', 'finance', 'education', 'manufacturing'] as const;
const SIZES = ['1-10', '11-50', '51-200', '201-1000'] as const;
const PLANS = ['starter', 'growth', 'enterprise'] as const;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const MAX_ORDERS_PER_CUSTOMER = 300;
const REFUND_SHARE = 0.03;

// Population parameters, per week (BG/NBD: r, alpha, a, b) and per order in cents (gamma-gamma: p, q, gamma).
export const DEMO_PURCHASE_PARAMS = { r: 0.9, alpha: 9, a: 0.6, b: 4.5 } as const;
const SPEND = { p: 6, q: 4, gamma: 6000 } as const;

export interface CustomerHistory {
  customer: CustomerInput;
  orders: OrderInput[];
  subscriptions: SubscriptionInput[];
  nps: NpsResponseInput[];
}

/** Monthly plan prices (cents); a subscription may move up one plan once. */
const PLAN_MRR = { starter: 2900, growth: 9900, enterprise: 29900 } as const;
const NEXT_PLAN = { starter: 'growth', growth: 'enterprise', enterprise: null } as const;
// Subscription retention, per month: the churn probability theta ~ Beta(alpha, beta) across customers.
const SUBSCRIPTION_CHURN = { alpha: 0.8, beta: 6 } as const;
const SUBSCRIBER_SHARE = 0.7;
const UPGRADE_PER_MONTH = 0.03;
const NPS_SHARE = 0.4;
const ACQUISITION_CHANNELS = ['paid-search', 'events', 'partners'] as const;
const MONTH_MS = (365.25 / 12) * DAY_MS;

/**
 * Customers one at a time with their orders, so that benchmarks can stream millions of rows into the
 * database without holding them all in memory.
 */
export function* generateCustomerHistories({
  customers = 500,
  seed = 42,
  asOf = new Date(),
  historyYears = 3,
  purchase = DEMO_PURCHASE_PARAMS,
}: GenerateOptions = {}): Generator<CustomerHistory> {
  const random = mulberry32(seed);
  const end = asOf.getTime();
  const start = end - historyYears * 365.25 * DAY_MS;

  for (let index = 1; index <= customers; index += 1) {
    const externalId = `cus_${String(index).padStart(5, '0')}`;
    const industry = pick(random, INDUSTRIES);
    const firstAt = start + random() * (end - start - DAY_MS);
    const customer: CustomerInput = {
      externalId,
      name: `${pick(random, FIRST)} ${pick(random, SECOND)} ${industry === 'logistics' ? 'Logistics' : 'Co'} #${index}`,
      email: `billing+${index}@example.com`,
      industry,
      size: pick(random, SIZES),
      plan: pick(random, PLANS),
      signedUpAt: new Date(firstAt - randomInt(random, 0, 30) * DAY_MS).toISOString(),
    };
    const subscriptions = random() < SUBSCRIBER_SHARE ? simulateSubscription(random, externalId, customer.plan as keyof typeof PLAN_MRR, firstAt, end) : [];
    const nps: NpsResponseInput[] =
      random() < NPS_SHARE
        ? [{ externalId: `nps_${externalId}`, customerId: externalId, score: Math.min(10, Math.max(0, Math.round(7.5 + 2.2 * (random() + random() - 1) * 2))), answeredAt: new Date(firstAt + random() * (end - firstAt)).toISOString() }]
        : [];

    const weeklyRate = randomGamma(random, purchase.r, purchase.alpha);
    const dropout = randomBeta(random, purchase.a, purchase.b);
    // Gamma-gamma: the customer's spend scale nu ~ Gamma(q, rate gamma); their mean order is p / nu.
    const averageSpend = SPEND.p / randomGamma(random, SPEND.q, SPEND.gamma);
    const favourite = pick(random, DEMO_PRODUCTS);

    const orders: OrderInput[] = [];
    let at = firstAt;
    for (let n = 1; n <= MAX_ORDERS_PER_CUSTOMER && at < end; n += 1) {
      const amount = Math.max(500, Math.round(randomGamma(random, SPEND.p, SPEND.p / averageSpend)));
      const second = random() < 0.3 ? pick(random, DEMO_PRODUCTS) : null;
      const firstShare = second && second.sku !== favourite.sku ? Math.round(amount * 0.7) : amount;
      const items = [{ sku: favourite.sku, quantity: 1, amount: firstShare }];
      if (firstShare !== amount && second) items.push({ sku: second.sku, quantity: 1, amount: amount - firstShare });
      orders.push({
        externalId: `ord_${String(index).padStart(5, '0')}_${String(n).padStart(3, '0')}`,
        customerId: externalId,
        occurredAt: new Date(Math.floor(at / 1000) * 1000).toISOString(),
        amount,
        status: random() < REFUND_SHARE ? 'refunded' : 'paid',
        items,
      });
      // BG/NBD: a customer may drop out after each repeat purchase, never right after the first.
      if (n > 1 && random() < dropout) break;
      at += randomExponential(random, weeklyRate) * WEEK_MS;
    }
    yield { customer, orders, subscriptions, nps };
  }
}

/**
 * One customer's subscription periods: monthly renewals until they cancel (sBG: a churn probability per
 * customer drawn from a beta), an occasional upgrade that ends one period and starts the next.
 */
function simulateSubscription(random: () => number, customerId: string, plan: keyof typeof PLAN_MRR, startAt: number, end: number): SubscriptionInput[] {
  const churn = randomBeta(random, SUBSCRIPTION_CHURN.alpha, SUBSCRIPTION_CHURN.beta);
  const periods: SubscriptionInput[] = [];
  let current: keyof typeof PLAN_MRR = plan;
  let periodStart = startAt;
  let at = startAt;
  for (;;) {
    at += MONTH_MS;
    if (at >= end) break;
    const cancels = random() < churn;
    const next = NEXT_PLAN[current];
    const upgrades = !cancels && next !== null && random() < UPGRADE_PER_MONTH;
    if (cancels || upgrades) {
      periods.push({ externalId: `sub_${customerId}_${periods.length + 1}`, customerId, plan: current, mrr: PLAN_MRR[current], startedAt: new Date(periodStart).toISOString(), endedAt: new Date(at).toISOString() });
      if (cancels) return periods;
      current = next ?? current;
      periodStart = at;
    }
  }
  periods.push({ externalId: `sub_${customerId}_${periods.length + 1}`, customerId, plan: current, mrr: PLAN_MRR[current], startedAt: new Date(periodStart).toISOString(), endedAt: null });
  return periods;
}

/** Monthly acquisition spend per channel over the history, scaled to the number of customers. */
export function generateAcquisitionSpend({ customers = 500, seed = 42, asOf = new Date(), historyYears = 3 }: GenerateOptions = {}): AcquisitionSpendInput[] {
  const random = mulberry32(seed + 1);
  const rows: AcquisitionSpendInput[] = [];
  const months = Math.round(historyYears * 12);
  // About $150 of spend per customer acquired, spread over the channels.
  const perMonth = (customers * 15000) / months;
  for (let back = months - 1; back >= 0; back -= 1) {
    const first = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - back, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    for (const channel of ACQUISITION_CHANNELS) {
      rows.push({
        externalId: `spend_${channel}_${first.toISOString().slice(0, 7)}`,
        channel,
        periodStart: first.toISOString().slice(0, 10),
        periodEnd: last.toISOString().slice(0, 10),
        amount: Math.round((perMonth / ACQUISITION_CHANNELS.length) * (0.6 + 0.8 * random())),
      });
    }
  }
  return rows;
}

export function generateDemoData(options: GenerateOptions = {}): GeneratedData {
  const data: GeneratedData = { customers: [], orders: [], subscriptions: [], nps: [] };
  for (const { customer, orders, subscriptions, nps } of generateCustomerHistories(options)) {
    data.customers.push(customer);
    data.orders.push(...orders);
    data.subscriptions.push(...subscriptions);
    data.nps.push(...nps);
  }
  return data;
}
