import type { CustomerValue } from '../../api-client.ts';
import type { Messages } from '../../i18n/index.ts';
import { LoyaltySection, readLoyalty } from '../loyalty/loyalty-section.ts';

/**
 * The `tier` section: the customer's tier in the vendor's loyalty program and since when; the qualifying value
 * and its rule; a progress bar to the next tier with the exact amount still needed and the date it is reached
 * at the customer's pace (or "not at your current pace", with what would change it); what keeps the current
 * tier, by when, and when it ends; the benefits of this tier and the next; the points balance, kept apart
 * from the tier; and the lifecycle stage with its rule when the vendor discloses it. Each figure has its
 * "How is this calculated?".
 *
 * Without a loyalty program (`loyalty` absent from `/v1/me`) it shows nothing: nested in `<openbook-clv>` it
 * is left out, standalone it draws no card.
 *
 * ```html
 * <openbook-tier api="https://HOST" token="EMBED_JWT"></openbook-tier>
 * ```
 *
 * @summary The customer's loyalty tier, what it takes to reach the next one and to keep this one.
 *
 * @fires - (none) this element fires no events.
 *
 * @csspart card - the outer box of every state (standalone only)
 * @csspart header - heading and date of the figures (standalone only)
 * @csspart tier - the section's block
 * @csspart tier-current - the tier's name and since when
 * @csspart figures - the list of figures (qualifying value, lifecycle stage)
 * @csspart figure - one figure
 * @csspart tier-progress - progress to the next tier, the amount still needed and the projection
 * @csspart progress-bar - a progress bar (role="progressbar")
 * @csspart tier-keep - what keeps the current tier, by when, and when it ends
 * @csspart benefits - the benefits of the current and the next tier
 * @csspart points - the points balance, apart from the tier
 * @csspart stage - the lifecycle stage (only when the vendor discloses it)
 * @csspart explanation - a "How is this calculated?" disclosure
 * @csspart loyalty-note - the note shown if the section's texts could not be loaded
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" button
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - frame of the tier, progress bars, links, buttons, focus rings
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card, figures, points and progress bars
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors
 * @cssproperty [--openbook-radius=12px] - corner radius
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookTier extends LoyaltySection {
  /** Whether the customer has a tier to show: a loyalty program and a standing in it. */
  static shows(value: CustomerValue): boolean {
    return readLoyalty(value) !== undefined;
  }

  protected readonly key = 'tier';

  protected override hasContent(value: CustomerValue): boolean {
    return OpenbookTier.shows(value);
  }

  protected override heading(m: Messages): string {
    return m.loyalty.tierTitle;
  }
}

if (!customElements.get('openbook-tier')) customElements.define('openbook-tier', OpenbookTier);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-tier': OpenbookTier;
  }
}
