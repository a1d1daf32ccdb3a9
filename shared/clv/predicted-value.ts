/**
 * A customer's predicted future value: the BG/NBD conditional expectation of purchases (Fader, Hardie &
 * Lee 2005, eq. 10) month by month over the horizon, times the gamma-gamma expected spend per purchase
 * (Fader & Hardie 2013), each month discounted to today. This is the discrete-time form of the discounted
 * expected transactions of Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer
 * Base Analysis": purchases in month m are worth (1 + d)^(-m / 12) of their face value.
 */
import { bgNbdExpectedPurchases, bgNbdProbabilityAlive, type BgNbdParams, type RfmRow } from './bg-nbd.ts';

export const DAYS_PER_MONTH = 365.25 / 12;

export interface PredictedValueInputs {
  purchase: BgNbdParams;
  /** The customer's (frequency, recency, T) in periods of `periodDays` days. */
  row: RfmRow;
  /** Expected value of one purchase (gamma-gamma), in minor units. */
  spendPerPurchase: number;
  horizonMonths: number;
  /** Yearly discount rate, e.g. 0.1 for 10%. */
  annualDiscountRate: number;
  /** Days per period of `row` and of the model (7: weeks). */
  periodDays?: number;
}

export interface PredictedValue {
  probabilityAlive: number;
  /** Expected purchases over the whole horizon. */
  expectedPurchases: number;
  /** Expected purchases x spend per purchase, not discounted. */
  expectedRevenue: number;
  /** The predicted value: each month's expected revenue discounted to today. */
  discountedValue: number;
  /** Expected purchases and discounted value month by month, for charts and the what-if simulator. */
  monthly: Array<{ month: number; expectedPurchases: number; discountedValue: number }>;
}

export function predictedValue({ purchase, row, spendPerPurchase, horizonMonths, annualDiscountRate, periodDays = 7 }: PredictedValueInputs): PredictedValue {
  if (!(Number.isInteger(horizonMonths) && horizonMonths > 0)) throw new RangeError(`horizonMonths must be a positive whole number, got ${horizonMonths}`);
  if (!(annualDiscountRate > -1)) throw new RangeError(`annualDiscountRate must be above -1, got ${annualDiscountRate}`);
  const periodsPerMonth = DAYS_PER_MONTH / periodDays;
  const monthly: PredictedValue['monthly'] = [];
  let previous = 0;
  let discountedValue = 0;
  for (let month = 1; month <= horizonMonths; month += 1) {
    const cumulative = bgNbdExpectedPurchases(purchase, month * periodsPerMonth, row);
    const inMonth = Math.max(0, cumulative - previous);
    previous = cumulative;
    const value = (inMonth * spendPerPurchase) / Math.pow(1 + annualDiscountRate, month / 12);
    discountedValue += value;
    monthly.push({ month, expectedPurchases: inMonth, discountedValue: value });
  }
  return {
    probabilityAlive: bgNbdProbabilityAlive(purchase, row),
    expectedPurchases: previous,
    expectedRevenue: previous * spendPerPurchase,
    discountedValue,
    monthly,
  };
}
