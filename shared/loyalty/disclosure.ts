/**
 * What a customer may see of their own standing: the vendor's disclosure settings remove fields from
 * the customer's copy (absent, not null, so nothing hints at a hidden value), and the reason of a tier
 * override is never in it; the vendor and its reps always get everything.
 */
import type { Program } from '../schemas/program.ts';
import type { Loyalty } from '../schemas/loyalty.ts';
import type { Prediction } from '../schemas/customer-value.ts';

export type Audience = 'customer' | 'vendor';

export function loyaltyFor(loyalty: Loyalty, disclosure: Program['disclosure'], audience: Audience): Loyalty {
  if (audience === 'vendor') return loyalty;
  const { lifecycle, pace, tier, ...rest } = loyalty;
  const { probabilityAlive: _hiddenPace, ...paceWithout } = pace;
  // Why the vendor set a tier by hand is the vendor's note, never the customer's to read.
  const override = tier.override ? (({ reason: _reason, ...shownOverride }) => shownOverride)(tier.override) : null;
  const shown: Loyalty = { ...rest, tier: { ...tier, override }, pace: disclosure.probabilityAlive ? pace : paceWithout };
  if (disclosure.lifecycleStage && lifecycle) {
    const { probabilityAlive: _hiddenInput, ...inputsWithout } = lifecycle.inputs;
    shown.lifecycle = disclosure.probabilityAlive ? lifecycle : { ...lifecycle, inputs: inputsWithout };
  }
  return shown;
}

export function predictionFor(prediction: Prediction, disclosure: Program['disclosure'], audience: Audience): Prediction {
  if (audience === 'vendor' || disclosure.probabilityAlive) return prediction;
  const { probabilityAlive: _hidden, ...rest } = prediction;
  return rest;
}
