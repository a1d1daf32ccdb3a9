/**
 * Lit's `html` and `nothing` for the lazily loaded loyalty views, handed over by the element that loads them
 * (`useLit`, called before any view renders).
 *
 * Why not `import { html } from 'lit'`: the build (Rolldown) puts a module that both openbook-clv.js and a
 * lazy chunk import into a third, shared chunk, so Lit would leave openbook-clv.js and become a request of
 * its own before anything can show. Taking it from the element keeps one copy of Lit, in the entry file,
 * and it is the same `nothing` sentinel the renderer compares with.
 */
import type * as Lit from 'lit';

export let html: typeof Lit.html;
export let nothing: typeof Lit.nothing;

export function useLit(lit: { html: typeof Lit.html; nothing: typeof Lit.nothing }): void {
  ({ html, nothing } = lit);
}
