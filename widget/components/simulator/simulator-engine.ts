/**
 * The what-if simulator's computation, in the chunk `<openbook-simulator>` imports when it is first shown
 * (with `simulator-view.ts`): it brings the model code of shared/ (BG/NBD, gamma-gamma, the loyalty rules),
 * far too large for `openbook-clv.js`.
 *
 * Every figure comes from `whatIf` of shared/suggestions/what-if.ts, the function the server's tests check
 * against `GET /v1/me` and the suggestions' effects; this file only chooses its inputs from the sliders and
 * holds no formula of its own.
 */
import type { WhatIfInputs } from '../../../shared/schemas/what-if.ts';
import { fastestOrdersPerMonth, ordersPerMonth } from '../../../shared/suggestions/purchase-pace.ts';
import { whatIf, type WhatIfResult } from '../../../shared/suggestions/what-if.ts';
import { unreadable } from '../growth/growth-parts.ts';

export type { WhatIfResult };

/** A slider's range and the value it starts at (the customer's own). */
export interface SliderRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly base: number;
}

export interface Simulator {
  readonly inputs: WhatIfInputs;
  /** The figures as they are: the simulation with nothing changed. */
  readonly base: WhatIfResult;
  /** Expected orders per month over the prediction's horizon; null before the customer is scored. */
  readonly orders: SliderRange | null;
  /** Expected spend per purchase, minor units; null before the customer is scored. */
  readonly spend: SliderRange | null;
  /** The prediction's horizon (months). */
  readonly horizonMonths: number;
  /** How far ahead the loyalty program projects dates (months). */
  readonly projectionMonths: number;
  /**
   * Milestones no pace brings closer (a first NPS answer, the vendor's custom ones): the simulator leaves them
   * out while they are not reached, rather than call them "not within the projection".
   */
  readonly unprojected: ReadonlySet<string>;
}

export interface Settings {
  /** Undefined: as the model expects. */
  readonly ordersPerMonth?: number;
  /** Minor units; undefined: as the model expects. */
  readonly spendPerPurchase?: number;
  /** Skus of `inputs.products` to add. */
  readonly add: readonly string[];
}

/** The server validates its answer against WhatIfInputsSchema; this only keeps a wrong one from the model code. */
export function readWhatIfInputs(body: unknown): WhatIfInputs {
  const record = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  const model = record(body) ? body.model : undefined;
  const modelOk =
    model === null ||
    (record(model) && record(model.purchase) && record(model.row) && Number.isFinite(model.spendPerPurchase) && Number.isInteger(model.horizonMonths));
  if (
    !record(body) ||
    typeof body.asOf !== 'string' ||
    typeof body.timeZone !== 'string' ||
    !modelOk ||
    !record(body.loyalty) ||
    !record(body.loyalty.program) ||
    !Array.isArray(body.loyalty.orders) ||
    !Array.isArray(body.products)
  ) {
    throw unreadable('GET /v1/me/what-if');
  }
  return body as unknown as WhatIfInputs;
}

/** 1, 2 or 5 times a power of ten, at least `at`. */
function niceStep(at: number): number {
  const power = 10 ** Math.floor(Math.log10(at));
  const mantissa = at / power;
  return (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * power;
}

const ceilTo = (value: number, step: number) => Math.ceil(value / step - 1e-9) * step;
const floorTo = (value: number, step: number) => Math.floor(value / step + 1e-9) * step;

export function prepare(inputs: WhatIfInputs): Simulator {
  const base = whatIf(inputs);
  const { model } = inputs;
  const projectionMonths = inputs.loyalty.program.projection.horizonMonths;
  const unprojected = new Set(
    inputs.loyalty.program.milestones.filter((milestone) => milestone.kind === 'first-nps-answer' || milestone.kind === 'custom').map((milestone) => milestone.id),
  );
  if (!model || base.expectedPurchases === null) {
    return { inputs, base, orders: null, spend: null, horizonMonths: model?.horizonMonths ?? 12, projectionMonths, unprojected };
  }
  const ordersBase = ordersPerMonth(model);
  const ordersStep = Math.max(0.01, niceStep(ordersBase / 10));
  // Buying faster has a ceiling when each purchase may be the last: keep the slider below it.
  const ceiling = floorTo(fastestOrdersPerMonth(model) * 0.98, ordersStep);
  const ordersMax = Math.max(ordersStep, Math.min(ceiling, ceilTo(Math.max(ordersBase * 3, ordersStep * 10), ordersStep)));
  const spendBase = model.spendPerPurchase;
  const spendStep = Math.max(1, niceStep(spendBase / 20));
  return {
    inputs,
    base,
    orders: { min: 0, max: Math.max(ordersMax, ceilTo(ordersBase, ordersStep)), step: ordersStep, base: ordersBase },
    spend: { min: spendStep, max: ceilTo(Math.max(spendBase * 3, spendStep * 10), spendStep), step: spendStep, base: spendBase },
    horizonMonths: model.horizonMonths,
    projectionMonths,
    unprojected,
  };
}

/** The figures with these settings, from `whatIf`. */
export function simulate(simulator: Simulator, settings: Settings): WhatIfResult {
  const { inputs } = simulator;
  const untouched = settings.ordersPerMonth === undefined && settings.spendPerPurchase === undefined && settings.add.length === 0;
  if (untouched || !inputs.model) return simulator.base;
  const addProducts = inputs.products.filter((product) => settings.add.includes(product.sku));
  return whatIf(inputs, { ordersPerMonth: settings.ordersPerMonth, spendPerPurchase: settings.spendPerPurchase, addProducts });
}
