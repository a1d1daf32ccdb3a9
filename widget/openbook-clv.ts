import { html, nothing, type TemplateResult } from 'lit';
import './components/history/openbook-history.ts';
import './components/prediction/openbook-prediction.ts';
import './components/value/openbook-value.ts';
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
export { OpenbookPrediction } from './components/prediction/openbook-prediction.ts';
export { OpenbookValue } from './components/value/openbook-value.ts';
export { OpenbookElement, type ViewState } from './openbook-element.ts';
export { defaultSections, sectionElements, type SectionName } from './sections.ts';
export type { TokenGrant, TokenProvider } from './session/token.ts';
export type { Theme } from './theme.ts';

/**
 * Shows the signed-in customer their own value, open book: the projected lifetime value as an equation of
 * their own numbers, the figures it is built from, each with "How is this calculated?", their predicted value
 * with the models behind it, and their value over time. One card, one request; the sections are chosen and ordered with `sections`.
 *
 * ```html
 * <script type="module" src="https://HOST/widget/openbook-clv.js"></script>
 * <openbook-clv api="https://HOST" token="EMBED_JWT" sections="value,prediction,history" theme="auto"></openbook-clv>
 * ```
 *
 * Tokens: set `token` (or call `setToken()`), or give `tokenProvider`, an async function returning a fresh
 * token, which is called before the current one expires and once after a 401. A new token keeps the figures
 * on screen, marked busy, until the new ones arrive. `logout()` forgets figures and token.
 *
 * @summary The customer's lifetime value, with the working shown.
 *
 * @fires - (none) this element fires no events.
 *
 * @csspart card - the outer box of every state
 * @csspart header - title, greeting and date of the figures
 * @csspart section - each section element (also `section-value`, `section-prediction`, `section-history`)
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
  static override styles = [themeStyles, frameStyles, valueStyles, predictionStyles, rootStyles];

  static override properties = {
    sections: { type: String },
  };

  /**
   * Which sections to show, in order: `value`, `prediction`, `history` (comma- or space-separated). Unknown names are
   * skipped; see `sections.ts`.
   */
  declare sections: string | undefined;

  constructor() {
    super();
    this.sections = undefined;
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
    }
  }

  protected override heading(m: Messages): string {
    return m.title;
  }

  protected override greeting({ value, m }: SectionContext): string | undefined {
    const name = value.customer.name?.trim();
    return name ? m.greeting(name) : undefined;
  }

  protected override renderSection({ value, locale }: SectionContext): TemplateResult {
    const nestedIn: NestedIn = { value, host: this };
    return html`
      <div class="sections">
        ${parseSections(this.sections).map((name) => this._renderNested(name, nestedIn, locale.formatLocale))}
      </div>
    `;
  }
}

if (!customElements.get('openbook-clv')) customElements.define('openbook-clv', OpenbookClv);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-clv': OpenbookClv;
  }
}
