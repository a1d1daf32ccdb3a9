/**
 * GET /v1/me's one statement, kept in this server's memory: per claimed (tenant, key, customer, audience),
 * the token's key, the customer's revocation instant and their stored answer. A visit whose copy is here
 * costs no database round trip; the token's signature, expiry and revocation are still checked on every
 * request against the copy (server/plugins/auth.ts).
 *
 * A copy is only as good as what tells this server of changes: PostgreSQL's notifications of migration 0017,
 * heard by server/db/view-change-listener.ts. So the cache serves only while it is *live*: while a probe
 * notification sent lately has come back, which proves that every change committed before that probe has
 * been heard (a session receives notifications in commit order). When the listener is lost, or a probe is
 * overdue, every copy is dropped, and copies are kept again only once a new probe has come back.
 *
 * A read that was on its way to the database when a change was heard is not kept: it may have read the
 * rows before the change committed. Each forgetting raises an epoch (of the tenant, or of everything), and
 * a read is kept only when the epochs it started under still hold.
 */
import type { ClaimedView, EmbedKeyWithStoredView } from './db/stored-view-repository.ts';

/** What changed, as a notification says it: some customers of a tenant, or the whole tenant. */
export interface ViewChange {
  tenantId: string;
  /** null: everything of the tenant (its settings, its keys, or more customers than a notification holds). */
  customerIds: readonly string[] | null;
}

export interface StoredViewCacheOptions {
  /** How many copies are kept at most; 0 keeps none. */
  maxEntries: number;
  /** Monotonic milliseconds, for liveness (tests move it). */
  now?: () => number;
}

interface Stamp {
  epoch: number;
  tenantEpoch: number;
}

export class StoredViewCache {
  readonly maxEntries: number;
  /** tenant -> customer -> key id and audience -> the statement's answer. */
  #tenants = new Map<string, Map<string, Map<string, EmbedKeyWithStoredView>>>();
  #size = 0;
  #epoch = 0;
  #tenantEpochs = new Map<string, number>();
  #liveUntil = Number.NEGATIVE_INFINITY;
  #now: () => number;
  /** Visits answered from memory, since the start. */
  hits = 0;

  constructor({ maxEntries, now = () => performance.now() }: StoredViewCacheOptions) {
    this.maxEntries = maxEntries;
    this.#now = now;
  }

  /** How many copies are kept now. */
  get size(): number {
    return this.#size;
  }

  /** Whether copies are served and kept now. */
  get live(): boolean {
    return this.#now() < this.#liveUntil;
  }

  /**
   * The claimed token's key and stored answer at `asOf`: from memory when a copy is current, else from
   * `load` (the statement), whose answer is kept when it carries a stored answer and nothing changed meanwhile.
   */
  async read(claimed: ClaimedView, asOf: Date, load: () => Promise<EmbedKeyWithStoredView | null>): Promise<EmbedKeyWithStoredView | null> {
    const live = this.live;
    if (live) {
      const slots = this.#tenants.get(claimed.tenantId)?.get(claimed.customerId);
      const copy = slots?.get(slotOf(claimed));
      if (copy && isCurrent(copy, asOf)) {
        this.hits += 1;
        return copy;
      }
      // Past its window: the answer stored next replaces it in the database, and it must not outlive that here.
      if (copy) this.#drop(claimed);
    }
    const stamp = live && this.maxEntries > 0 ? this.#stamp(claimed.tenantId) : null;
    const found = await load();
    if (stamp && found?.storedView && this.#holds(stamp, claimed.tenantId) && isCurrent(found, asOf)) this.#keep(claimed, found);
    return found;
  }

  /** Drops what a change touched. */
  forget(change: ViewChange): void {
    const { tenantId, customerIds } = change;
    this.#tenantEpochs.set(tenantId, (this.#tenantEpochs.get(tenantId) ?? 0) + 1);
    const customers = this.#tenants.get(tenantId);
    if (!customers) return;
    if (customerIds === null) {
      for (const slots of customers.values()) this.#size -= slots.size;
      this.#tenants.delete(tenantId);
      return;
    }
    for (const customerId of customerIds) this.#dropCustomer(tenantId, customerId);
  }

  /**
   * Every change committed before the probe sent at `probeSentAt` has been heard: copies may be served until
   * `probeSentAt + liveForMs`. Coming back from not live, the copies kept before are dropped: changes
   * may have gone unheard meanwhile.
   */
  markLive(probeSentAt: number, liveForMs: number): void {
    if (!this.live) this.#forgetEverything();
    this.#liveUntil = Math.max(this.#liveUntil, probeSentAt + liveForMs);
  }

  /** Changes may go unheard from now on (the listener was lost): nothing is served or kept until markLive. */
  markLost(): void {
    this.#liveUntil = Number.NEGATIVE_INFINITY;
    this.#forgetEverything();
  }

  #drop(claimed: ClaimedView): void {
    const customers = this.#tenants.get(claimed.tenantId);
    const slots = customers?.get(claimed.customerId);
    if (!customers || !slots?.delete(slotOf(claimed))) return;
    this.#size -= 1;
    if (slots.size === 0) customers.delete(claimed.customerId);
    if (customers.size === 0) this.#tenants.delete(claimed.tenantId);
  }

  #forgetEverything(): void {
    this.#epoch += 1;
    this.#tenants.clear();
    this.#size = 0;
  }

  #stamp(tenantId: string): Stamp {
    return { epoch: this.#epoch, tenantEpoch: this.#tenantEpochs.get(tenantId) ?? 0 };
  }

  #holds(stamp: Stamp, tenantId: string): boolean {
    return this.live && stamp.epoch === this.#epoch && stamp.tenantEpoch === (this.#tenantEpochs.get(tenantId) ?? 0);
  }

  #keep(claimed: ClaimedView, found: EmbedKeyWithStoredView): void {
    let customers = this.#tenants.get(claimed.tenantId);
    if (!customers) this.#tenants.set(claimed.tenantId, (customers = new Map()));
    let slots = customers.get(claimed.customerId);
    if (!slots) customers.set(claimed.customerId, (slots = new Map()));
    const slot = slotOf(claimed);
    if (!slots.has(slot)) this.#size += 1;
    slots.set(slot, found);
    while (this.#size > this.maxEntries) this.#evictOldest(claimed.tenantId);
  }

  /**
   * Drops the customer kept longest ago (a Map iterates in insertion order): of `tenantId` when it holds
   * another, else of the tenant kept longest ago.
   */
  #evictOldest(tenantId: string): void {
    const from = (this.#tenants.get(tenantId)?.size ?? 0) > 1 ? tenantId : this.#tenants.keys().next().value;
    const oldest = from === undefined ? undefined : this.#tenants.get(from)?.keys().next().value;
    if (from === undefined || oldest === undefined) this.#forgetEverything();
    else this.#dropCustomer(from, oldest);
  }

  #dropCustomer(tenantId: string, customerId: string): void {
    const customers = this.#tenants.get(tenantId);
    const slots = customers?.get(customerId);
    if (!customers || !slots) return;
    this.#size -= slots.size;
    customers.delete(customerId);
    if (customers.size === 0) this.#tenants.delete(tenantId);
  }
}

const slotOf = (claimed: ClaimedView) => `${claimed.keyId}\u0000${claimed.audience}`;

function isCurrent(found: EmbedKeyWithStoredView, asOf: Date): boolean {
  const { viewComputedAt, viewValidUntil } = found;
  return viewComputedAt !== null && viewValidUntil !== null && asOf >= viewComputedAt && asOf < viewValidUntil;
}
