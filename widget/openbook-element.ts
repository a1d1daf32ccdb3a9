import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ClientErrorCode, type ApiError, type CustomerValue } from './api-client.ts';
import { createFormatters, warmUpFormatsSoon, type Formatters } from './format.ts';
import { chooseLocale, type LocaleChoice, type Messages } from './i18n/index.ts';
import { acquireSession, normalizeApi, type CustomerValueSession, type SessionSnapshot } from './session/session.ts';
import type { TokenGrant, TokenProvider } from './session/token.ts';
import type { Theme } from './theme.ts';

/**
 * What an element shows, in `data-state` of its card: `waiting` (no token yet), `loading`, `loaded`, `empty`
 * (no orders yet), `error` (nothing to show), `degraded` (the last figures, marked as such, after a failed
 * refresh), `signed-out` (after `logout()`).
 */
export type ViewState = 'waiting' | 'loading' | 'loaded' | 'empty' | 'error' | 'degraded' | 'signed-out';

/** What a section renders its figures with. */
export interface SectionContext {
  readonly value: CustomerValue;
  readonly m: Messages;
  readonly format: Formatters;
  readonly locale: LocaleChoice;
}

/**
 * Set by `<openbook-clv>` on the section elements it nests: they render its figures inside its card and
 * leave loading, errors and tokens to it.
 */
export interface NestedIn {
  readonly value: CustomerValue;
  readonly host: OpenbookElement;
  /**
   * Settles when the section may fetch its lazily loaded code; absent: at once. The card gives it to the
   * sections after its chart, so that chart.js is not queued behind their chunks.
   */
  readonly codeMayLoad?: Promise<void>;
}

interface View {
  readonly state: ViewState;
  readonly busy: boolean;
  readonly value?: CustomerValue;
  readonly fetchedAt?: number;
  readonly error?: ApiError;
  readonly retryScheduled?: boolean;
}

interface Held {
  readonly session: CustomerValueSession;
  readonly api: string;
  token: string;
  readonly tokenProvider: TokenProvider | undefined;
}

/**
 * What every Open Book element shares: the `api`, `token`, `tokenProvider`, `locale` and `theme` settings,
 * the session its figures come from (one per token, shared across elements), the card with its loading,
 * error, stale and signed-out states, and `setToken()`, `logout()` and `refresh()`.
 *
 * A subclass names its heading and renders its figures; see `<openbook-value>` and `<openbook-history>`.
 */
export abstract class OpenbookElement extends LitElement {
  static override properties: PropertyDeclarations = {
    _snapshot: { state: true },
    _signedOut: { state: true },
    api: { type: String },
    token: { type: String },
    tokenProvider: { attribute: false },
    locale: { type: String },
    theme: { type: String, reflect: true },
    nestedIn: { attribute: false },
  };

  private declare _snapshot: SessionSnapshot | undefined;
  /** `logout()` was called on this element, and no token has been given since. */
  private declare _signedOut: boolean;

  /** Base URL of the Open Book server, e.g. `https://clv.example.com`; empty for the page's own origin. */
  declare api: string;
  /** The embed token (JWT) of the customer to show. Sent only as a bearer token; never stored. */
  declare token: string;
  /**
   * Returns a fresh embed token (a string or `{token, expiresAt}`), minted by the host's backend. Called when
   * there is no token, about 60 s before the current one expires, and once after a 401.
   */
  declare tokenProvider: TokenProvider | undefined;
  /** BCP 47 tag for messages, numbers and dates; defaults to the nearest `lang`, then `en`. */
  declare locale: string | undefined;
  /** `light` (no attribute), `dark`, or `auto` (follows `prefers-color-scheme`). */
  declare theme: Theme | undefined;
  /** @internal Set by `<openbook-clv>` on the sections it nests. */
  declare nestedIn: NestedIn | undefined;

  private _held: Held | undefined;
  private _unsubscribe: (() => void) | undefined;
  /** The expiry given with the token through `setToken()`. */
  private _grant: TokenGrant | undefined;
  /** Figures of the previous token, kept on screen (marked busy) until the new token's arrive. */
  private _carried: CustomerValue | undefined;
  private _focusAfterUpdate = false;
  private readonly _onPageLang = (): void => this.requestUpdate();

