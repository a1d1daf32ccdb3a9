import { html, nothing, type TemplateResult } from 'lit';
import type { Prediction } from '../../../shared/schemas/customer-value.ts';
import type { Formatters } from '../../format.ts';
import type { Messages, PredictionInputs } from '../../i18n/index.ts';
import { OpenbookElement, type SectionContext } from '../../openbook-element.ts';
import { frameStyles } from '../../openbook-element.styles.ts';
import { themeStyles } from '../../theme.ts';
import { valueStyles } from '../value/openbook-value.styles.ts';
import { predictionStyles } from './openbook-prediction.styles.ts';

/**
 * The `prediction` section: the customer's predicted value over the vendor's horizon, with the expected
 * purchases, the expected spend per purchase and the chance they are still an active customer, and a
 * "How is this calculated?" panel that names the models (BG/NBD, Fader, Hardie & Lee 2005; gamma-gamma,
 * Fader & Hardie 2013), says what they made of the customer's own purchases, writes out the formula with the
 * discount rate, and lists the fitted parameters. Until the vendor has scored its customers (`prediction` null
 * or absent in `/v1/me`) it shows a short neutral note instead.
 *
 * Nested in `<openbook-clv>` it renders inside that card; on its own it has its own card and states, and
 * shares the request of any other element given the same `api` and `token` (or `tokenProvider`):
 *
 * ```html
 * <openbook-prediction api="https://HOST" token="EMBED_JWT"></openbook-prediction>
 * ```
 *
 * @summary The predicted value, with the models and the customer's numbers behind it.
 *
 * @fires - (none) this element fires no events.
 *
 * @csspart card - the outer box of every state (standalone only)
 * @csspart header - heading and date of the figures (standalone only)
 * @csspart prediction - the section's block
 * @csspart figures - the list of predicted figures
 * @csspart figure - one predicted figure (value, purchases, spend per purchase, chance of being active)
 * @csspart explanation - the "How is this calculated?" disclosure
 * @csspart parameters - the table of fitted parameters in the explanation
 * @csspart prediction-note - the note shown while there is no prediction yet
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" button
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - frame of the predicted value, links, buttons, focus rings
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card, figures and table rows
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors
 * @cssproperty [--openbook-radius=12px] - corner radius
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookPrediction extends OpenbookElement {
  static override styles = [themeStyles, frameStyles, valueStyles, predictionStyles];

  private _renderFigure(label: string, value: string, main = false): TemplateResult {
    return html`
      <div class=${main ? 'figure main' : 'figure'} part="figure">
        <dt class="label">${label}</dt>
        <dd class="value">${value}</dd>
      </div>
    `;
  }

  private _renderParameters(m: Messages, format: Formatters, parameters: Prediction['parameters']): TemplateResult {
    const { r, alpha, a, b, p, q, gamma } = parameters;
    // The symbols of the papers, the same in every language.
    const rows: [symbol: string, value: number, describes: string][] = [
      ['r', r, m.prediction.purchaseRate],
      ['α', alpha, m.prediction.purchaseRate],
      ['a', a, m.prediction.dropout],
      ['b', b, m.prediction.dropout],
      ['p', p, m.prediction.spend],
      ['q', q, m.prediction.spend],
      ['γ', gamma, m.prediction.spend],
    ];
    return html`
      <table class="parameters" part="parameters">
        <caption>
          ${m.prediction.parametersCaption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${m.prediction.parameterHeader}</th>
            <th scope="col" class="number">${m.prediction.valueHeader}</th>
            <th scope="col">${m.prediction.describesHeader}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ([symbol, value, describes]) => html`
              <tr>
                <th scope="row">${symbol}</th>
                <td class="number">${format.significant(value)}</td>
                <td>${describes}</td>
              </tr>
            `,
          )}
        </tbody>
      </table>
      <p class="muted">${m.prediction.parameterUnits}</p>
    `;
  }

  protected override heading(m: Messages): string {
    return m.prediction.title;
  }

  protected override renderSection({ value, m, format }: SectionContext): TemplateResult {
    // Nested, the section needs a heading of its own under the widget's; standalone, the card's says it.
    const nested = this.nestedIn !== undefined;
    const labelId = nested ? 'prediction-label' : undefined;
    const title = nested ? html`<h3 class="section-title" id="prediction-label">${m.prediction.title}</h3>` : nothing;
    const prediction = readPrediction(value.prediction);

    if (!prediction) {
      return html`
        <section class="prediction" part="prediction" aria-labelledby=${labelId ?? nothing}>
          ${title}
          <p class="muted" part="prediction-note">${m.prediction.notYet}</p>
        </section>
      `;
    }

    const { inputs, parameters } = prediction;
    const months = format.count(prediction.horizonMonths);
    const probabilityAlive =
      typeof prediction.probabilityAlive === 'number' ? format.percent(prediction.probabilityAlive) : undefined;
    const purchases = format.oneDecimal(prediction.expectedPurchases);
    const spend = format.money(prediction.expectedSpendPerPurchase);
    const undiscounted = prediction.expectedPurchases * prediction.expectedSpendPerPurchase;
    const blend = spendBlend(prediction);

    const explanation = m.prediction.explain({
      repeatPurchases: format.count(inputs.repeatPurchases),
      weeksSinceFirst: format.count(Math.round(inputs.weeksSinceFirstPurchase)),
      weeksSinceLast: format.count(Math.round(inputs.weeksSinceLastPurchase)),
      probabilityAlive,
      months,
      purchases,
      spend,
      undiscounted: format.money(undiscounted),
      value: format.money(prediction.predictedValue),
      rate: format.percent(prediction.annualDiscountRate),
      ownAverage: inputs.repeatPurchases > 0 ? format.money(inputs.averageRepeatPurchaseValue) : undefined,
      blend: blend && {
        allAverage: format.money(blend.allAverage),
        ownShare: format.percent(blend.ownShare),
        allShare: format.percent(1 - blend.ownShare),
      },
      computedAt: format.date(prediction.computedAt),
    } satisfies PredictionInputs);

    // Say "rounded for display" only where the numbers on screen do not multiply out exactly. The discounted
    // value is summed month by month, so it cannot be redone by hand; the product before discounting can.
    const shownPurchases = Math.round(prediction.expectedPurchases * 10) / 10;
    const rounded =
      Math.round(shownPurchases * prediction.expectedSpendPerPurchase) !== Math.round(undiscounted) ||
      (blend !== undefined && !blend.exact);

    return html`
      <section class="prediction" part="prediction" aria-labelledby=${labelId ?? nothing}>
        ${title}
        <dl class="figures" part="figures">
          ${this._renderFigure(m.prediction.valueLabel(months), format.money(prediction.predictedValue), true)}
          ${this._renderFigure(m.prediction.purchasesLabel, purchases)}
          ${this._renderFigure(m.prediction.spendLabel, spend)}
          ${probabilityAlive === undefined ? nothing : this._renderFigure(m.prediction.aliveLabel, probabilityAlive)}
        </dl>
        <details part="explanation">
          <summary aria-describedby=${labelId ?? nothing}>${m.howCalculated}</summary>
          <p>${explanation.model}</p>
          ${explanation.activity.map((line) => html`<p class="activity">${line}</p>`)}
          <p class="equation">${explanation.formula}</p>
          <p>${explanation.numbers}</p>
          <p>${explanation.spend}</p>
          ${rounded ? html`<p>${m.roundingNote}</p>` : nothing}
          <p class="muted">${explanation.computed}</p>
          ${this._renderParameters(m, format, parameters)}
        </details>
      </section>
    `;
  }
}

interface SpendBlend {
  /** The gamma-gamma mean spend of all customers, p γ / (q − 1), in minor units. */
  readonly allAverage: number;
  /** The weight of the customer's own average, p x / (p x + q − 1); the rest goes to `allAverage`. */
  readonly ownShare: number;
  /** Whether the shares and averages as shown give the spend as shown, to the minor unit. */
  readonly exact: boolean;
}

