/**
 * Pieces the loyalty views share: sub-headings, "How is this calculated?", progress bars and the pace
 * projections assume. Part of the lazily loaded loyalty chunk (see `loyalty-views.ts`).
 */
import type { TemplateResult } from 'lit';
import type { Messages } from '../../i18n/index.ts';
import type { PaceFigures } from '../../i18n/loyalty/index.ts';
import { html, nothing } from './loyalty-lit.ts';
import type { LoyaltyContext } from './loyalty-section.ts';

/** A sub-heading at the section's level. */
export function subHeading(level: 3 | 4, id: string | undefined, text: string, className = 'label'): TemplateResult {
  return level === 3
    ? html`<h3 class=${className} id=${id ?? nothing}>${text}</h3>`
    : html`<h4 class=${className} id=${id ?? nothing}>${text}</h4>`;
}

/** "How is this calculated?", described by the figure's label for those who move from summary to summary. */
export function explanation(m: Messages, labelId: string, paragraphs: readonly string[]): TemplateResult {
  return html`
    <details part="explanation">
      <summary aria-describedby=${labelId}>${m.howCalculated}</summary>
      ${paragraphs.filter((text) => text !== '').map((text) => html`<p>${text}</p>`)}
    </details>
  `;
}

export interface ProgressBar {
  /** The id of the visible text that names the bar. */
  readonly labelledBy: string;
  readonly min: number;
  readonly max: number;
  readonly now: number;
  /** The figures as the customer reads them, e.g. "$819.85 of $5,000.00". */
  readonly text: string;
}

/**
 * A progress bar with its role and values for assistive technology (WAI-ARIA `progressbar`: a name from the
 * visible label, `aria-valuenow` within `aria-valuemin`..`aria-valuemax`, and the figures in words as
 * `aria-valuetext`). The fill is an SVG rectangle whose width is an attribute, not a style: pages with a
 * strict Content-Security-Policy refuse inline styles.
 */
export function progressBar({ labelledBy, min, max, now, text }: ProgressBar): TemplateResult {
  const clamped = Math.min(max, Math.max(min, now));
  const share = max > min ? (clamped - min) / (max - min) : 1;
  return html`
    <div
      class="bar"
      part="progress-bar"
      role="progressbar"
      aria-labelledby=${labelledBy}
      aria-valuemin=${min}
      aria-valuemax=${max}
      aria-valuenow=${clamped}
      aria-valuetext=${text}
    >
      <svg class="fill" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect width=${Math.round(share * 1000)} height="10"></rect>
      </svg>
    </div>
  `;
}

/** The pace projections assume, formatted; undefined without a model. */
export function paceFigures({ loyalty, format }: LoyaltyContext): PaceFigures | undefined {
  const { pace } = loyalty;
  if (!pace.available || pace.expectedPurchasesNext12Months === null || pace.spendPerPurchase === null) return undefined;
  return { purchases: format.oneDecimal(pace.expectedPurchasesNext12Months), spend: format.money(pace.spendPerPurchase) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
