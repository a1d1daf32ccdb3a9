/**
 * What the growth and loyalty sections share around the views that arrive in chunks of their own: the
 * `<section>` with its heading when nested in `<openbook-clv>`, marked busy and `data-ready="false"` until the
 * view and its texts are there, and the placeholder shown meanwhile. (The growth views' chunks keep a twin of
 * `placeholder` in growth-parts.ts: they must not import from `openbook-clv.js`.)
 */
import { html, nothing, type TemplateResult } from 'lit';

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

export interface LazySectionFrame {
  readonly className: string;
  readonly part: string;
  /** The section's `<h3>` when nested in `<openbook-clv>` (standalone, the card's header names it). */
  readonly heading: { readonly id: string; readonly text: string } | undefined;
  readonly ready: boolean;
  readonly body: TemplateResult;
}

export function lazySectionFrame({ className, part, heading, ready, body }: LazySectionFrame): TemplateResult {
  return html`
    <section
      class=${className}
      part=${part}
      aria-labelledby=${heading ? heading.id : nothing}
      aria-busy=${ready ? nothing : 'true'}
      data-ready=${ready ? 'true' : 'false'}
    >
      ${heading ? html`<h3 class="section-title" id=${heading.id}>${heading.text}</h3>` : nothing} ${body}
    </section>
  `;
}