  constructor() {
    super();
    this._snapshot = undefined;
    this._signedOut = false;
    this.api = '';
    this.token = '';
    this.tokenProvider = undefined;
    this.locale = undefined;
    this.theme = undefined;
    this.nestedIn = undefined;
  }

  /**
   * Nested in `<openbook-clv>`, a section renders into its own light DOM, which sits in the widget's shadow
   * root: one tree, styled by the widget, whose parts are the widget's own parts (no `exportparts` chains),
   * and whose inner elements a host's script finds one shadow root down, as before sections existed.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    return this.nestedIn ? this : super.createRenderRoot();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchPageLang(this._onPageLang);
    this._syncSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    unwatchPageLang(this._onPageLang);
    this._dropSession();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('token') && this.token) || (changed.has('tokenProvider') && this.tokenProvider)) {
      this._signedOut = false;
    }
    if (changed.has('api') || changed.has('token') || changed.has('tokenProvider') || changed.has('nestedIn')) {
      this._syncSession();
    }
    if (this._snapshot?.value || this._snapshot?.error) this._carried = undefined;
  }

  protected override updated(): void {
    if (!this._focusAfterUpdate) return;
    const view = this._view();
    if (view.busy) return;
    this._focusAfterUpdate = false;
    // After "Try again": the figures' heading when they arrived, else the button, which stays.
    const target = view.state === 'error' || view.state === 'degraded' ? '[part~="retry-button"]' : '[data-heading]';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  /** Holds the session these settings call for, letting go of any other. */
  private _syncSession(force = false): void {
    if (!this.isConnected || this.nestedIn) {
      this._dropSession();
      return;
    }
    if (this._signedOut || (!this.token && !this.tokenProvider)) {
      this._dropSession();
      this._carried = undefined;
      return;
    }
    const api = normalizeApi(this.api);
    const held = this._held;
    const same =
      held &&
      held.api === api &&
      held.tokenProvider === this.tokenProvider &&
      (this.tokenProvider !== undefined || held.token === this.token);
    if (same && !force) {
      // A provider's session survives a new token from the host: it is handed over, not re-keyed.
      if (this.tokenProvider && this.token && this.token !== held.token) {
        held.token = this.token;
        held.session.setToken({ token: this.token, expiresAt: this._expiresAtOf(this.token) });
      }
      return;
    }

    const previous = held?.session.snapshot.value;
    this._dropSession();
    this._carried = previous;
    const session = acquireSession({
      api,
      token: this.token,
      expiresAt: this._expiresAtOf(this.token),
      tokenProvider: this.tokenProvider,
    });
    this._held = { session, api, token: this.token, tokenProvider: this.tokenProvider };
    this._snapshot = session.snapshot;
    if (!session.snapshot.value) warmUpFormatsSoon(chooseLocale(this.locale, this).formatLocale);
    this._unsubscribe = session.subscribe(() => {
      this._snapshot = session.snapshot;
    });
  }

  private _dropSession(): void {
    this._unsubscribe?.();
    this._unsubscribe = undefined;
    this._held?.session.release();
    this._held = undefined;
    this._snapshot = undefined;
  }

  private _expiresAtOf(token: string): TokenGrant['expiresAt'] {
    return this._grant?.token === token ? this._grant.expiresAt : undefined;
  }

  private _view(): View {
    const snapshot = this._snapshot;
    if (this._signedOut || snapshot?.signedOut) return { state: 'signed-out', busy: false };
    if (!snapshot) return { state: 'waiting', busy: true };
    const { value, error, busy, fetchedAt, retryScheduled } = snapshot;
    if (value) {
      const state = error ? 'degraded' : isEmpty(value) ? 'empty' : 'loaded';
      return { state, busy, value, fetchedAt, error, retryScheduled };
    }
    if (error) return { state: 'error', busy, error, retryScheduled };
    if (this._carried) return { state: isEmpty(this._carried) ? 'empty' : 'loaded', busy: true, value: this._carried };
    return { state: 'loading', busy: true };
  }

