import type { GoalStatus } from '../../../shared/schemas/goals.ts';
import type { Messages } from '../../i18n/index.ts';
import { GrowthSection, type ViewFactory } from '../growth/growth-section.ts';

/** `detail` of `openbook-goal-change`. */
export interface GoalChangeDetail {
  readonly goalId: string;
  /** The goal's status after the change: `proposed` after a proposal or counter-proposal. */
  readonly status: GoalStatus;
}
export type GoalChangeEvent = CustomEvent<GoalChangeDetail>;

/**
 * The `goals` section: growth goals the customer and the vendor's reps set together. It lists every goal
 * (newest first) with its status, due date, note, a progress bar from the customer's own data and its history
 * (who, when, what); lets either party propose a goal (a measure, a target, a due date and a note); and lets
 * the party a proposal waits for accept, decline or counter-propose it. The token's role decides the mode:
 * a customer token speaks for the customer, a rep token (`role: "rep"`) for the vendor. Which buttons a goal
 * shows is what the server says the caller may do (`actions`).
 *
 * Its requests (`/v1/me/goals`) use the token of the figures' session; the list is read again whenever the
 * figures are. A refused action is explained inline (role="alert") in the widget's own words. Its rendering
 * code and messages arrive in chunks of their own (`goals-view.ts`, `i18n/growth/`).
 *
 * ```html
 * <openbook-goals api="https://HOST" token="EMBED_JWT"></openbook-goals>
 * ```
 *
 * @summary Goals co-set with the vendor: progress, history, proposals and answers.
 *
 * @fires openbook-goal-change - a goal was proposed, accepted, declined or counter-proposed from this element;
 *   `detail: { goalId, status }`. Bubbles and is composed (it crosses shadow roots); fired on user action only.
 *
 * @csspart card - the outer box of every state (standalone only)
 * @csspart header - heading and date of the figures (standalone only)
 * @csspart goals - the section's block
 * @csspart goal - one goal
 * @csspart goal-status - the goal's status
 * @csspart progress-bar - a goal's progress bar (role="progressbar")
 * @csspart goal-actions - the accept, decline and counter-propose buttons
 * @csspart goal-history - the goal's history
 * @csspart goal-form - the proposal and counter-proposal forms
 * @csspart goal-error - an inline error (role="alert")
 * @csspart growth-note - the note shown if the section's code or texts could not be loaded
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" buttons
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - progress bars, links, buttons, focus rings
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card, goals, fields and progress bars
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors and invalid fields
 * @cssproperty [--openbook-radius=12px] - corner radius
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookGoals extends GrowthSection {
  protected readonly key = 'goals';

  protected override heading(m: Messages): string {
    return m.growth.goalsTitle;
  }

  protected override loadView(): Promise<ViewFactory> {
    return import('./goals-view.ts').then((module) => module.createGoalsView);
  }
}

if (!customElements.get('openbook-goals')) customElements.define('openbook-goals', OpenbookGoals);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-goals': OpenbookGoals;
  }
  interface HTMLElementEventMap {
    'openbook-goal-change': GoalChangeEvent;
  }
}
