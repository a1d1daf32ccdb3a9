import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { MonthlyValue } from '../../shared/schemas/customer-value.ts';
import { createFormatters, resolveLocale } from '../format.ts';
import { pickMessages } from '../i18n/index.ts';
import type { Theme } from '../theme.ts';
import type { CumulativeChart } from './chartjs.ts';

type ChartModule = typeof import('./chartjs.ts');
type Status = 'waiting' | 'loading' | 'ready' | 'failed';

/**
 * Fired once (bubbling, not composed: it stays in the shadow tree that holds the chart) when the chart no longer
 * waits for its code: it is drawn, has nothing to draw, could not be loaded, or is too far from the viewport to
 * be loaded now. `<openbook-clv>` lets the sections after the chart fetch their own code then.
 */
export const chartSettledEvent = 'openbook-chart-settled';

/**
 * A line chart of the customer's cumulative realised value by month, with a table of the same figures as
 * its text alternative. chart.js is imported only when the chart comes near the viewport.
 *
 * @csspart figure - the whole chart block
 * @csspart canvas - the chart's canvas
 * @csspart table - the `<details>` holding the table of figures
 *
 * @cssproperty --openbook-accent - line colour (the area below it is a translucent shade of it)
 * @cssproperty --openbook-text - axis labels
 * @cssproperty --openbook-surface - background of the table's sticky header
 *
 * Colours come from the `--_accent`, `--_text`, `--_surface` and `--_border` of the section that holds it
 * (see `theme.ts`), so the chart follows the widget's theme; it redraws when they change.
 */
