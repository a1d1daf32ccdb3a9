import { z } from 'zod';
import { ProgramSchema } from './program.ts';

/**
 * What the widget's what-if simulator computes with (`GET /v1/me/what-if`): the customer's own inputs to
 * the predicted value and to the loyalty rules, as the server uses them, so that `whatIf` of
 * shared/suggestions/what-if.ts gives in the browser exactly the figures the server would. Dates are
 * calendar dates in the tenant time zone; money is in minor units.
 */

const Day = z.iso.date();

export const WhatIfInputsSchema = z.object({
  asOf: z.string().describe('ISO 8601 date-time the inputs are as of'),
  timeZone: z.string(),
  currency: z.string(),
  model: z
    .object({
      purchase: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }).describe('BG/NBD, per week'),
      row: z.object({ frequency: z.number(), recency: z.number(), T: z.number() }).describe('repeat purchases, weeks to the last one, weeks observed'),
      spendPerPurchase: z.number().describe('gamma-gamma expected spend per purchase'),
      horizonMonths: z.number().int(),
      annualDiscountRate: z.number(),
    })
    .nullable()
    .describe('null before the customer is scored'),
  loyalty: z.object({
    programVersion: z.number().int(),
    program: ProgramSchema,
    orders: z.array(z.object({ id: z.string(), date: Day, amount: z.number() })).describe('kept orders'),
    productFirstDates: z.array(Day),
    firstNpsAnswerDate: Day.nullable(),
    custom: z.array(z.object({ milestoneId: z.string(), reachedDate: Day.nullable(), progress: z.number().nullable() })),
    redemptions: z.array(z.object({ id: z.string(), date: Day, points: z.number(), note: z.string().nullable() })),
    override: z.object({ tierId: z.string(), endsOn: Day, reason: z.string().nullable(), setAt: z.string() }).nullable(),
    score: z
      .object({
        scoredOn: Day,
        probabilityAlive: z.number().nullable().describe('null when the vendor does not disclose it'),
        computedAt: z.string(),
      })
      .nullable(),
  }),
  products: z
    .array(z.object({ sku: z.string(), name: z.string(), price: z.number().int(), share: z.number().min(0).max(1) }))
    .describe('catalogue products the customer does not own and may be suggested, with the share of purchases each would join'),
});
export type WhatIfInputs = z.infer<typeof WhatIfInputsSchema>;
