/**
 * Pure scoring of RFM rows with fitted models: the part of a run that needs no database, shared by the
 * full refit and the per-customer refresh after new orders.
 */
import type { BgNbdParams, RfmRow } from '../../shared/clv/bg-nbd.ts';
import { gammaGammaExpectedSpend, type GammaGammaParams } from '../../shared/clv/gamma-gamma.ts';
import { predictedValue } from '../../shared/clv/predicted-value.ts';
import { calendarDayNumber, rfmFromPurchaseDays } from '../../shared/clv/rfm.ts';
import type { PurchaseDays } from '../db/score-repository.ts';

export const PURCHASE_MODEL = 'bg-nbd+gamma-gamma';

export interface CustomerRfm extends RfmRow {
  customerId: string;
  monetaryValue: number;
}

/** Each customer's RFM row as of `asOf`, from their purchase days in the tenant's time zone. */
export function toRfmRows(purchaseDays: PurchaseDays[], asOf: Date, timeZone: string): CustomerRfm[] {
  const endDay = calendarDayNumber(asOf, timeZone);
  return purchaseDays.map(({ customerId, days, values }) => ({ customerId, ...rfmFromPurchaseDays(days, values, endDay) }));
}

export interface ModelParams {
  purchase: BgNbdParams;
  spend: GammaGammaParams;
}

export interface ScoringSettings {
  horizonMonths: number;
  annualDiscountRate: number;
}

export interface CustomerScore {
  customerId: string;
  frequency: number;
  recencyWeeks: number;
  ageWeeks: number;
  monetaryValue: number;
  pAlive: number;
  expectedPurchases: number;
  expectedSpend: number;
  predictedValue: number;
}

export function scoreRow(row: CustomerRfm, params: ModelParams, settings: ScoringSettings): CustomerScore {
  const expectedSpend = gammaGammaExpectedSpend(params.spend, { frequency: row.frequency, monetaryValue: row.monetaryValue });
  const prediction = predictedValue({
    purchase: params.purchase,
    row,
    spendPerPurchase: expectedSpend,
    horizonMonths: settings.horizonMonths,
    annualDiscountRate: settings.annualDiscountRate,
  });
  return {
    customerId: row.customerId,
    frequency: row.frequency,
    recencyWeeks: row.recency,
    ageWeeks: row.T,
    monetaryValue: row.monetaryValue,
    pAlive: prediction.probabilityAlive,
    expectedPurchases: prediction.expectedPurchases,
    expectedSpend,
    predictedValue: Math.round(prediction.discountedValue),
  };
}
