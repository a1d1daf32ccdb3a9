/**
 * Pieces the growth views share, in their lazily loaded chunks. Nothing here is imported by
 * `openbook-clv.js` (see `growth-kit.ts` for why that matters), which is why `placeholder` and `isRecord`
 * have twins in `growth-section.ts`.
 */
import type { TemplateResult } from 'lit';
import type { ApiError as ApiErrorType } from '../../api-client.ts';
import type { GrowthMessages } from '../../i18n/growth/index.ts';
import { ApiError, ClientErrorCode, html, nothing } from './growth-kit.ts';

/** A sub-heading at the section's level. */
export function subHeading(level: 3 | 4, id: string | undefined, text: string, className = 'label'): TemplateResult {
  return level === 3
    ? html`<h3 class=${className} id=${id ?? nothing}>${text}</h3>`
    : html`<h4 class=${className} id=${id ?? nothing}>${text}</h4>`;
}

/**
 * A progress bar with its role and values for assistive technology (WAI-ARIA `progressbar`: a name from the
 * visible labels, `aria-valuenow` as a percentage, and the figures in words as `aria-valuetext`). The fill is
 * an SVG rectangle whose width is an attribute, not a style: pages with a strict Content-Security-Policy
 * refuse inline styles.
 */
export function progressBar(a: { labelledBy: string; fraction: number; text: string }): TemplateResult {
  const share = Math.min(1, Math.max(0, Number.isFinite(a.fraction) ? a.fraction : 0));
  return html`
    <div
      class="bar"
      part="progress-bar"
      role="progressbar"
      aria-labelledby=${a.labelledBy}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${Math.round(share * 100)}
      aria-valuetext=${a.text}
    >
      <svg class="fill" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect width=${Math.round(share * 1000)} height="10"></rect>
      </svg>
    </div>
  `;
}

/** The skeleton with a line for screen readers, while something loads. */
export function placeholder(loading: string): TemplateResult {
  return html`
    <p class="visually-hidden">${loading}</p>
    <div class="skeleton" part="skeleton" aria-hidden="true">
      <div class="bone wide"></div>
      <div class="bone"></div>
    </div>
  `;
}

/** Why a section's own request failed, in the widget's words and the reader's language (the server's are English). */
export function requestErrorText(gm: GrowthMessages, error: ApiErrorType): string {
  const { errors } = gm;
  if (error.status === 0) return error.code === ClientErrorCode.tokenProvider ? errors.session : errors.network;
  if (error.code === ClientErrorCode.invalidResponse) return errors.unreadable;
  if (error.status === 401 || error.status === 403) return errors.session;
  if (error.status === 429 || error.status === 503) return errors.busy;
  return errors.status(error.status);
}

/** Any rejection as an `ApiError`: what is not one (a lazily loaded chunk that did not arrive) reads as a network problem. */
export function toApiError(error: unknown): ApiErrorType {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: ClientErrorCode.network,
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}

/** A body the section cannot read, as the API client reports one. */
export function unreadable(what: string): ApiErrorType {
  return new ApiError({ status: 200, code: ClientErrorCode.invalidResponse, message: `${what} answered with a body the widget cannot read` });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
