import type { CustomerValue } from '../../api-client.ts';
import type { Messages } from '../../i18n/index.ts';
import { LoyaltySection, readLoyalty } from '../loyalty/loyalty-section.ts';

/**
 * The `milestones` section: the badges the customer has earned with the date each was reached, then the
 * closest next ones (soonest projected date first, then the furthest along) with a progress bar, the
 * projected date at the customer's pace (or the calendar date for anniversaries) and what counts towards
 * each; the others behind "N more milestones".
 *
 * Without a loyalty program, or with a program that has no milestones, it shows nothing: nested in
 * `<openbook-clv>` it is left out, standalone it draws no card.
 *
 * ```html
 * <openbook-milestones api="https://HOST" token="EMBED_JWT"></openbook-milestones>
 * ```
 *
 * @summary Earned badges and the closest next milestones.
 *
 * @fires - (none) this element fires no events.
 *
 * @csspart card - the outer box of every state (standalone only)
 * @csspart header - heading and date of the figures (standalone only)
 * @csspart milestones - the section's block
 * @csspart badges - the list of milestones reached
 * @csspart badge - one milestone reached
 * @csspart next-milestones - the list of milestones not reached yet
 * @csspart milestone - one milestone not reached yet
 * @csspart progress-bar - a progress bar (role="progressbar")
 * @csspart explanation - a "How is this calculated?" disclosure
 * @csspart loyalty-note - the note shown if the section's texts could not be loaded
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" button
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - badges' marks, progress bars, links, buttons, focus rings
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card, badges and progress bars
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors
 * @cssproperty [--openbook-radius=12px] - corner radius
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookMilestones extends LoyaltySection {
  /** Whether the customer's program has milestones to show. */
  static shows(value: CustomerValue): boolean {
    return (readLoyalty(value)?.milestones.length ?? 0) > 0;
  }

  protected readonly key = 'milestones';

  protected override hasContent(value: CustomerValue): boolean {
    return OpenbookMilestones.shows(value);
  }

  protected override heading(m: Messages): string {
    return m.loyalty.milestonesTitle;
  }
}

if (!customElements.get('openbook-milestones')) customElements.define('openbook-milestones', OpenbookMilestones);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-milestones': OpenbookMilestones;
  }
}
