import { html, nothing, type TemplateResult } from 'lit';
import type { Explanation, Messages } from '../../i18n/index.ts';
import { OpenbookElement, type SectionContext } from '../../openbook-element.ts';
import { frameStyles } from '../../openbook-element.styles.ts';
import { themeStyles } from '../../theme.ts';
import { valueStyles } from './openbook-value.styles.ts';

/**
 * The `value` section: the customer's projected lifetime value as an equation of their own numbers, and the
 * figures it is built from (realised value, average order value, purchase frequency, tenure), each with
 * "How is this calculated?".
 *
 * Nested in `<openbook-clv>` it renders inside that card; on its own it has its own card and states, and
 * shares the request of any other element given the same `api` and `token` (or `tokenProvider`):
 *
 * ```html
 * <openbook-value api="https://HOST" token="EMBED_JWT"></openbook-value>
 * ```
 *
 * @summary The open-book figures and the lifetime value equation.
 *
 * @fires - (none) this element fires no events.
 *
 * @csspart card - the outer box of every state (standalone only)
 * @csspart header - heading and date of the figures (standalone only)
 * @csspart clv - the projected lifetime value block
 * @csspart equation - the lifetime value equation in the customer's numbers
 * @csspart figures - the list of figures
 * @csspart figure - one figure (realised value, average order value, frequency, tenure)
 * @csspart explanation - a "How is this calculated?" disclosure
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" button
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - lifetime value frame, links, buttons, focus rings
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card and figures
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors
 * @cssproperty [--openbook-radius=12px] - corner radius
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookValue extends OpenbookElement {
  static override styles = [themeStyles, frameStyles, valueStyles];

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

  protected override heading(m: Messages): string {
    return m.title;
  }

  protected override renderSection({ value, m, format }: SectionContext): TemplateResult {
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
    `;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

if (!customElements.get('openbook-value')) customElements.define('openbook-value', OpenbookValue);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-value': OpenbookValue;
  }
}
