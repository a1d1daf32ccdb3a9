/**
 * Points: earned on kept orders (per whole currency unit, rounded down per order) and on milestones,
 * spent by redemptions the vendor reports, and expired to the end of the month `expiryMonths` months
 * after the month they were earned. Redemptions use the oldest points first. The ledger is replayed
 * from these inputs, so it is the same however often it is recomputed.
 *
 * Points are spendable value, never status: tiers count points earned, not the balance, so a
 * redemption changes no tier.
 */
import type { LedgerEntry } from '../schemas/loyalty.ts';
import { endOfMonth, isoDate } from './calendar.ts';

export interface PointsRules {
  earnPerCurrencyUnit: number;
  expiryMonths: number | null;
  /** Minor units per whole currency unit (100 for USD, 1 for JPY). */
  minorPerUnit: number;
}

export interface PointsInputs {
  orders: ReadonlyArray<{ id: string; day: number; amount: number }>;
  milestones: ReadonlyArray<{ id: string; day: number; points: number }>;
  redemptions: ReadonlyArray<{ id: string; day: number; points: number; note: string | null }>;
}

export interface PointsLedger {
  /** Oldest first. */
  entries: LedgerEntry[];
  balance: number;
  earned: number;
  redeemed: number;
  expired: number;
  /** The next points to expire after `asOfDay` with no redemption: how many, and their last usable day. */
  nextExpiry: { points: number; usableThrough: number } | null;
}

export function orderPoints(amount: number, { earnPerCurrencyUnit, minorPerUnit }: PointsRules): number {
  // The epsilon keeps 12999 x 1.1 / 100 = 142.98999... from losing a point to binary rounding.
  return Math.max(0, Math.floor((amount * earnPerCurrencyUnit) / minorPerUnit + 1e-9));
}

/** The last day points earned on `day` can be used, or Infinity when they never expire. */
export function pointsUsableThrough(day: number, expiryMonths: number | null): number {
  return expiryMonths === null ? Number.POSITIVE_INFINITY : endOfMonth(day, expiryMonths);
}

type Movement =
  | { day: number; order: 0; kind: 'earned'; id: string; points: number; reason: LedgerEntry['reason'] }
  | { day: number; order: 1; kind: 'redeemed'; id: string; points: number; reason: LedgerEntry['reason'] };

export function pointsLedger(inputs: PointsInputs, rules: PointsRules, asOfDay: number): PointsLedger {
  const movements: Movement[] = [];
  for (const order of inputs.orders) {
    const points = orderPoints(order.amount, rules);
    if (points > 0) movements.push({ day: order.day, order: 0, kind: 'earned', id: `order:${order.id}`, points, reason: { code: 'order', ref: order.id, amount: order.amount } });
  }
  for (const milestone of inputs.milestones) {
    if (milestone.points > 0) movements.push({ day: milestone.day, order: 0, kind: 'earned', id: `milestone:${milestone.id}`, points: milestone.points, reason: { code: 'milestone', ref: milestone.id } });
  }
  for (const redemption of inputs.redemptions) {
    const reason: LedgerEntry['reason'] = { code: 'redemption', ref: redemption.id, ...(redemption.note ? { note: redemption.note } : {}) };
    movements.push({ day: redemption.day, order: 1, kind: 'redeemed', id: `redemption:${redemption.id}`, points: redemption.points, reason });
  }
  // Earned before redeemed on the same day, then by id: a stable order however the inputs arrive.
  movements.sort((a, b) => a.day - b.day || a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const lots: Array<{ usableThrough: number; remaining: number }> = [];
  const entries: LedgerEntry[] = [];
  let balance = 0;
  let earned = 0;
  let redeemed = 0;
  let expired = 0;
  // Points redeemed beyond the balance (a refund took back points already spent): paid off by the next earnings.
  let owed = 0;

  const expireBefore = (day: number) => {
    // Lots are in order of earning, and so of expiry.
    const byDay = new Map<number, number>();
    while (lots.length > 0 && (lots[0]?.usableThrough ?? Number.POSITIVE_INFINITY) < day) {
      const lot = lots.shift();
      if (!lot || lot.remaining === 0) continue;
      byDay.set(lot.usableThrough + 1, (byDay.get(lot.usableThrough + 1) ?? 0) + lot.remaining);
    }
    for (const [expiryDay, points] of byDay) {
      balance -= points;
      expired += points;
      entries.push({ id: `expiry:${isoDate(expiryDay)}`, date: isoDate(expiryDay), kind: 'expired', points: -points, balance, reason: { code: 'expiry', ref: null } });
    }
  };

  for (const movement of movements) {
    if (movement.day > asOfDay) continue;
    expireBefore(movement.day);
    if (movement.kind === 'earned') {
      const paysOff = Math.min(owed, movement.points);
      owed -= paysOff;
      if (movement.points > paysOff) lots.push({ usableThrough: pointsUsableThrough(movement.day, rules.expiryMonths), remaining: movement.points - paysOff });
      balance += movement.points;
      earned += movement.points;
      entries.push({ id: movement.id, date: isoDate(movement.day), kind: 'earned', points: movement.points, balance, reason: movement.reason });
    } else {
      let toUse = movement.points;
      for (const lot of lots) {
        const used = Math.min(lot.remaining, toUse);
        lot.remaining -= used;
        toUse -= used;
        if (toUse === 0) break;
      }
      owed += toUse;
      balance -= movement.points;
      redeemed += movement.points;
      entries.push({ id: movement.id, date: isoDate(movement.day), kind: 'redeemed', points: -movement.points, balance, reason: movement.reason });
    }
  }
  expireBefore(asOfDay);

  const next = lots.find((lot) => lot.remaining > 0 && Number.isFinite(lot.usableThrough));
  const nextExpiry = next
    ? { points: lots.filter((lot) => lot.usableThrough === next.usableThrough).reduce((sum, lot) => sum + lot.remaining, 0), usableThrough: next.usableThrough }
    : null;
  return { entries, balance, earned, redeemed, expired, nextExpiry };
}
