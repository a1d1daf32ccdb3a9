/**
 * The program a tenant has until it saves its own: four tiers on rolling 12-month spend with a grace
 * quarter, one point per currency unit kept for 24 months, milestones for tenure, orders, spend, products
 * and the first NPS answer, and the rewards of the product sheets. Amounts are written in whole currency
 * units and converted to the tenant's minor units (cents for USD, yen for JPY).
 */
import { ProgramSchema, type Program, type ProgramInput } from '../schemas/program.ts';
import { currencyDigits } from './calendar.ts';

const defaults = new Map<string, Program>();

/** The default program in a currency (the same object for every call: treat it as read-only). */
export function defaultProgram(currency = 'USD'): Program {
  let program = defaults.get(currency);
  if (!program) {
    program = buildDefaultProgram(currency);
    defaults.set(currency, program);
  }
  return program;
}

function buildDefaultProgram(currency: string): Program {
  const unit = 10 ** currencyDigits(currency);
  const money = (whole: number) => whole * unit;
  const input: ProgramInput = {
    name: 'Rewards',
    qualification: { metric: 'spend', window: 'rolling-12-months' },
    tiers: [
      { id: 'member', name: 'Member', atLeast: 0, retention: { graceMonths: 0 }, benefits: ['Points on every order'] },
      { id: 'silver', name: 'Silver', atLeast: money(1_000), retention: { keepAtLeast: money(1_000), graceMonths: 3 }, benefits: ['5% volume discount', 'Free shipping on repeat orders'] },
      { id: 'gold', name: 'Gold', atLeast: money(5_000), retention: { keepAtLeast: money(4_000), graceMonths: 3 }, benefits: ['10% volume discount', 'Webinars and early releases'] },
      { id: 'platinum', name: 'Platinum', atLeast: money(20_000), retention: { keepAtLeast: money(16_000), graceMonths: 3 }, benefits: ['15% volume discount', 'Priority support queue', '2% cashback'] },
    ],
    points: { earnPerCurrencyUnit: 1, expiryMonths: 24 },
    milestones: [
      { id: 'first-order', name: 'First order', kind: 'orders', target: 1, points: 100 },
      { id: 'ten-orders', name: '10 orders', kind: 'orders', target: 10, points: 250 },
      { id: 'one-year', name: 'One year with us', kind: 'tenure-years', target: 1, points: 200 },
      { id: 'three-years', name: 'Three years with us', kind: 'tenure-years', target: 3, points: 500 },
      { id: 'spend-10k', name: '10,000 spent', kind: 'lifetime-spend', target: money(10_000), points: 500 },
      { id: 'three-products', name: 'Three products adopted', kind: 'products', target: 3, points: 150 },
      { id: 'first-nps', name: 'Told us how we are doing', kind: 'first-nps-answer', target: 1, points: 50 },
    ],
    rewards: [
      { id: 'silver-discount', name: '5% volume discount', kind: 'volume-discount', percent: 5, qualifies: { tier: 'silver' } },
      { id: 'free-shipping', name: 'Free shipping on repeat orders', kind: 'free-shipping', repeatOrdersOnly: true, qualifies: { tier: 'silver' } },
      { id: 'gold-discount', name: '10% volume discount', kind: 'volume-discount', percent: 10, qualifies: { tier: 'gold' } },
      { id: 'early-access', name: 'Webinars and early releases', kind: 'exclusive-access', access: ['webinars', 'early releases'], qualifies: { tier: 'gold' } },
      { id: 'platinum-discount', name: '15% volume discount', kind: 'volume-discount', percent: 15, qualifies: { tier: 'platinum' } },
      { id: 'priority-support', name: 'Priority support queue', kind: 'priority-support', qualifies: { tier: 'platinum' } },
      { id: 'cashback', name: '2% cashback', kind: 'cashback', percent: 2, qualifies: { tier: 'platinum', rolling12MonthSpendAtLeast: money(20_000) } },
      { id: 'loyal-voucher', name: 'Voucher worth 25', description: 'Take 25 off an order', kind: 'other', pointsCost: 2_500, qualifies: { milestone: 'first-order' } },
    ],
  };
  return ProgramSchema.parse(input);
}
