/**
 * The simulator's rendering and state, loaded when the section is first shown, in one chunk with the
 * computation (`simulator-engine.ts`, which brings the model code of shared/). See `<openbook-simulator>`.
 */
import type { TemplateResult } from 'lit';
import type { ApiError, CustomerValue } from '../../api-client.ts';
import { growthFormat, type GrowthFormat } from '../growth/growth-format.ts';
import { html, nothing, useKit } from '../growth/growth-kit.ts';
import { placeholder, requestErrorText, subHeading, toApiError } from '../growth/growth-parts.ts';
import type { GrowthContext, GrowthHost, GrowthView, ViewFactory } from '../growth/growth-section.ts';
import { prepare, readWhatIfInputs, simulate, type Settings, type Simulator, type WhatIfResult } from './simulator-engine.ts';

type Phase =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly simulator: Simulator }
  | { readonly kind: 'failed'; readonly error: ApiError };

/** What the view renders with: the context and the growth formatters. */
interface Context extends GrowthContext {
  readonly gf: GrowthFormat;
}

/** Milestones listed at most, the soonest first. */
const MILESTONES_SHOWN = 5;

export const createSimulatorView: ViewFactory = (host, kit) => {
  useKit(kit);
  return new SimulatorView(host);
};

class SimulatorView implements GrowthView {
  private phase: Phase = { kind: 'loading' };
  private settings: Settings = { add: [] };
  /** The customer whose inputs were fetched. */
  private loadedFor: string | undefined;
  private generation = 0;

  constructor(private readonly host: GrowthHost) {}

  willUpdate(value: CustomerValue): void {
    // Read once per customer: a routine refresh of the figures must not reset the sliders under the hand.
    if (value.customer.id !== this.loadedFor) this.load(value.customer.id);
  }

  /** Fetches the customer's inputs. Called from the element's willUpdate: no update is asked for here. */
  private load(customerId: string): void {
    this.loadedFor = customerId;
    this.phase = { kind: 'loading' };
    this.settings = { add: [] };
    const generation = ++this.generation;
    this.host
      .request('/v1/me/what-if')
      .then((body): Phase => ({ kind: 'ready', simulator: prepare(readWhatIfInputs(body)) }))
      .catch((error: unknown): Phase => ({ kind: 'failed', error: toApiError(error) }))
      .then((phase) => {
        if (generation !== this.generation) return;
        this.phase = phase;
        this.host.requestUpdate();
      });
  }

  private retry(): void {
    this.loadedFor = undefined;
    this.phase = { kind: 'loading' };
    this.host.requestUpdate();
  }

  private set(patch: Partial<Settings>): void {
    this.settings = { ...this.settings, ...patch };
    this.host.requestUpdate();
  }

  private renderSlider(a: {
    id: string;
    label: string;
    value: number;
    shown: string;
    range: { min: number; max: number; step: number };
    onInput: (value: number) => void;
  }): TemplateResult {
    return html`
      <div class="slider">
        <label for=${a.id}>${a.label}</label>
        <output id="${a.id}-value" for=${a.id}>${a.shown}</output>
        <input
          id=${a.id}
          type="range"
          min=${a.range.min}
          max=${a.range.max}
          step=${a.range.step}
          .value=${String(a.value)}
          aria-valuetext=${a.shown}
          @input=${(event: Event) => a.onInput(Number((event.target as HTMLInputElement).value))}
        />
      </div>
    `;
  }

  private renderControls(context: Context, simulator: Simulator): TemplateResult {
    const { gm, gf, format, ids } = context;
    const { orders, spend } = simulator;
    const settings = this.settings;
    const ordersValue = settings.ordersPerMonth ?? orders?.base ?? 0;
    const spendValue = settings.spendPerPurchase ?? spend?.base ?? 0;
    return html`
      <div class="controls" part="simulator-controls">
        ${orders
          ? this.renderSlider({
              id: `${ids}-orders`,
              label: gm.simulator.ordersLabel,
              value: ordersValue,
              shown: gm.simulator.ordersValue(format.count(ordersValue)),
              range: orders,
              onInput: (value) => this.set({ ordersPerMonth: value }),
            })
          : nothing}
        ${spend
          ? this.renderSlider({
              id: `${ids}-spend`,
              label: gm.simulator.averageOrderLabel,
              value: spendValue,
              shown: format.money(Math.round(spendValue)),
              range: spend,
              onInput: (value) => this.set({ spendPerPurchase: value }),
            })
          : nothing}
        ${simulator.inputs.products.length > 0
          ? html`<fieldset>
              <legend>${gm.simulator.productsLegend}</legend>
              ${simulator.inputs.products.map(
                (product) => html`<label class="check">
                  <input
                    type="checkbox"
                    data-sku=${product.sku}
                    .checked=${settings.add.includes(product.sku)}
                    @change=${(event: Event) => {
                      const checked = (event.target as HTMLInputElement).checked;
                      const others = this.settings.add.filter((sku) => sku !== product.sku);
                      this.set({ add: checked ? [...others, product.sku] : others });
                    }}
                  />
                  <span>
                    ${gm.simulator.addProduct({ product: product.name, price: format.money(product.price), share: gf.wholePercent(product.share) })}
                  </span>
                </label>`,
              )}
            </fieldset>`
          : nothing}
        <div>
          <button type="button" class="secondary" @click=${() => this.set({ ordersPerMonth: undefined, spendPerPurchase: undefined, add: [] })}>
            ${gm.simulator.reset}
          </button>
        </div>
      </div>
    `;
  }

