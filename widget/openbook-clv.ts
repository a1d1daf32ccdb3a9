import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError, ClientErrorCode, fetchCustomerValue, type CustomerValue } from './api-client.ts';
import './charts/cumulative-value-chart.ts';
import { createFormatters, resolveLocale, type Formatters } from './format.ts';
import { pickMessages, type Explanation, type Messages } from './i18n/index.ts';
import { styles } from './openbook-clv.styles.ts';

export { ApiError } from './api-client.ts';
export type { CustomerValue } from './api-client.ts';

type View =
  | { readonly kind: 'waiting' } // no token yet: the page will set one
  | { readonly kind: 'loading' }
  | { readonly kind: 'empty'; readonly value: CustomerValue }
  | { readonly kind: 'loaded'; readonly value: CustomerValue }
  | { readonly kind: 'error'; readonly error: ApiError };

/**
 * Shows the signed-in customer their own value, open book: realised value, average order value, purchase
 * frequency, tenure and the projected lifetime value as an equation of their own numbers, each with
 * "How is this calculated?", and a chart of their value over time.
 *
 * ```html
 * <script type="module" src="https://HOST/widget/openbook-clv.js"></script>
 * <openbook-clv api="https://HOST" token="EMBED_JWT"></openbook-clv>
 * ```
 *
 * Setting a new `token` (embed tokens expire after minutes) fetches again; figures already shown stay
 * on screen, marked busy, until the new ones arrive, so a routine token refresh does not flash.
 *
 * @summary The customer's lifetime value, with the working shown.
 *
 * @fires - (none) this element fires no events yet.
 *
 * @csspart card - the outer box of every state
 * @csspart header - title, greeting and date of the figures
 * @csspart clv - the projected lifetime value block
 * @csspart equation - the lifetime value equation in the customer's numbers
 * @csspart figures - the list of figures
 * @csspart figure - one figure (realised value, average order value, frequency, tenure)
 * @csspart explanation - a "How is this calculated?" disclosure
 * @csspart chart - the value-over-time chart block
 * @csspart chart-canvas - the chart's canvas
 * @csspart chart-table - the chart's table of figures
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart retry-button - the "Try again" button
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - accent: lifetime value frame, buttons, focus rings, chart line
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-radius=12px] - corner radius of the card
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookClv extends LitElement {
  static override styles = styles;

  static override properties = {
    _view: { state: true },
    _refreshing: { state: true },
    api: { type: String },
    token: { type: String },
    locale: { type: String },
  };

  private declare _view: View;
  /** A request is running while the previous figures stay on screen. */
  private declare _refreshing: boolean;

  /** Base URL of the Open Book server, e.g. `https://clv.example.com`; empty for the page's own origin. */
  declare api: string;
  /** The embed token (JWT) of the customer to show. Sent only as a bearer token; never stored. */
  declare token: string;
  /** BCP 47 tag for messages, numbers and dates; defaults to the page's `<html lang>`, then `en`. */
  declare locale: string | undefined;

  private _request: AbortController | undefined;
  private _reloadOnConnect = false;
  private _focusAfterUpdate = false;

  constructor() {
    super();
    this._view = { kind: 'waiting' };
    this._refreshing = false;
    this.api = '';
    this.token = '';
    this.locale = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._reloadOnConnect) {
      this._reloadOnConnect = false;
      this._load();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this._request) {
      // Nothing would show the answer; ask again if the element comes back.
      this._request.abort();
      this._request = undefined;
      this._refreshing = false;
      this._reloadOnConnect = true;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('token') || changed.has('api')) this._load();
  }

  protected override updated(): void {
    if (!this._focusAfterUpdate || this._view.kind === 'loading') return;
    this._focusAfterUpdate = false;
    this.renderRoot.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }

  private _load(): void {
    this._request?.abort();
    this._request = undefined;
    const token = this.token;
    if (!token) {
      this._refreshing = false;
      this._view = { kind: 'waiting' };
      return;
    }
    const request = new AbortController();
    this._request = request;
    const showing = this._view.kind === 'loaded' || this._view.kind === 'empty';
    this._refreshing = showing;
    if (!showing) this._view = { kind: 'loading' };

    fetchCustomerValue({ api: this.api, token, signal: request.signal }).then(
      (value) => {
        if (request !== this._request) return; // superseded by a newer token, or disconnected
        this._request = undefined;
        this._refreshing = false;
        this._view =
          value.figures.averageOrderValue.orderCount === 0 ? { kind: 'empty', value } : { kind: 'loaded', value };
      },
      (error: unknown) => {
        if (request !== this._request) return;
        this._request = undefined;
        this._refreshing = false;
        this._view = { kind: 'error', error: toApiError(error) };
      },
    );
  }

  private _onRetry(): void {
    this._focusAfterUpdate = true;
    this._load();
  }

  private _renderExplanation(labelId: string, m: Messages, explanation: Explanation, rounded = false) {
    return html`
      <details part="explanation">
        <summary aria-describedby=${labelId}>${m.howCalculated}</summary>
        <p class="equation">${explanation.equation}</p>
        ${explanation.notes.map((note) => html`<p>${note}</p>`)} ${rounded ? html`<p>${m.roundingNote}</p>` : nothing}
      </details>
    `;
  }

  private _renderFigure(
    id: string,
    label: string,
    value: string,
    sub: string | undefined,
    details: TemplateResult,
  ): TemplateResult {
    return html`
      <li class="figure" part="figure">
        <h3 class="label" id=${id}>${label}</h3>
        <p class="value">${value}</p>
        ${sub ? html`<p class="sub">${sub}</p>` : nothing} ${details}
      </li>
    `;
  }

  private _renderHeader(m: Messages, format: Formatters, value: CustomerValue): TemplateResult {
    const name = value.customer.name?.trim();
    return html`
      <header part="header">
        <h2 class="title" tabindex="-1" data-autofocus>${m.title}</h2>
        ${name ? html`<p>${m.greeting(name)}</p>` : nothing}
        <p>${m.asOf(format.date(value.asOf))}</p>
      </header>
    `;
  }

  private _renderLoaded(m: Messages, format: Formatters, value: CustomerValue, locale: string): TemplateResult {
    const { realisedValue, averageOrderValue, purchaseFrequency, tenure, simpleClv } = value.figures;

    const orders = format.count(averageOrderValue.orderCount);
    const perYear = format.count(purchaseFrequency.perYear);
    const yearsObserved = format.count(purchaseFrequency.yearsObserved);
    const tenureYears = format.count(tenure.years);
    const clvPerYear = format.count(simpleClv.purchasesPerYear);
    const lifespanYears = format.count(simpleClv.lifespanYears);
    const since = tenure.since ? format.date(tenure.since) : undefined;
    const asOf = format.date(value.asOf);
    const clvInputs = {
      averageOrderValue: format.money(simpleClv.averageOrderValue),
      perYear: clvPerYear,
      lifespanYears,
      amount: format.money(simpleClv.amount),
    };
    const floored = tenure.years < purchaseFrequency.minimumYears;

    // Say "rounded for display" only where the numbers on screen do not multiply out exactly.
    const aovRounded = averageOrderValue.realisedValue !== averageOrderValue.amount * averageOrderValue.orderCount;
    const frequencyRounded = round2(orders.value / yearsObserved.value) !== perYear.value;
    const clvRounded =
      Math.round(simpleClv.averageOrderValue * clvPerYear.value * lifespanYears.value) !== simpleClv.amount;

    return html`
      ${this._renderHeader(m, format, value)}
      <section class="clv" part="clv" aria-labelledby="clv-label">
        <h3 class="label" id="clv-label">${m.clv.label}</h3>
        <p class="amount">${clvInputs.amount}</p>
        <p class="equation" part="equation">${m.clv.equation(clvInputs)}</p>
        ${this._renderExplanation('clv-label', m, m.clv.explain(clvInputs), clvRounded)}
      </section>
      <ul class="figures" part="figures">
        ${this._renderFigure(
          'realised-label',
          m.realisedValue.label,
          format.money(realisedValue.amount),
          undefined,
          this._renderExplanation(
            'realised-label',
            m,
            m.realisedValue.explain({
              grossPaid: format.money(realisedValue.grossPaid),
              refunds: format.money(realisedValue.refunds),
              amount: format.money(realisedValue.amount),
            }),
          ),
        )}
        ${this._renderFigure(
          'aov-label',
          m.averageOrderValue.label,
          format.money(averageOrderValue.amount),
          undefined,
          this._renderExplanation(
            'aov-label',
            m,
            m.averageOrderValue.explain({
              realisedValue: format.money(averageOrderValue.realisedValue),
              orders,
              amount: format.money(averageOrderValue.amount),
            }),
            aovRounded,
          ),
        )}
        ${this._renderFigure(
          'frequency-label',
          m.purchaseFrequency.label,
          m.purchaseFrequency.value(perYear),
          undefined,
          this._renderExplanation(
            'frequency-label',
            m,
            m.purchaseFrequency.explain({
              orders: format.count(purchaseFrequency.orderCount),
              yearsObserved,
              perYear,
              floor: floored
                ? { tenureYears, minimumYears: format.count(purchaseFrequency.minimumYears) }
                : undefined,
            }),
            frequencyRounded,
          ),
        )}
        ${this._renderFigure(
          'tenure-label',
          m.tenure.label,
          m.tenure.value(tenureYears),
          since ? m.tenure.since(since) : undefined,
          this._renderExplanation(
            'tenure-label',
            m,
            m.tenure.explain({ days: format.count(tenure.days), years: tenureYears, since: since ?? asOf, asOf }),
          ),
        )}
      </ul>
      <openbook-cumulative-value-chart
        part="chart"
        exportparts="canvas: chart-canvas, table: chart-table"
        .history=${value.history}
        .currency=${value.currency}
        .locale=${locale}
      ></openbook-cumulative-value-chart>
    `;
  }

  private _renderBody(m: Messages, locale: string): TemplateResult {
    const view = this._view;
    switch (view.kind) {
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
      case 'empty': {
        const format = createFormatters(locale, view.value.currency);
        return html`
          ${this._renderHeader(m, format, view.value)}
          <div class="empty" part="empty">
            <p class="state-title">${m.emptyTitle}</p>
            <p>${m.emptyBody}</p>
          </div>
        `;
      }
      case 'loaded':
        return this._renderLoaded(m, createFormatters(locale, view.value.currency), view.value, locale);
      case 'error':
        return html`
          <div class="error" part="error" role="alert">
            <p class="state-title">${m.errorTitle}</p>
            <p>${errorText(m, view.error)}</p>
          </div>
          <button part="retry-button" type="button" data-autofocus @click=${this._onRetry}>${m.tryAgain}</button>
        `;
    }
  }

  protected override render(): TemplateResult {
    const locale = resolveLocale(this.locale);
    const m = pickMessages(locale);
    const busy = this._view.kind === 'waiting' || this._view.kind === 'loading' || this._refreshing;
    return html`
      <div class="card" part="card" lang=${m.lang} aria-busy=${busy ? 'true' : 'false'} data-state=${this._view.kind}>
        ${this._renderBody(m, locale)}
      </div>
    `;
  }
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: ClientErrorCode.network,
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}

/** What the customer reads: the server's own words when it sent some, else ours. */
function errorText(m: Messages, error: ApiError): string {
  if (error.serverMessage) return error.serverMessage;
  if (error.code === ClientErrorCode.invalidResponse) return m.errorUnreadable;
  return error.status === 0 ? m.errorNetwork : m.errorStatus(error.status);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

if (!customElements.get('openbook-clv')) customElements.define('openbook-clv', OpenbookClv);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-clv': OpenbookClv;
  }
}