  private _onRetry(): void {
    this._focusAfterUpdate = true;
    this.refresh();
  }

  private _renderHeader(context: SectionContext): TemplateResult {
    const greeting = this.greeting(context);
    // Not a banner landmark: outside any sectioning element a <header> is the page's banner, and the host page
    // has its own (as has every other Open Book element on it).
    return html`
      <header part="header" role="none">
        <h2 class="title" tabindex="-1" data-heading>${this.heading(context.m)}</h2>
        ${greeting ? html`<p>${greeting}</p>` : nothing}
        <p class="muted">${context.m.asOf(context.format.date(context.value.asOf))}</p>
      </header>
    `;
  }

  private _renderRetryButton(m: Messages): TemplateResult {
    return html`<button part="retry-button" type="button" @click=${this._onRetry}>${m.tryAgain}</button>`;
  }

  private _renderState(view: View, locale: LocaleChoice): TemplateResult {
    const m = locale.messages;
    switch (view.state) {
      case 'waiting':
      case 'loading':
        return html`
          <p class="visually-hidden">${m.loading}</p>
          <div class="skeleton" part="skeleton" aria-hidden="true">
            <div class="bone short"></div>
            <div class="bone wide"></div>
            <div class="bone"></div>
            <div class="bone"></div>
          </div>
        `;
      case 'signed-out':
        return html`
          <div class="signed-out" part="signed-out" role="status">
            <p class="state-title">${m.signedOutTitle}</p>
            <p>${m.signedOutBody}</p>
          </div>
        `;
      case 'error':
        return html`
          <div class="error" part="error" role="alert" data-code=${view.error?.code ?? nothing}>
            <p class="state-title">${m.errorTitle}</p>
            <p>${errorText(m, view.error)}</p>
            ${view.retryScheduled ? html`<p>${m.retrying}</p>` : nothing}
          </div>
          ${this._renderRetryButton(m)}
        `;
      case 'loaded':
      case 'empty':
      case 'degraded': {
        const value = view.value;
        if (!value) return html``;
        const context: SectionContext = {
          value,
          m,
          format: createFormatters(locale.formatLocale, value.currency),
          locale,
        };
        return html`
          ${this._renderHeader(context)}
          ${view.state === 'degraded'
            ? html`
                <div class="notice" part="notice" role="status" data-code=${view.error?.code ?? nothing}>
                  <p class="state-title">${m.staleTitle}</p>
                  <p>${m.staleBody(context.format.dateTime(view.fetchedAt ?? Date.parse(value.asOf)))}</p>
                  ${view.retryScheduled ? html`<p>${m.retrying}</p>` : nothing} ${this._renderRetryButton(m)}
                </div>
              `
            : nothing}
          ${isEmpty(value)
            ? html`
                <div class="empty" part="empty">
                  <p class="state-title">${m.emptyTitle}</p>
                  <p>${m.emptyBody}</p>
                </div>
              `
            : this.renderSection(context)}
        `;
      }
    }
  }

  /**
   * The session this element's figures come from (its host's when nested in `<openbook-clv>`), for a
   * section's own requests with the same token (`session.withToken()`); undefined while there is none.
   */
  protected get session(): CustomerValueSession | undefined {
    return this.nestedIn ? this.nestedIn.host.session : this._held?.session;
  }

  /**
   * The figures this element is about to render (its host's when nested), for a section that starts its own
   * requests from `willUpdate()` when they change; undefined while there are none.
   */
  protected get figures(): CustomerValue | undefined {
    return this.nestedIn ? this.nestedIn.value : this._view().value;
  }

  /** Resolves when this section may fetch its lazily loaded code and texts (see `NestedIn.codeMayLoad`). */
  protected whenCodeMayLoad(): Promise<void> {
    return this.nestedIn?.codeMayLoad ?? Promise.resolve();
  }

  /** The figures' state, as in the card's `data-state`. */
  get state(): ViewState {
    return this._view().state;
  }

