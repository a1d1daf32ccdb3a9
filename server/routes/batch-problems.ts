/**
 * How a batch upsert reports what is wrong with it: every problem with the item's index and field, in
 * one 400, before anything is written. Shared by every batch route.
 */
import { HttpError } from '../http-error.ts';

export type BatchProblem = { index: number; field: string; message: string };

export function invalidBatch(problems: BatchProblem[]): HttpError {
  const sorted = [...problems].sort((a, b) => a.index - b.index);
  const first = sorted[0];
  const where = first ? `items[${first.index}].${first.field}: ${first.message}` : '';
  return new HttpError(
    400,
    'invalid_request',
    `invalid batch: ${sorted.length} problem${sorted.length === 1 ? '' : 's'}, first at ${where}`,
    sorted.map((problem) => ({ in: 'body', path: `items[${problem.index}].${problem.field}`, ...problem })),
  );
}

export function duplicateIds(items: Array<{ externalId: string }>): BatchProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: BatchProblem[] = [];
  items.forEach((item, index) => {
    const earlier = firstIndex.get(item.externalId);
    if (earlier === undefined) firstIndex.set(item.externalId, index);
    else problems.push({ index, field: 'externalId', message: `duplicates items[${earlier}].externalId "${item.externalId}"` });
  });
  return problems;
}