  private renderResults(context: Context, simulator: Simulator, result: WhatIfResult): TemplateResult {
    const { gm, gf, format, level, ids } = context;
    const { base } = simulator;
    const months = format.count(simulator.horizonMonths);
    const value = result.predictedValue;
    // Beside a projected date: the date at the current pace, when it differs.
    const was = (now: string | null, before: string | null) =>
      now === before ? nothing : html`<span class="was">${before === null ? gm.simulator.wasNotWithin : gm.simulator.was(gf.day(before))}</span>`;
    const baseTier = base.nextTier;
    const tier = result.nextTier;
    const milestones = result.milestones
      .filter((milestone) => !milestone.reached && (milestone.reachedOn !== null || !simulator.unprojected.has(milestone.id)))
      .sort((a, b) => (a.reachedOn ?? '9999').localeCompare(b.reachedOn ?? '9999'))
      .slice(0, MILESTONES_SHOWN);
    const baseMilestones = new Map(base.milestones.map((milestone) => [milestone.id, milestone.reachedOn]));

    return html`
      <div class="box results" part="simulator-results">
        ${subHeading(level, `${ids}-results`, gm.simulator.resultsTitle)}
        <dl>
          ${value === null
            ? nothing
            : html`<dt>${gm.simulator.valueLabel(months)}</dt>
                <dd>
                  <span class="value" data-figure="value">${format.money(value)}</span>
                  <span class="was" data-figure="value-now">
                    ${gm.simulator.valueNow({ now: format.money(base.predictedValue ?? 0), change: gf.signedMoney(value - (base.predictedValue ?? 0)) })}
                  </span>
                </dd>`}
          <dt>${gm.simulator.tierLabel}</dt>
          <dd data-figure="tier">
            ${tier === null
              ? gm.simulator.topTier
              : html`<span>
                    ${tier.reachedOn
                      ? gm.simulator.tierOn({ tier: tier.name, date: gf.day(tier.reachedOn) })
                      : gm.simulator.tierNotWithin({ tier: tier.name, months: format.count(simulator.projectionMonths) })}
                  </span>
                  ${baseTier && baseTier.id === tier.id ? was(tier.reachedOn, baseTier.reachedOn) : nothing}`}
          </dd>
          ${milestones.length === 0
            ? nothing
            : html`<dt>${gm.simulator.milestonesLabel}</dt>
                <dd>
                  <ul>
                    ${milestones.map(
                      (milestone) => html`<li data-milestone=${milestone.id}>
                        <span>
                          ${milestone.reachedOn
                            ? gm.simulator.milestoneOn({ name: milestone.name, date: gf.day(milestone.reachedOn) })
                            : gm.simulator.milestoneNotWithin({ name: milestone.name })}
                        </span>
                        ${was(milestone.reachedOn, baseMilestones.get(milestone.id) ?? null)}
                      </li>`,
                    )}
                  </ul>
                </dd>`}
        </dl>
        <p class="visually-hidden" role="status">${value === null ? '' : `${gm.simulator.valueLabel(months)}: ${format.money(value)}`}</p>
      </div>
    `;
  }

  render(growth: GrowthContext): TemplateResult {
    const { gm } = growth;
    const phase = this.phase;
    if (phase.kind === 'loading') return placeholder(gm.simulator.loading);
    if (phase.kind === 'failed') {
      return html`
        <div class="alert" part="simulator-error" role="alert">
          <p>${gm.simulator.loadFailed} ${requestErrorText(gm, phase.error)}</p>
        </div>
        <div class="actions">
          <button part="retry-button" type="button" @click=${() => this.retry()}>${gm.simulator.tryAgain}</button>
        </div>
      `;
    }
    const { simulator } = phase;
    if (!simulator.orders || !simulator.spend) return html`<p class="muted">${gm.simulator.notScored}</p>`;
    const context: Context = { ...growth, gf: growthFormat(growth.format, growth.locale.formatLocale, growth.value.currency) };
    const result = simulate(simulator, this.settings);
    return html`
      <p class="muted intro">${gm.simulator.intro}</p>
      ${this.renderControls(context, simulator)} ${this.renderResults(context, simulator, result)}
      <p class="small muted">${gm.simulator.note}</p>
    `;
  }
}
