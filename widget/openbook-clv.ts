import { html, nothing, type TemplateResult } from 'lit';
import './components/history/openbook-history.ts';
import { chartSettledEvent } from './charts/cumulative-value-chart.ts';
import { OpenbookMilestones } from './components/milestones/openbook-milestones.ts';
import './components/prediction/openbook-prediction.ts';
import { OpenbookRewards } from './components/rewards/openbook-rewards.ts';
import { OpenbookTier } from './components/tier/openbook-tier.ts';
import './components/value/openbook-value.ts';
import './components/goals/openbook-goals.ts';
import { OpenbookSimulator } from './components/simulator/openbook-simulator.ts';
import { OpenbookSuggestions } from './components/suggestions/openbook-suggestions.ts';
import type { CustomerValue } from './api-client.ts';
import { growthStyles } from './components/growth/growth.styles.ts';
import { loyaltyStyles } from './components/loyalty/loyalty.styles.ts';
import type { Messages } from './i18n/index.ts';
import { rootStyles } from './openbook-clv.styles.ts';
import { OpenbookElement, type NestedIn, type SectionContext } from './openbook-element.ts';
import { predictionStyles } from './components/prediction/openbook-prediction.styles.ts';
import { valueStyles } from './components/value/openbook-value.styles.ts';
import { frameStyles } from './openbook-element.styles.ts';
import { parseSections, type SectionName } from './sections.ts';
import { themeStyles } from './theme.ts';

export { ApiError } from './api-client.ts';
export type { CustomerValue } from './api-client.ts';
export { OpenbookHistory } from './components/history/openbook-history.ts';
export { OpenbookMilestones } from './components/milestones/openbook-milestones.ts';
export { OpenbookPrediction } from './components/prediction/openbook-prediction.ts';
export { OpenbookRewards } from './components/rewards/openbook-rewards.ts';
export { OpenbookTier } from './components/tier/openbook-tier.ts';
export { OpenbookValue } from './components/value/openbook-value.ts';
export { OpenbookGoals, type GoalChangeDetail, type GoalChangeEvent } from './components/goals/openbook-goals.ts';
export { OpenbookSimulator } from './components/simulator/openbook-simulator.ts';
export {
  OpenbookSuggestions,
  type SuggestionSelectDetail,
  type SuggestionSelectEvent,
} from './components/suggestions/openbook-suggestions.ts';
export { OpenbookElement, type ViewState } from './openbook-element.ts';
export { defaultSections, sectionElements, type SectionName } from './sections.ts';
export type { TokenGrant, TokenProvider } from './session/token.ts';
export type { Theme } from './theme.ts';