/**
 * The gamma-gamma expected spend per purchase (Fader & Hardie 2013), (γ + x m) p / (p x + q − 1), written as
 * the blend it is: ownShare x m + (1 − ownShare) x p γ / (q − 1), with x repeat purchases of average m.
 * Undefined without repeat purchases (the spend is then the average of all customers) and when q ≤ 1, where
 * the average of all customers is infinite.
 */
function spendBlend({ inputs, parameters, expectedSpendPerPurchase }: Prediction): SpendBlend | undefined {
  const { p, q, gamma } = parameters;
  const x = inputs.repeatPurchases;
  if (!(x > 0 && q > 1 && p > 0)) return undefined;
  const allAverage = (p * gamma) / (q - 1);
  const ownShare = (p * x) / (p * x + q - 1);
  if (!Number.isFinite(allAverage) || !(ownShare >= 0 && ownShare <= 1)) return undefined;
  // As shown: shares to a tenth of a percent, amounts to the minor unit.
  const share = Math.round(ownShare * 1000) / 1000;
  const redone = share * inputs.averageRepeatPurchaseValue + (1 - share) * Math.round(allAverage);
  return { allAverage, ownShare, exact: Math.round(redone) === expectedSpendPerPurchase };
}

const numberKeys = {
  prediction: ['horizonMonths', 'annualDiscountRate', 'expectedPurchases', 'expectedSpendPerPurchase', 'predictedValue'],
  inputs: ['repeatPurchases', 'weeksSinceFirstPurchase', 'weeksSinceLastPurchase', 'averageRepeatPurchaseValue'],
  parameters: ['r', 'alpha', 'a', 'b', 'p', 'q', 'gamma'],
} as const;

/**
 * The prediction when there is one the widget can explain, else undefined (not scored yet: null or absent).
 * The server validates its answers; this only keeps a malformed or unknown one (a model this version cannot
 * explain) from breaking the card: the section then shows the note, and the other sections are unaffected.
 */
function readPrediction(raw: unknown): Prediction | undefined {
  if (!isRecord(raw) || raw.model !== 'bg-nbd+gamma-gamma' || typeof raw.computedAt !== 'string') return undefined;
  const { inputs, parameters } = raw;
  if (!isRecord(inputs) || !isRecord(parameters)) return undefined;
  const finite = (record: Record<string, unknown>, keys: readonly string[]) =>
    keys.every((key) => Number.isFinite(record[key]));
  if (
    !finite(raw, numberKeys.prediction) ||
    !finite(inputs, numberKeys.inputs) ||
    !finite(parameters, numberKeys.parameters) ||
    (raw.probabilityAlive !== undefined && raw.probabilityAlive !== null && !Number.isFinite(raw.probabilityAlive))
  ) {
    return undefined;
  }
  return raw as unknown as Prediction;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

if (!customElements.get('openbook-prediction')) customElements.define('openbook-prediction', OpenbookPrediction);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-prediction': OpenbookPrediction;
  }
}
