/**
 * What the lazily loaded growth views take from `openbook-clv.js` rather than import: Lit's `html` and
 * `nothing`, and the API client's `ApiError` and `ClientErrorCode`, handed over by the element that loads a
 * view (`useKit`, called before the view is made).
 *
 * Why not import them: the build (Rolldown) moves a module that both openbook-clv.js and a lazy chunk import
 * into a third, shared chunk, so Lit and the API client would leave openbook-clv.js and become a request of
 * their own before anything can show (see `loyalty-lit.ts`, which does the same for the loyalty views).
 */
import type * as Lit from 'lit';
import type * as Client from '../../api-client.ts';

export interface Kit {
  readonly html: typeof Lit.html;
  readonly nothing: typeof Lit.nothing;
  readonly ApiError: typeof Client.ApiError;
  readonly ClientErrorCode: typeof Client.ClientErrorCode;
}

export let html: Kit['html'];
export let nothing: Kit['nothing'];
export let ApiError: Kit['ApiError'];
export let ClientErrorCode: Kit['ClientErrorCode'];

export function useKit(kit: Kit): void {
  ({ html, nothing, ApiError, ClientErrorCode } = kit);
}
