import { html, nothing, type TemplateResult } from 'lit';
import type { Loyalty } from '../../../shared/schemas/loyalty.ts';
import type { CustomerValue } from '../../api-client.ts';
import type { CatalogueTag } from '../../i18n/index.ts';
import { loadLoyaltyMessages, loyaltyMessages, type LoyaltyMessages } from '../../i18n/loyalty/index.ts';
import { OpenbookElement, type SectionContext } from '../../openbook-element.ts';
import { frameStyles } from '../../openbook-element.styles.ts';
import { themeStyles } from '../../theme.ts';
import { valueStyles } from '../value/openbook-value.styles.ts';
import { lazySectionFrame, placeholder } from '../lazy-section-frame.ts';
import type { LoyaltyFormat } from './loyalty-format.ts';
import { loyaltyStyles } from './loyalty.styles.ts';
import type { LoyaltyViews } from './loyalty-views.ts';

/** What a loyalty view renders with, beyond the shared context. */
export interface LoyaltyContext extends SectionContext {
  readonly loyalty: Loyalty;
  readonly lm: LoyaltyMessages;
  readonly lf: LoyaltyFormat;
  /**
   * The level of the section's own sub-headings: 4 under its `<h3>` when nested in `<openbook-clv>`, 3 under
   * the card's `<h2>` when standalone.
   */
  readonly level: 3 | 4;
  /** Prefix of the section's element ids, which share the widget's shadow root when nested. */
  readonly ids: string;
}

/**
 * The customer's standing in the vendor's loyalty program, when there is one the widget can read; else
 * undefined. `loyalty` is absent from `/v1/me` when the vendor runs no program, or shows customers none of
 * it; the server validates what it sends, so this only keeps a malformed payload from breaking the card.
 */
export function readLoyalty(value: CustomerValue): Loyalty | undefined {
  const raw: unknown = value.loyalty;
  if (!isRecord(raw) || !isRecord(raw.tier) || !isRecord(raw.points) || !isRecord(raw.pace)) return undefined;
  const { current, qualifying, retention } = raw.tier;
  if (!isRecord(current) || typeof current.name !== 'string' || !Array.isArray(current.benefits)) return undefined;
  if (!isRecord(qualifying) || !Number.isFinite(qualifying.value) || !isRecord(retention)) return undefined;
  if (!Array.isArray(raw.milestones) || !Array.isArray(raw.rewards) || !Number.isFinite(raw.points.balance)) return undefined;
  return raw as unknown as Loyalty;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The views (the sections' rendering code) come in one lazily loaded chunk, like the messages: together they
// would take a quarter of openbook-clv.js's budget, for customers of vendors without a program too.
let views: LoyaltyViews | undefined;
let viewsRequest: Promise<LoyaltyViews> | undefined;

function loadViews(): Promise<LoyaltyViews> {
  viewsRequest ??= import('./loyalty-views.ts').then(
    (module) => {
      module.loyaltyViews.useLit({ html, nothing });
      return (views = module.loyaltyViews);
    },
    (error: unknown) => {
      viewsRequest = undefined; // a later section may try again
      throw error;
    },
  );
  return viewsRequest;
}

/**
 * What the three loyalty sections share: they show nothing at all when the customer has nothing of theirs to
 * see (nested, `<openbook-clv>` leaves them out; standalone, there is no card), and their views and messages
 * arrive in chunks of their own (see `loyalty-views.ts` and `i18n/loyalty/index.ts`), with a placeholder in
 * between and a short note if they cannot be fetched.
 */
export abstract class LoyaltySection extends OpenbookElement {
  static override styles = [themeStyles, frameStyles, valueStyles, loyaltyStyles];

  /** The catalogue being fetched for this element, and one that could not be. */
  private _loading: CatalogueTag | undefined;
  private _failed: CatalogueTag | undefined;

  /** The section's name: its part, the prefix of its ids, and its view. */
  protected abstract readonly key: keyof LoyaltyViews['render'];

  private _load(tag: CatalogueTag): void {
    if (this._loading === tag) return;
    this._loading = tag;
    const loaded = this.whenCodeMayLoad().then(() => Promise.all([loadLoyaltyMessages(tag), loadViews()]));
    loaded.then(
      () => {
        this._loading = undefined;
        this.requestUpdate();
      },
      () => {
        // Offline, or the chunks are gone after a deploy: say so in the section, never in the console.
        this._loading = undefined;
        this._failed = tag;
        this.requestUpdate();
      },
    );
  }

  protected override renderSection(context: SectionContext): TemplateResult {
    const loyalty = readLoyalty(context.value);
    if (!loyalty || !this.hasContent(context.value)) return html``;
    const { tag } = context.locale;
    const nested = this.nestedIn !== undefined;
    const labelId = `${this.key}-label`;
    const lm = loyaltyMessages(tag);
    const ready = lm !== undefined && views !== undefined;
    let body: TemplateResult;
    if (lm && views) {
      const lf = views.format(context.format, context.locale.formatLocale, context.value.currency);
      body = views.render[this.key]({ ...context, loyalty, lm, lf, level: nested ? 4 : 3, ids: this.key });
    } else if (this._failed === tag) {
      body = html`<p class="muted" part="loyalty-note">${context.m.loyalty.unavailable}</p>`;
    } else {
      this._load(tag);
      body = placeholder(context.m.loading);
    }
    const heading = nested ? { id: labelId, text: this.heading(context.m) } : undefined;
    return lazySectionFrame({ className: 'loyalty', part: this.key, heading, ready, body });
  }
}