/**
 * Shows the signed-in customer their own value, open book: the projected lifetime value as an equation of
 * their own numbers, the figures it is built from, each with "How is this calculated?", their predicted value
 * with the models behind it, and their value over time; with a loyalty program, also their tier, milestones
 * and rewards; with a catalogue, suggestions worth taking; a what-if simulator; and the goals they set with
 * the vendor's reps. One card; the sections are chosen and ordered with `sections`.
 *
 * ```html
 * <script type="module" src="https://HOST/widget/openbook-clv.js"></script>
 * <openbook-clv api="https://HOST" token="EMBED_JWT" sections="value,history,tier,prediction,suggestions,simulator,goals,milestones,rewards" theme="auto"></openbook-clv>
 * ```
 *
 * Tokens: set `token` (or call `setToken()`), or give `tokenProvider`, an async function returning a fresh
 * token, which is called before the current one expires and once after a 401. A new token keeps the figures
 * on screen, marked busy, until the new ones arrive. `logout()` forgets figures and token. A rep's token
 * (`role: "rep"`) shows the same customer to the vendor's rep, who answers and proposes goals for the vendor.
 *
 * @summary The customer's lifetime value, with the working shown.
 *
 * @fires openbook-suggestion-select - from the suggestions section, when a suggestion's button is pressed;
 *   `detail: { sku }` (bubbles, composed; user action only)
 * @fires openbook-goal-change - from the goals section, when a goal is proposed, accepted, declined or
 *   counter-proposed; `detail: { goalId, status }` (bubbles, composed; user action only)
 *
 * @csspart card - the outer box of every state
 * @csspart header - title, greeting and date of the figures
 * @csspart section - each section element (also `section-value`, `section-history`, `section-tier`,
 *   `section-prediction`, `section-suggestions`, `section-simulator`, `section-goals`, `section-milestones`,
 *   `section-rewards`)
 * @csspart clv - the projected lifetime value block
 * @csspart equation - the lifetime value equation in the customer's numbers
 * @csspart figures - the list of figures
 * @csspart figure - one figure (realised value, average order value, frequency, tenure; predicted value,
 *   expected purchases, expected spend per purchase, chance of being active)
 * @csspart explanation - a "How is this calculated?" disclosure
 * @csspart prediction - the predicted value block
 * @csspart parameters - the table of fitted model parameters in the prediction's explanation
 * @csspart prediction-note - the note shown while there is no prediction yet
 * @csspart chart - the value-over-time chart block
 * @csspart chart-canvas - the chart's canvas
 * @csspart chart-table - the chart's table of figures
 * @csspart tier - the tier section's block; with `tier-current`, `tier-progress`, `tier-keep`, `benefits`,
 *   `points` and `stage` (see `<openbook-tier>`)
 * @csspart progress-bar - a progress bar (role="progressbar") of the tier, a milestone or a goal
 * @csspart milestones - the milestones section's block; with `badges`, `badge`, `next-milestones`, `milestone`
 * @csspart rewards - the rewards section's block; with `rewards-now`, `rewards-next`, `reward`, `reward-status`
 * @csspart loyalty-note - the note shown if a loyalty section's texts could not be loaded
 * @csspart suggestions - the suggestions section's block; with `suggestion`, `suggestion-link`, `suggestion-why`,
 *   `suggestion-effect`, `suggestion-select`, `suggestions-note` (see `<openbook-suggestions>`)
 * @csspart goals - the goals section's block; with `goal`, `goal-status`, `goal-actions`, `goal-history`,
 *   `goal-form`, `goal-error` and `progress-bar` (see `<openbook-goals>`)
 * @csspart simulator - the simulator's block; with `simulator-controls`, `simulator-results`, `simulator-error`
 * @csspart growth-note - the note shown if the texts of the suggestions, goals or simulator could not be loaded
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" button
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - accent: lifetime value frame, links, buttons, focus rings, chart line
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card, figures and table rows
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors
 * @cssproperty [--openbook-radius=12px] - corner radius of the card
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookClv extends OpenbookElement {
  // The nested sections render in this shadow root (see OpenbookElement.createRenderRoot): their styles too.
  static override styles = [themeStyles, frameStyles, valueStyles, predictionStyles, loyaltyStyles, growthStyles, rootStyles];

  static override properties = {
    sections: { type: String },
  };

  /**
   * Which sections to show, in order: `value`, `history`, `tier`, `prediction`, `suggestions`, `simulator`,
   * `goals`, `milestones`, `rewards` (comma- or space-separated). Unknown names are skipped; see `sections.ts`.
   */
  declare sections: string | undefined;

  /**
   * The first figures are painted before the other sections are rendered: the first render with figures
   * shows the first section alone, and the rest follow once that frame is painted (`npm run bench -- widget`,
   * default sections: 382 to 238 ms from connected to painted on a slow 2-core machine).
   */
  private _allSectionsShown = false;
  private _showingAll: Promise<void> | undefined;

  /**
   * The sections after the chart fetch their lazily loaded code and texts once it settles (drawn, failed, or
   * waiting for a scroll), so that chart.js, the largest chunk, is not queued behind theirs: with the default
   * sections the chart is drawn after 27 KB of script instead of 55 KB (`npm run bench -- widget`).
   */
  private _chartSettled: Promise<void> | undefined;

  constructor() {
    super();
    this.sections = undefined;
  }

  /** Resolves once every section is rendered, not only the first. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    if (!this._showingAll) return complete;
    await this._showingAll;
    return super.getUpdateComplete();
  }

  private _showAllSoon(): void {
    if (this._showingAll) return;
    this._showingAll = new Promise<void>((resolve) => {
      const showAll = () => {
        if (this._allSectionsShown) return;
        this._allSectionsShown = true;
        this.requestUpdate();
        resolve();
      };
      // Once the next frame is painted: a task queued from its animation callbacks runs after its paint (one
      // run by the callback itself would render everything before that paint). A hidden page runs no frames,
      // hence the timer as well.
      requestAnimationFrame(() => setTimeout(showAll, 0));
      setTimeout(showAll, 100);
    });
  }

  private _whenChartSettled(): Promise<void> {
    this._chartSettled ??= new Promise<void>((resolve) => {
      const root = this.renderRoot;
      const settled = () => {
        root.removeEventListener(chartSettledEvent, settled);
        clearTimeout(timer);
        resolve();
      };
      root.addEventListener(chartSettledEvent, settled);
      // A chart shown before any section followed it (the sections changed since) has settled already.
      if (root.querySelector('openbook-cumulative-value-chart')?.settled) queueMicrotask(settled);
      // A chart that neither draws nor gives up (a very slow network) holds the other sections back no longer.
      const timer = setTimeout(settled, CHART_FIRST_MAX_MS);
    });
    return this._chartSettled;
  }

  private _renderNested(name: SectionName, nestedIn: NestedIn, locale: string): TemplateResult {
    const theme = this.theme ?? nothing;
    switch (name) {
      case 'value':
        return html`<openbook-value
          part="section section-value"
          theme=${theme}
          locale=${locale}
          .nestedIn=${nestedIn}
        ></openbook-value>`;
      case 'prediction':
        return html`<openbook-prediction
          part="section section-prediction"
          theme=${theme}
          locale=${locale}
          .nestedIn=${nestedIn}
        ></openbook-prediction>`;
      case 'history':
        return html`<openbook-history
          part="section section-history"
          theme=${theme}
          locale=${locale}
          .nestedIn=${nestedIn}
        ></openbook-history>`;
      case 'tier':
        return html`<openbook-tier
          part="section section-tier"
          theme=${theme}
          locale=${locale}
          .nestedIn=${nestedIn}
        ></openbook-tier>`;
      case 'milestones':
        return html`<openbook-milestones
          part="section section-milestones"
          theme=${theme}
          locale=${locale}
          .nestedIn=${nestedIn}
        ></openbook-milestones>`;
      case 'rewards':
        return html`<openbook-rewards
          part="section section-rewards"
          theme=${theme}
          locale=${locale}
          .nestedIn=${nestedIn}
        ></openbook-rewards>`;
      case 'suggestions':
        return html`<openbook-suggestions
          part="section section-suggestions"
          theme=${theme}
          locale=${locale}
          .nestedIn=${nestedIn}
        ></openbook-suggestions>`;
      case 'goals':
        return html`<openbook-goals
          part="section section-goals"
          theme=${theme}
          locale=${locale}
          .nestedIn=${nestedIn}
        ></openbook-goals>`;
      case 'simulator':
        return html`<openbook-simulator
          part="section section-simulator"
          theme=${theme}
          locale=${locale}
          .nestedIn=${nestedIn}
        ></openbook-simulator>`;
    }
  }

  /** The listed sections that have something to show this customer. */
  private _shownSections(value: CustomerValue): SectionName[] {
    return parseSections(this.sections).filter((name) => sectionShows(name, value));
  }

  protected override heading(m: Messages): string {
    return m.title;
  }

  protected override greeting({ value, m }: SectionContext): string | undefined {
    const name = value.customer.name?.trim();
    return name ? m.greeting(name) : undefined;
  }

  protected override hasContent(value: CustomerValue): boolean {
    return this._shownSections(value).length > 0;
  }

  protected override renderSection({ value, locale }: SectionContext): TemplateResult {
    const nestedIn: NestedIn = { value, host: this };
    const shown = this._shownSections(value);
    if (!this._allSectionsShown && shown.length > 1) this._showAllSoon();
    const rendered = this._allSectionsShown ? shown : shown.slice(0, 1);
    const chartAt = rendered.indexOf('history');
    const afterChart: NestedIn | undefined =
      chartAt >= 0 && chartAt < rendered.length - 1 ? { ...nestedIn, codeMayLoad: this._whenChartSettled() } : undefined;
    return html`
      <div class="sections">
        ${rendered.map((name, index) =>
          this._renderNested(name, afterChart && index > chartAt ? afterChart : nestedIn, locale.formatLocale),
        )}
      </div>
    `;
  }
}

/** How long the sections after the chart wait for it, at most. */
const CHART_FIRST_MAX_MS = 2000;

/** Whether a section has anything to show this customer: the loyalty sections only with a loyalty program. */
function sectionShows(name: SectionName, value: CustomerValue): boolean {
  switch (name) {
    case 'tier':
      return OpenbookTier.shows(value);
    case 'milestones':
      return OpenbookMilestones.shows(value);
    case 'rewards':
      return OpenbookRewards.shows(value);
    case 'suggestions':
      return OpenbookSuggestions.shows(value);
    case 'simulator':
      return OpenbookSimulator.shows(value);
    default:
      return true;
  }
}

if (!customElements.get('openbook-clv')) customElements.define('openbook-clv', OpenbookClv);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-clv': OpenbookClv;
  }
}
