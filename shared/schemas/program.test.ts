import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramSchema, type ProgramInput } from './program.ts';
import { defaultProgram } from '../loyalty/defaults.ts';

const messages = (input: unknown) => {
  const result = ProgramSchema.safeParse(input);
  assert.equal(result.success, false, 'refused');
  return result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
};

const tiers = (...list: Array<[string, number, number?]>): ProgramInput['tiers'] =>
  list.map(([name, atLeast, keepAtLeast]) => ({ id: name.toLowerCase(), name, atLeast, ...(keepAtLeast === undefined ? {} : { retention: { keepAtLeast } }) }));

test('the default program is valid, in the tenant currency, Member/Silver/Gold/Platinum on rolling 12-month spend', () => {
  const usd = defaultProgram('USD');
  assert.deepEqual(usd.tiers.map((tier) => [tier.name, tier.atLeast]), [['Member', 0], ['Silver', 100_000], ['Gold', 500_000], ['Platinum', 2_000_000]]);
  assert.deepEqual(usd.qualification, { metric: 'spend', window: 'rolling-12-months' });
  assert.equal(defaultProgram('JPY').tiers[1]?.atLeast, 1_000, 'JPY has no minor unit');
  assert.deepEqual(ProgramSchema.parse(usd), usd, 'a saved default reads back the same');
});

test('omitted sections take their defaults', () => {
  const program = ProgramSchema.parse({ tiers: tiers(['Member', 0], ['Gold', 1000]) });
  assert.equal(program.tiers[1]?.retention.graceMonths, 3);
  assert.equal(program.tiers[1]?.retention.keepAtLeast, undefined, 'keepAtLeast defaults to atLeast in the rules');
  assert.deepEqual(program.disclosure, { probabilityAlive: true, lifecycleStage: false });
  assert.deepEqual(program.rewards, []);
  assert.equal(program.points.earnPerCurrencyUnit, 1);
});

test('overlapping thresholds are refused with a message that names the tiers', () => {
  assert.deepEqual(messages({ tiers: tiers(['Member', 0], ['Silver', 1000], ['Gold', 1000]) }), ['tiers.2.atLeast: tiers "Silver" and "Gold" overlap: both start at 1000']);
  assert.deepEqual(messages({ tiers: tiers(['Member', 0], ['Silver', 1000], ['Gold', 5000, 800]) }), [
    'tiers.2.retention.keepAtLeast: tiers "Silver" and "Gold" overlap: "Gold" is kept from 800, below the 1000 that reaches "Silver"',
  ]);
});

test('unordered thresholds are refused with a message that names the tiers', () => {
  assert.deepEqual(messages({ tiers: tiers(['Member', 0], ['Gold', 5000], ['Silver', 1000]) }), [
    'tiers.2.atLeast: tiers out of order: "Silver" (1000) comes after "Gold" (5000) but needs less; list tiers from the lowest to the highest',
  ]);
});

test('other impossible programs are refused, each message naming what is wrong', () => {
  assert.match(messages({ tiers: tiers(['Silver', 100]) }).join(), /the first tier "Silver" must start at 0/);
  assert.match(messages({ tiers: tiers(['Member', 0], ['Gold', 5000, 6000]) }).join(), /tier "Gold": keepAtLeast \(6000\) is above atLeast \(5000\)/);
  assert.match(messages({ tiers: [...tiers(['Member', 0]), { id: 'member', name: 'Other', atLeast: 10 }] }).join(), /tiers "Member" and "Other" have the same id "member"/);
  assert.match(
    messages({ tiers: tiers(['Member', 0]), rewards: [{ id: 'x', name: 'Lounge', kind: 'other', qualifies: { tier: 'gold' } }] }).join(),
    /reward "Lounge" names tier "gold", which the program does not have/,
  );
  assert.match(messages({ tiers: tiers(['Member', 0]), unknown: 1 }).join(), /unknown|Unrecognized/i);
});
