/**
 * A message catalogue kept out of the main bundle: one chunk per language, fetched once however many
 * sections ask, and forgotten when the fetch fails so that a section rendered later may try again.
 */
import type { CatalogueTag } from './index.ts';

export interface LazyCatalogue<T> {
  /** The catalogue when it has arrived, else undefined. */
  get(tag: CatalogueTag): T | undefined;
  load(tag: CatalogueTag): Promise<T>;
}

export function lazyCatalogue<T>(importers: Record<CatalogueTag, () => Promise<T>>): LazyCatalogue<T> {
  const loaded = new Map<CatalogueTag, T>();
  const pending = new Map<CatalogueTag, Promise<T>>();
  return {
    get: (tag) => loaded.get(tag),
    load(tag) {
      const done = loaded.get(tag);
      if (done) return Promise.resolve(done);
      let request = pending.get(tag);
      if (!request) {
        request = importers[tag]().then(
          (messages) => {
            loaded.set(tag, messages);
            pending.delete(tag);
            return messages;
          },
          (error: unknown) => {
            pending.delete(tag);
            throw error;
          },
        );
        pending.set(tag, request);
      }
      return request;
    },
  };
}
