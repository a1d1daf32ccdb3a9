/**
 * The suggestions section's rendering, loaded on first use as a chunk of its own (see `GrowthSection`).
 */
import type { TemplateResult } from 'lit';
import type { CustomerSuggestions, Suggestion } from '../../../shared/schemas/suggestions.ts';
import type { CustomerValue } from '../../api-client.ts';
import type { Segment } from '../../i18n/growth/index.ts';
import { growthFormat, safeHref, type GrowthFormat } from '../growth/growth-format.ts';
import { html, nothing, useKit } from '../growth/growth-kit.ts';
import { isRecord, subHeading } from '../growth/growth-parts.ts';
import type { GrowthContext, GrowthView, ViewFactory } from '../growth/growth-section.ts';
import type { SuggestionSelectDetail } from './openbook-suggestions.ts';

export const createSuggestionsView: ViewFactory = (host, kit) => {
  useKit(kit);

  const select = (sku: string): void => {
    host.dispatchEvent(
      new CustomEvent<SuggestionSelectDetail>('openbook-suggestion-select', { detail: { sku }, bubbles: true, composed: true }),
    );
  };

  const view: GrowthView = {
    render(context) {
      const suggestions = readSuggestions(context.value);
      if (!suggestions) return html``;
      const { gm } = context;
      if (suggestions.status !== 'ready') {
        const note = suggestions.status === 'not-scored' ? gm.suggestions.notScored : gm.suggestions.notLearned;
        return html`<p class="muted" part="suggestions-note">${note}</p>`;
      }
      if (suggestions.items.length === 0) {
        return html`<p class="muted" part="suggestions-note">${gm.suggestions.none}</p>`;
      }
      const gf = growthFormat(context.format, context.locale.formatLocale, context.value.currency);
      return html`
        <p class="muted intro">${gm.suggestions.intro}</p>
        <ol class="boxes">
          ${suggestions.items.map((item, index) => renderItem(context, gf, item, index, select))}
        </ol>
      `;
    },
  };
  return view;
};

function renderWhy({ gm, format }: GrowthContext, gf: GrowthFormat, item: Suggestion): TemplateResult | typeof nothing {
  const { explanation } = item;
  const peersOf = (both: number, all: number, fraction: number) =>
    all > 0 && Number.isFinite(fraction)
      ? { share: gf.wholePercent(fraction), counts: gm.suggestions.counts({ both: format.count(both), all: format.count(all) }) }
      : undefined;
  if (explanation.kind === 'co-adoption') {
    const peers = peersOf(explanation.customersWithBoth, explanation.customersWithAntecedent, explanation.share);
    if (!peers) return nothing;
    return html`
      <p>
        ${gm.suggestions.coAdoption({
          share: peers.share,
          segment: readSegment(explanation.segment),
          antecedent: explanation.antecedent.name,
          product: item.product.name,
        })}
      </p>
      <p class="counts muted">${peers.counts}</p>
    `;
  }
  if (explanation.kind === 'upgrade') {
    const words = {
      spend: format.money(explanation.spendLast12Months),
      from: explanation.from.name,
      product: item.product.name,
      threshold: format.money(explanation.threshold),
    };
    const { peers: raw } = explanation;
    const peers = raw ? peersOf(raw.customersWithBoth, raw.customersWithAntecedent, raw.share) : undefined;
    return html`
      <p>${explanation.basis === 'plan' ? gm.suggestions.upgradePlan(words) : gm.suggestions.upgradeVolume(words)}</p>
      ${raw && peers
        ? html`<p>
              ${gm.suggestions.upgradePeers({
                share: peers.share,
                segment: readSegment(raw.segment),
                from: explanation.from.name,
                product: item.product.name,
              })}
            </p>
            <p class="counts muted">${peers.counts}</p>`
        : nothing}
    `;
  }
  return nothing;
}

