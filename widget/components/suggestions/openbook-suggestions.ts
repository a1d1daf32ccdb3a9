import type { CustomerValue } from '../../api-client.ts';
import type { Messages } from '../../i18n/index.ts';
import { GrowthSection, isRecord, type ViewFactory } from '../growth/growth-section.ts';

/** `detail` of `openbook-suggestion-select`. */
export interface SuggestionSelectDetail {
  /** The product's sku in the vendor's catalogue. */
  readonly sku: string;
}
export type SuggestionSelectEvent = CustomEvent<SuggestionSelectDetail>;

/**
 * The `suggestions` section: products worth taking, ranked by the server (cross-sell and upsell), each with
 * the vendor's name for it and a link to the vendor's page (only `https:` links, or `http:` on localhost),
 * why it was chosen in the customer's words ("62% of customers in logistics who use Invoicing also use
 * Payroll", with the counts), and what it would change: the predicted value before and after, and the next
 * tier or milestones reached sooner ("gets you to Gold 3 months sooner"). A button per suggestion tells the
 * host page the customer wants it, so the vendor can open a checkout.
 *
 * Without a catalogue (`suggestions` absent from `/v1/me`) it shows nothing: nested in `<openbook-clv>` it is
 * left out, standalone it draws no card. Vendor strings (names, segments) are only ever put into text. Its
 * rendering code and messages arrive in chunks of their own (`suggestions-view.ts`, `i18n/growth/`).
 *
 * ```html
 * <openbook-suggestions api="https://HOST" token="EMBED_JWT"></openbook-suggestions>
 * ```
 *
 * @summary Suggestions worth taking, with why and what each would change.
 *
 * @fires openbook-suggestion-select - the customer pressed a suggestion's button; `detail: { sku }`. Bubbles
 *   and is composed (it crosses shadow roots); fired on user action only.
 *
 * @csspart card - the outer box of every state (standalone only)
 * @csspart header - heading and date of the figures (standalone only)
 * @csspart suggestions - the section's block
 * @csspart suggestion - one suggestion
 * @csspart suggestion-link - the link to the vendor's page of the product
 * @csspart suggestion-why - why it was chosen, with the counts
 * @csspart suggestion-effect - what it would change
 * @csspart suggestion-select - the button that fires `openbook-suggestion-select`
 * @csspart suggestions-note - the note shown instead of suggestions (none, or not ready yet)
 * @csspart growth-note - the note shown if the section's code or texts could not be loaded
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" button
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - links, buttons, focus rings
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card and the suggestions
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors
 * @cssproperty [--openbook-radius=12px] - corner radius
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookSuggestions extends GrowthSection {
  /** Whether there are suggestions to show (or to say why not): the vendor has a catalogue. */
  static shows(value: CustomerValue): boolean {
    const raw: unknown = value.suggestions;
    return isRecord(raw) && typeof raw.status === 'string' && Array.isArray(raw.items);
  }

  protected readonly key = 'suggestions';

  protected override hasContent(value: CustomerValue): boolean {
    return OpenbookSuggestions.shows(value);
  }

  protected override heading(m: Messages): string {
    return m.growth.suggestionsTitle;
  }

  protected override loadView(): Promise<ViewFactory> {
    return import('./suggestions-view.ts').then((module) => module.createSuggestionsView);
  }
}

if (!customElements.get('openbook-suggestions')) customElements.define('openbook-suggestions', OpenbookSuggestions);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-suggestions': OpenbookSuggestions;
  }
  interface HTMLElementEventMap {
    'openbook-suggestion-select': SuggestionSelectEvent;
  }
}