  /**
   * Shows the customer of this token from now on (`{token, expiresAt}` as `POST /v1/embed-tokens` answers is
   * accepted too). Same as setting `token`, and it also leaves the signed-out state.
   */
  setToken(token: string | TokenGrant): void {
    if (this.nestedIn) {
      this.nestedIn.host.setToken(token);
      return;
    }
    const grant = typeof token === 'string' ? { token } : token;
    this._grant = grant;
    this._signedOut = false;
    this.token = typeof grant?.token === 'string' ? grant.token : '';
    // A session signed out from another element is left for a fresh one, even for the same token.
    this._syncSession(this._held?.session.snapshot.signedOut === true);
  }

  /**
   * Forgets the figures and the token, stops every request, and shows a neutral signed-out state, in this
   * element and every element that shares its session, until a new token is given.
   */
  logout(): void {
    if (this.nestedIn) {
      this.nestedIn.host.logout();
      return;
    }
    this._held?.session.logout();
    this._grant = undefined;
    this._carried = undefined;
    this._signedOut = true;
    this.token = '';
    this.tokenProvider = undefined;
    this._syncSession();
  }

  /** Fetches the figures again now; those on screen stay until the new ones arrive. */
  refresh(): void {
    if (this.nestedIn) this.nestedIn.host.refresh();
    else this._held?.session.reload();
  }

  /** The card's heading (an `<h2>`). */
  protected abstract heading(m: Messages): string;

  /** A line under the heading, e.g. a greeting. */
  protected greeting(_context: SectionContext): string | undefined {
    return undefined;
  }

  /** The figures themselves: what this element adds to the frame. */
  protected abstract renderSection(context: SectionContext): TemplateResult;

  /**
   * Whether this element has anything to show this customer. When it has not (the loyalty sections of a
   * customer without a loyalty program), it draws no card at all once the figures have arrived: no empty box,
   * no error. Loading, error and signed-out states are shown as ever, since until then nobody knows.
   */
  protected hasContent(_value: CustomerValue): boolean {
    return true;
  }

  protected override render(): TemplateResult {
    const locale = chooseLocale(this.locale, this);
    if (this.nestedIn) {
      const { value } = this.nestedIn;
      const format = createFormatters(locale.formatLocale, value.currency);
      return html`<div lang=${locale.messages.lang}>
        ${this.renderSection({ value, m: locale.messages, format, locale })}
      </div>`;
    }
    const view = this._view();
    if (view.value && !this.hasContent(view.value)) {
      return html`<div data-state=${view.state} data-nothing-to-show></div>`;
    }
    return html`
      <div
        class="card"
        part="card"
        lang=${locale.messages.lang}
        aria-busy=${view.busy ? 'true' : 'false'}
        data-state=${view.state}
      >
        ${this._renderState(view, locale)}
      </div>
    `;
  }
}

function isEmpty(value: CustomerValue): boolean {
  return value.figures.averageOrderValue.orderCount === 0;
}

/** What the customer reads: always our own words, in their language (the server's are English only). */
function errorText(m: Messages, error: ApiError | undefined): string {
  if (!error || error.status === 0) {
    return error?.code === ClientErrorCode.tokenProvider ? m.errorSignIn : m.errorNetwork;
  }
  if (error.code === ClientErrorCode.invalidResponse) return m.errorUnreadable;
  if (error.status === 401 || error.status === 403) return m.errorSession;
  if (error.status === 429 || error.status === 503) return m.errorBusy;
  return m.errorStatus(error.status);
}

// Elements without a `locale` follow the page's language, also when a single-page app changes it later.
const langListeners = new Set<() => void>();
let langObserver: MutationObserver | undefined;

function watchPageLang(listener: () => void): void {
  langListeners.add(listener);
  if (langObserver || typeof MutationObserver === 'undefined') return;
  langObserver = new MutationObserver(() => {
    for (const notify of [...langListeners]) notify();
  });
  langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

function unwatchPageLang(listener: () => void): void {
  langListeners.delete(listener);
  if (langListeners.size > 0) return;
  langObserver?.disconnect();
  langObserver = undefined;
}