export class OpenbookCumulativeValueChart extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    figcaption {
      font-weight: 600;
      margin-block-end: 0.5rem;
    }
    :host([caption-hidden]) figcaption {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .canvas-box {
      position: relative;
      block-size: 14rem;
    }
    canvas {
      /* chart.js cannot read custom properties: the accent reaches it as this element's computed colour */
      color: var(--_accent, var(--openbook-accent, #1d5fd1));
    }
    .status {
      margin: 0.5rem 0;
    }
    details {
      margin-block-start: 0.75rem;
    }
    summary {
      cursor: pointer;
      inline-size: fit-content;
      /* WCAG 2.2 target size: at least 24 by 24 CSS pixels */
      min-block-size: 24px;
      padding-block: 0.125rem;
      border-radius: 4px;
      color: var(--_accent, var(--openbook-accent, #1d5fd1));
      text-decoration: underline;
      text-underline-offset: 0.2em;
    }
    summary:focus-visible,
    .table-box:focus-visible {
      outline: 3px solid var(--_accent, var(--openbook-accent, #1d5fd1));
      outline-offset: 2px;
    }
    .table-box {
      /* a scrolling region must be reachable by keyboard, hence its tabindex */
      border-radius: 4px;
      overflow: auto;
      max-block-size: 20rem;
    }
    table {
      border-collapse: collapse;
      inline-size: 100%;
      margin-block-start: 0.5rem;
      font-variant-numeric: tabular-nums;
    }
    th,
    td {
      text-align: end;
      padding: 0.25rem 0.5rem;
      border-block-end: 1px solid var(--_border, color-mix(in srgb, currentColor 20%, transparent));
    }
    th:first-child {
      text-align: start;
    }
    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    thead th {
      position: sticky;
      inset-block-start: 0;
      background: var(--_surface, var(--openbook-surface, #ffffff));
    }
  `;

  static override properties = {
    history: { attribute: false },
    currency: { type: String },
    locale: { type: String },
    theme: { type: String },
    captionHidden: { type: Boolean, reflect: true, attribute: 'caption-hidden' },
    _status: { state: true },
  };

  /** One entry per month, oldest first, as in `CustomerValue.history`. */
  declare history: readonly MonthlyValue[];
  /** ISO 4217 code of the amounts in `history`. */
  declare currency: string;
  /** BCP 47 tag for messages and number formats; defaults to the page's `<html lang>`. */
  declare locale: string | undefined;
  /** The holder's theme: the colours themselves come from CSS, this only tells the chart to redraw. */
  declare theme: Theme | undefined;
  /** Keeps the caption for screen readers only, where a heading already names the chart. */
  declare captionHidden: boolean;
  private declare _status: Status;

  private _module: ChartModule | undefined;
  private _chart: CumulativeChart | undefined;
  private _drawn: string | undefined;
  private _observer: IntersectionObserver | undefined;
  private _settled = false;
  private _colorScheme: MediaQueryList | undefined;
  // Under theme="auto" the colours change with the system's: redraw with them.
  private readonly _onColorScheme = (): void => this.requestUpdate();

  constructor() {
    super();
    this.history = [];
    this.currency = 'USD';
    this.locale = undefined;
    this.theme = undefined;
    this.captionHidden = false;
    this._status = 'waiting';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._colorScheme = matchMedia('(prefers-color-scheme: dark)');
    this._colorScheme.addEventListener('change', this._onColorScheme);
    if (this._module) this.requestUpdate(); // reattached: draw again
    else this._loadWhenNearViewport();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._colorScheme?.removeEventListener('change', this._onColorScheme);
    this._colorScheme = undefined;
    this._observer?.disconnect();
    this._observer = undefined;
    this._destroyChart();
  }

  protected override updated(_changed: PropertyValues): void {
    this._draw();
  }

  private _loadWhenNearViewport(): void {
    if (this._status !== 'waiting' || this._observer) return;
    if (typeof IntersectionObserver === 'undefined') {
      void this._loadChartJs();
      return;
    }
    this._observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) {
          this._settle(); // not drawn before the reader scrolls to it
          return;
        }
        this._observer?.disconnect();
        this._observer = undefined;
        void this._loadChartJs();
      },
      { rootMargin: '200px' },
    );
    this._observer.observe(this);
  }

  private async _loadChartJs(): Promise<void> {
    this._status = 'loading';
    try {
      this._module = await import('./chartjs.ts');
      this._status = 'ready';
    } catch {
      // The table still carries every figure; say so instead of leaving a blank box. Nothing is logged:
      // the host page's console is not ours to fill.
      this._status = 'failed';
      this._settle();
    }
  }

  /** Whether the chart has settled (see `chartSettledEvent`): the event is fired once, this stays true. */
  get settled(): boolean {
    return this._settled;
  }

  private _settle(): void {
    if (this._settled) return;
    this._settled = true;
    this.dispatchEvent(new Event(chartSettledEvent, { bubbles: true }));
  }

  private _draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!this._module || !canvas || this.history.length === 0) {
      this._destroyChart();
      if (this._module) this._settle();
      return;
    }
    const locale = resolveLocale(this.locale);
    const line = getComputedStyle(canvas).color;
    const host = getComputedStyle(this);
    const text = host.color;
    // A refreshed token usually brings the same figures: keep the chart instead of replaying its animation.
    const key = JSON.stringify([locale, this.currency, this.history, line, text]);
    if (this._chart && this._chart.canvas === canvas && key === this._drawn) return;
    this._destroyChart();

    const format = createFormatters(locale, this.currency);
    this._chart = this._module.createCumulativeChart(canvas, {
      labels: this.history.map((entry) => format.month(entry.month)),
      values: this.history.map((entry) => entry.cumulative),
      datasetLabel: pickMessages(locale).chart.datasetLabel,
      formatValue: (minorUnits) => format.money(minorUnits),
      colors: { line, fill: withAlpha(line, 0.15), text, grid: withAlpha(text, 0.12) },
      fontFamily: host.fontFamily,
      animate: !matchMedia('(prefers-reduced-motion: reduce)').matches,
    });
    this._drawn = key;
    this._settle();
  }

  private _destroyChart(): void {
    this._chart?.destroy();
    this._chart = undefined;
    this._drawn = undefined;
  }

  protected override render() {
    const locale = resolveLocale(this.locale);
    const m = pickMessages(locale);
    const format = createFormatters(locale, this.currency);
    const first = this.history[0];
    const last = this.history[this.history.length - 1];

    return html`
      <figure part="figure" lang=${m.lang} data-status=${this._status}>
        <figcaption>${m.chart.title}</figcaption>
        ${first && last
          ? html`
              <div class="canvas-box">
                <canvas
                  part="canvas"
                  role="img"
                  aria-label=${m.chart.canvasLabel({
                    fromMonth: format.month(first.month, 'long'),
                    toMonth: format.month(last.month, 'long'),
                    fromValue: format.money(first.cumulative),
                    toValue: format.money(last.cumulative),
                  })}
                ></canvas>
              </div>
              ${this._status === 'loading' ? html`<p class="status">${m.chart.loading}</p>` : nothing}
              ${this._status === 'failed' ? html`<p class="status">${m.chart.failed}</p>` : nothing}
              <details part="table">
                <summary>${m.chart.showTable}</summary>
                <div class="table-box" role="region" aria-label=${m.chart.title} tabindex="0">
                  <table>
                    <caption class="visually-hidden">${m.chart.title}</caption>
                    <thead>
                      <tr>
                        <th scope="col">${m.chart.monthHeader}</th>
                        <th scope="col">${m.chart.valueHeader}</th>
                        <th scope="col">${m.chart.cumulativeHeader}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${this.history.map(
                        (entry) => html`
                          <tr>
                            <th scope="row">${format.month(entry.month, 'long')}</th>
                            <td>${format.money(entry.value)}</td>
                            <td>${format.money(entry.cumulative)}</td>
                          </tr>
                        `,
                      )}
                    </tbody>
                  </table>
                </div>
              </details>
            `
          : html`<p class="status">${m.chart.noHistory}</p>`}
      </figure>
    `;
  }
}

/** `rgb(29, 95, 209)` -> `rgba(29, 95, 209, 0.15)`; other colour syntaxes are returned unchanged. */
function withAlpha(color: string, alpha: number): string {
  const match = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  return match ? `rgba(${match[1]}, ${match[2]}, ${match[3]}, ${alpha})` : color;
}

if (!customElements.get('openbook-cumulative-value-chart')) {
  customElements.define('openbook-cumulative-value-chart', OpenbookCumulativeValueChart);
}

declare global {
  interface HTMLElementTagNameMap {
    'openbook-cumulative-value-chart': OpenbookCumulativeValueChart;
  }
}
