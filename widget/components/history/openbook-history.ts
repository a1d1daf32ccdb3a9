import { css, html, type TemplateResult } from 'lit';
import '../../charts/cumulative-value-chart.ts';
import type { Messages } from '../../i18n/index.ts';
import { OpenbookElement, type SectionContext } from '../../openbook-element.ts';
import { frameStyles } from '../../openbook-element.styles.ts';
import { themeStyles } from '../../theme.ts';

/**
 * The `history` section: the customer's cumulative value by month, as a chart (chart.js, loaded only when
 * the chart nears the viewport) and as a table with the same figures.
 *
 * Nested in `<openbook-clv>` it renders inside that card; on its own it has its own card and states, and
 * shares the request of any other element given the same `api` and `token` (or `tokenProvider`):
 *
 * ```html
 * <openbook-history api="https://HOST" token="EMBED_JWT"></openbook-history>
 * ```
 *
 * @summary The customer's value over time, as a chart and a table.
 *
 * @fires - (none) this element fires no events.
 *
 * @csspart card - the outer box of every state (standalone only)
 * @csspart header - heading and date of the figures (standalone only)
 * @csspart chart - the chart block
 * @csspart chart-canvas - the chart's canvas
 * @csspart chart-table - the `<details>` with the table of figures
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" button
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - chart line, buttons, focus rings
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text and axis labels
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card and table rows
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors
 * @cssproperty [--openbook-radius=12px] - corner radius
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookHistory extends OpenbookElement {
  static override styles = [
    themeStyles,
    frameStyles,
    css`
      openbook-cumulative-value-chart {
        display: block;
      }
    `,
  ];

  protected override heading(m: Messages): string {
    return m.chart.title;
  }

  protected override renderSection({ value, locale }: SectionContext): TemplateResult {
    // Standalone, the card's heading already says what the chart is: its caption is kept for screen readers only.
    return html`
      <openbook-cumulative-value-chart
        part="chart"
        exportparts="canvas: chart-canvas, table: chart-table"
        .history=${value.history}
        .currency=${value.currency}
        .locale=${locale.formatLocale}
        .theme=${this.theme}
        ?caption-hidden=${!this.nestedIn}
      ></openbook-cumulative-value-chart>
    `;
  }
}

if (!customElements.get('openbook-history')) customElements.define('openbook-history', OpenbookHistory);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-history': OpenbookHistory;
  }
}
