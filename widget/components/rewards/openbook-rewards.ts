import type { CustomerValue } from '../../api-client.ts';
import type { Messages } from '../../i18n/index.ts';
import { LoyaltySection, readLoyalty } from '../loyalty/loyalty-section.ts';

/**
 * The `rewards` section: what the customer can use now (the status benefits of their tier, and the rewards
 * they can have for the points they hold, with the price in points), then what unlocks next, with what
 * unlocks each: a tier and the amount still needed, a milestone and what is left of it, a year's spend, or
 * the points still missing.
 *
 * Without a loyalty program, or with a program that has no rewards, it shows nothing: nested in
 * `<openbook-clv>` it is left out, standalone it draws no card.
 *
 * ```html
 * <openbook-rewards api="https://HOST" token="EMBED_JWT"></openbook-rewards>
 * ```
 *
 * @summary The rewards the customer can use now, and what unlocks the others.
 *
 * @fires - (none) this element fires no events.
 *
 * @csspart card - the outer box of every state (standalone only)
 * @csspart header - heading and date of the figures (standalone only)
 * @csspart rewards - the section's block
 * @csspart rewards-now - the list of rewards the customer can use now
 * @csspart rewards-next - the list of rewards still locked
 * @csspart reward - one reward
 * @csspart reward-status - "With your tier" or the price in points
 * @csspart loyalty-note - the note shown if the section's texts could not be loaded
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" button
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - frame of the status of a reward, links, buttons, focus rings
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card and rewards
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors
 * @cssproperty [--openbook-radius=12px] - corner radius
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookRewards extends LoyaltySection {
  /** Whether the customer's program has rewards to show. */
  static shows(value: CustomerValue): boolean {
    return (readLoyalty(value)?.rewards.length ?? 0) > 0;
  }

  protected readonly key = 'rewards';

  protected override hasContent(value: CustomerValue): boolean {
    return OpenbookRewards.shows(value);
  }

  protected override heading(m: Messages): string {
    return m.loyalty.rewardsTitle;
  }
}

if (!customElements.get('openbook-rewards')) customElements.define('openbook-rewards', OpenbookRewards);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-rewards': OpenbookRewards;
  }
}
