/**
 * What a customer may see of their own standing: the vendor's disclosure settings remove fields from
 * the customer's copy (absent, not null, so nothing hints at a hidden value); the vendor and its reps
 * always get everything.
 */
import type { Program } from '../schemas/program.ts';
import type { Loyalty } from '../schemas/loyalty.ts';
import type { Prediction } from '../schemas/customer-value.ts';

export type Audience = 'customer' | 'vendor';

export function loyaltyFor(loyalty: Loyalty, disclosure: Program['disclosure'], audience: Audience): Loyalty {
  if (audience === 'vendor') return loyalty;
  const { lifecycle, pace, ...rest } = loyalty;
  const { probabilityAlive: _hiddenPace, ...paceWithout } = pace;
  const shown: Loyalty = { ...rest, pace: disclosure.probabilityAlive ? pace : paceWithout };
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