function renderEffect({ gm, format }: GrowthContext, gf: GrowthFormat, item: Suggestion): TemplateResult {
  const { value, nextTier, milestones } = item.effect;
  const figures = {
    months: format.count(value.horizonMonths),
    before: format.money(value.before),
    after: format.money(value.after),
    change: gf.signedMoney(value.change),
  };
  const lines = [value.model === 'sbg' ? gm.suggestions.subscriptionChange(figures) : gm.suggestions.valueChange(figures)];
  if (nextTier?.reachedOnAfter) {
    const { reachedOnBefore, reachedOnAfter, daysSooner, tier } = nextTier;
    if (reachedOnBefore && daysSooner !== null && daysSooner > 0) {
      lines.push(gm.suggestions.tierSooner({ tier: tier.name, sooner: gf.sooner(daysSooner), after: gf.day(reachedOnAfter), before: gf.day(reachedOnBefore) }));
    } else if (!reachedOnBefore) {
      lines.push(gm.suggestions.tierBy({ tier: tier.name, after: gf.day(reachedOnAfter) }));
    }
  }
  for (const { reachedOnBefore, reachedOnAfter, daysSooner, name } of milestones) {
    if (!reachedOnAfter) continue;
    if (reachedOnBefore && daysSooner !== null && daysSooner > 0) {
      lines.push(gm.suggestions.milestoneSooner({ name, sooner: gf.sooner(daysSooner), after: gf.day(reachedOnAfter), before: gf.day(reachedOnBefore) }));
    } else if (!reachedOnBefore) {
      lines.push(gm.suggestions.milestoneBy({ name, after: gf.day(reachedOnAfter) }));
    }
  }
  return html`${lines.map((line) => html`<p>${line}</p>`)}`;
}

function renderItem(
  context: GrowthContext,
  gf: GrowthFormat,
  item: Suggestion,
  index: number,
  select: (sku: string) => void,
): TemplateResult {
  const { gm, level, ids } = context;
  const nameId = `${ids}-${index}-name`;
  const href = safeHref(item.product.url);
  const why = renderWhy(context, gf, item);
  return html`
    <li class="box suggestion" part="suggestion" data-sku=${item.product.sku} data-kind=${item.kind}>
      ${subHeading(level, nameId, item.product.name)}
      ${href
        ? html`<a part="suggestion-link" href=${href} aria-describedby=${nameId}>${gm.suggestions.learnMore(item.product.name)}</a>`
        : nothing}
      <dl>
        ${why === nothing
          ? nothing
          : html`<dt>${gm.suggestions.whyLabel}</dt>
              <dd part="suggestion-why">${why}</dd>`}
        <dt>${gm.suggestions.effectLabel}</dt>
        <dd part="suggestion-effect">${renderEffect(context, gf, item)}</dd>
      </dl>
      <div class="actions">
        <button part="suggestion-select" type="button" @click=${() => select(item.product.sku)}>
          ${gm.suggestions.select({ kind: item.kind, product: item.product.name })}
        </button>
      </div>
    </li>
  `;
}

const STATUSES = ['ready', 'not-learned', 'not-scored'];
const DIMENSIONS = ['industry', 'size', 'plan'];

function readSegment(raw: unknown): Segment | null {
  if (!isRecord(raw) || typeof raw.value !== 'string' || !DIMENSIONS.includes(String(raw.dimension))) return null;
  return raw as unknown as Segment;
}

const finite = (record: Record<string, unknown>, keys: readonly string[]) => keys.every((key) => Number.isFinite(record[key]));

/** A suggestion the widget can show: the server validates what it sends, this only keeps a malformed one out. */
function readSuggestion(raw: unknown): raw is Suggestion {
  if (!isRecord(raw) || (raw.kind !== 'cross-sell' && raw.kind !== 'upsell')) return false;
  const { product, explanation, effect } = raw;
  if (!isRecord(product) || typeof product.sku !== 'string' || typeof product.name !== 'string') return false;
  if (!isRecord(explanation) || !isRecord(effect) || !isRecord(effect.value) || !Array.isArray(effect.milestones)) return false;
  if (!finite(effect.value, ['before', 'after', 'change', 'horizonMonths'])) return false;
  if (effect.nextTier !== null && effect.nextTier !== undefined && !(isRecord(effect.nextTier) && isRecord(effect.nextTier.tier))) return false;
  if (explanation.kind === 'co-adoption') {
    return isRecord(explanation.antecedent) && typeof explanation.antecedent.name === 'string' && finite(explanation, ['customersWithBoth', 'customersWithAntecedent', 'share']);
  }
  if (explanation.kind === 'upgrade') {
    return isRecord(explanation.from) && typeof explanation.from.name === 'string' && finite(explanation, ['spendLast12Months', 'threshold']);
  }
  return true; // an explanation this version does not know: the suggestion is shown without it
}

/** The customer's suggestions, or undefined when the vendor has no catalogue (or sent something unreadable). */
function readSuggestions(value: CustomerValue): CustomerSuggestions | undefined {
  const raw: unknown = value.suggestions;
  if (!isRecord(raw) || !STATUSES.includes(String(raw.status)) || !Array.isArray(raw.items)) return undefined;
  return { ...(raw as unknown as CustomerSuggestions), items: raw.items.filter(readSuggestion) };
}
