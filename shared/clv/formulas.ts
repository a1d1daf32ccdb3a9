/**
 * The open CLV formulas of our product sheets: simple enough that a customer can follow them with
 * their own numbers. Pure functions over plain numbers, shared by the server and the widget.
 */

export interface SimpleClvInputs {
  averageOrderValue: number;
  purchasesPerYear: number;
  lifespanYears: number;
}

/** Simple CLV = average order value x purchases per year x lifespan in years (100 x 4 x 3 = 1,200). */
export function simpleClv({ averageOrderValue, purchasesPerYear, lifespanYears }: SimpleClvInputs): number {
  return averageOrderValue * purchasesPerYear * lifespanYears;
}

export interface MarginClvInputs {
  monthlyGrossMargin: number;
  monthlyCostToServe: number;
  lifetimeMonths: number;
}

/** Margin CLV = (monthly gross margin - monthly cost to serve) x expected lifetime in months ((45 - 20) x 36 = 900). */
export function marginClv({ monthlyGrossMargin, monthlyCostToServe, lifetimeMonths }: MarginClvInputs): number {
  return (monthlyGrossMargin - monthlyCostToServe) * lifetimeMonths;
}

export interface RetentionClvInputs {
  /** M - R: margin per period (revenue M less retention cost R). */
  margin: number;
  /** r: probability that a customer still active stays for the next period, in [0, 1). */
  retention: number;
  /** d: discount rate per period. */
  discountRate: number;
  /** Margin received at the end of each period (first payment after one period) instead of at its start. */
  payLater?: boolean;
}

/**
 * Retention CLV with an infinite horizon and a constant retention rate:
 * pay now   (M - R)(1 + d) / (1 + d - r)   (M = 2000, R = 500, d = 5%, r = 80% gives 6,300);
 * pay later (M - R) r / (1 + d - r).
 */
export function retentionClv({ margin, retention, discountRate, payLater = false }: RetentionClvInputs): number {
  if (!(retention >= 0 && retention < 1 + discountRate)) {
    throw new RangeError(`retention must be in [0, 1 + discountRate), got ${retention}`);
  }
  const denominator = 1 + discountRate - retention;
  return payLater ? (margin * retention) / denominator : (margin * (1 + discountRate)) / denominator;
}
