/**
 * The tier card's rendering: part of the lazily loaded loyalty chunk (see `loyalty-views.ts`); the element and
 * its documentation are in `openbook-tier.ts`.
 */
import type { TemplateResult } from 'lit';
import type { TierRef } from '../../../shared/schemas/loyalty.ts';
import type { Qualification, Retention, Shortfall, StageFacts } from '../../i18n/loyalty/index.ts';
import { explanation, paceFigures, progressBar, subHeading } from '../loyalty/loyalty-parts.ts';
import { html, nothing } from '../loyalty/loyalty-lit.ts';
import type { LoyaltyContext } from '../loyalty/loyalty-section.ts';

function renderCurrent({ loyalty, lm, lf }: LoyaltyContext): TemplateResult {
  const { current, since, override } = loyalty.tier;
  const line = override ? lm.tier.setUntil(lf.day(override.endsOn)) : since ? lm.tier.since(lf.day(since)) : undefined;
  return html`
    <div class="tier-head" part="tier-current">
      <p class="tier-name">${current.name}</p>
      ${line ? html`<p class="sub">${line}</p>` : nothing}
    </div>
  `;
}

function renderQualifying(c: LoyaltyContext, q: Qualification, amount: (value: number) => string): TemplateResult {
  const { loyalty, lm, lf, m, level, ids } = c;
  const { current, qualifying, override } = loyalty.tier;
  const labelId = `${ids}-qualifying-label`;
  const from = qualifying.from ? lf.day(qualifying.from) : undefined;
  const through = lf.day(qualifying.through);
  const rule = lm.tier.rule({
    ...q,
    tier: current.name,
    atLeast: amount(current.atLeast),
    keepAtLeast: amount(current.keepAtLeast),
    first: current.rank === 0,
  });
  const computed =
    override && qualifying.computedTier.id !== current.id
      ? lm.tier.computed({
          tier: qualifying.computedTier.name,
          from: lf.day(loyalty.tier.retention.expiresOn ?? override.endsOn),
        })
      : '';
  return html`
    <li class="figure" part="figure">
      ${subHeading(level, labelId, lm.tier.qualifyingLabel(q))}
      <p class="value">${amount(qualifying.value)}</p>
      ${q.window === 'rolling-12-months' && from ? html`<p class="sub">${lm.period(from, through)}</p>` : nothing}
      ${explanation(m, labelId, [
        lm.tier.qualifyingExplain({ ...q, value: amount(qualifying.value), from, through }),
        rule,
        computed,
      ])}
    </li>
  `;
}

function renderStage(c: LoyaltyContext): TemplateResult | typeof nothing {
  const { loyalty, lm, lf, m, format, level, ids } = c;
  const lifecycle = loyalty.lifecycle;
  // Absent unless the vendor discloses stages to customers.
  if (!lifecycle) return nothing;
  const name = lm.stage.name(lifecycle.stage);
  if (!name) return nothing;
  const { inputs, thresholds } = lifecycle;
  const days = (value: number | null | undefined) => (typeof value === 'number' ? format.count(value) : undefined);
  const share = (value: number | null | undefined) => (typeof value === 'number' ? format.percent(value) : undefined);
  const facts: StageFacts = {
    tenureDays: days(inputs.tenureDays),
    daysSinceLastOrder: days(inputs.daysSinceLastOrder),
    probabilityAlive: share(inputs.probabilityAlive),
    spendLast12Months: format.money(inputs.spendLast12Months),
    spendPrevious12Months: format.money(inputs.spendPrevious12Months),
    trend: share(inputs.trend),
    returnedOn: inputs.returnedAfterGap ? lf.day(inputs.returnedAfterGap.returnedOn) : undefined,
    gapDays: days(inputs.returnedAfterGap?.gapDays),
    thresholds: {
      acquisitionDays: days(thresholds.acquisitionDays),
      churnRiskBelowProbabilityAlive: share(thresholds.churnRiskBelowProbabilityAlive),
      lapsedBelowProbabilityAlive: share(thresholds.lapsedBelowProbabilityAlive),
      churnRiskAfterDaysWithoutOrder: days(thresholds.churnRiskAfterDaysWithoutOrder),
      lapsedAfterDaysWithoutOrder: days(thresholds.lapsedAfterDaysWithoutOrder),
      wonBackForDays: days(thresholds.wonBackForDays),
      growthAbove: share(thresholds.growthAbove),
      maintenanceBelow: share(thresholds.maintenanceBelow),
    },
  };
  const labelId = `${ids}-stage-label`;
  const rule = lm.stage.rule(lifecycle.rule, facts);
  return html`
    <li class="figure" part="figure stage">
      ${subHeading(level, labelId, lm.stage.label)}
      <p class="value">${name}</p>
      ${rule ? html`<p>${rule}</p>` : nothing} ${explanation(m, labelId, [lm.stage.explain])}
    </li>
  `;
}

function renderProgress(c: LoyaltyContext, q: Qualification, amount: (value: number) => string): TemplateResult {
  const { loyalty, lm, lf, m, format, level, ids } = c;
  const { current, next, qualifying } = loyalty.tier;
  const labelId = `${ids}-progress-label`;
  if (!next) {
    return html`
      <div class="figure" part="tier-progress">
        <p class="strong">${lm.tier.top(current.name)}</p>
      </div>
    `;
  }
  const target = next.tier.atLeast;
  const shown = lm.tier.progressValue({ value: amount(qualifying.value), target: amount(target) });
  const pace = paceFigures(c);
  const { projection } = next;
  let projected: string | undefined;
  if (projection?.reachedOn) {
    projected = lm.tier.reaches({ tier: next.tier.name, date: lf.day(projection.reachedOn) });
  } else if (projection?.shortfall) {
    const { byDate, amount: missing, ordersAtYourAverage } = projection.shortfall;
    const shortfall: Shortfall = {
      date: lf.day(byDate),
      amount: amount(missing),
      // Counted in orders already, the gap needs no second wording in orders.
      orders: q.metric !== 'orders' && ordersAtYourAverage !== null ? format.count(ordersAtYourAverage) : undefined,
      perOrder: pace?.spend,
    };
    projected = lm.tier.notAtPace({ tier: next.tier.name, ...shortfall });
  } else if (next.amountNeeded > 0 && !loyalty.pace.available) {
    projected = lm.tier.paceUnavailable;
  }
  return html`
    <div class="figure" part="tier-progress">
      ${subHeading(level, labelId, lm.tier.progressLabel(next.tier.name))}
      ${progressBar({ labelledBy: labelId, min: 0, max: target, now: qualifying.value, text: shown })}
      <p>${shown}</p>
      <p class="strong">
        ${next.amountNeeded > 0
          ? lm.tier.needed({ amount: amount(next.amountNeeded), tier: next.tier.name })
          : lm.tier.alreadyThere(next.tier.name)}
      </p>
      ${projected ? html`<p>${projected}</p>` : nothing}
      ${explanation(m, labelId, [
        lm.tier.neededExplain({
          ...q,
          tier: next.tier.name,
          target: amount(target),
          value: amount(qualifying.value),
          amount: amount(next.amountNeeded),
        }),
        projection && pace ? lm.tier.paceExplain({ ...pace, window: q.window }) : '',
      ])}
    </div>
  `;
}

function renderKeep(c: LoyaltyContext, q: Qualification, amount: (value: number) => string): TemplateResult | typeof nothing {
  const { loyalty, lm, lf, m, level, ids } = c;
  const { current, retention, override } = loyalty.tier;
  if (retention.status === 'base') return nothing;
  const labelId = `${ids}-keep-label`;
  const tier = current.name;
  const title = subHeading(level, labelId, lm.tier.keepTitle(tier));
  const rule = lm.tier.rule({
    ...q,
    tier,
    atLeast: amount(current.atLeast),
    keepAtLeast: amount(current.keepAtLeast),
    first: current.rank === 0,
  });

  if (retention.status === 'never-expires') {
    return html`
      <div class="figure" part="tier-keep">
        ${title}
        <p class="strong">${lm.tier.keepForever({ ...q, tier })}</p>
        ${explanation(m, labelId, [rule])}
      </div>
    `;
  }

  const a: Qualification & Retention = {
    ...q,
    tier,
    keepAtLeast: amount(retention.keepAtLeast),
    graceMonths: c.format.count(retention.graceMonths),
    fallsBelowOn: retention.fallsBelowOn ? lf.day(retention.fallsBelowOn) : undefined,
    keptThrough: retention.keptThrough ? lf.day(retention.keptThrough) : undefined,
    expiresOn: retention.expiresOn ? lf.day(retention.expiresOn) : undefined,
    tierAfter: retention.tierAfter?.name,
    amountToKeep: amount(retention.amountToKeep),
    amountToKeepIsZero: retention.amountToKeep <= 0,
    valueThen: amount(retention.valueOnKeptThrough),
  };
  let main: string;
  if (retention.status === 'override' && override) {
    main = lm.tier.override({ ...a, endsOn: lf.day(override.endsOn) });
  } else if (retention.status === 'in-grace' && retention.fellBelowOn) {
    main = lm.tier.grace({ ...a, fellBelowOn: lf.day(retention.fellBelowOn) });
  } else if (a.keptThrough) {
    main = lm.tier.keep(a);
  } else {
    // A status this version does not know: say only what keeps the tier.
    main = rule;
  }
  const ends =
    a.expiresOn && a.tierAfter && a.tierAfter !== tier
      ? lm.tier.ends({ tier, expiresOn: a.expiresOn, tierAfter: a.tierAfter })
      : undefined;
  const atPace =
    retention.atYourPace && a.keptThrough
      ? (retention.atYourPace.keeps ? lm.tier.keepsAtPace : lm.tier.losesAtPace)({
          value: amount(retention.atYourPace.projectedValueOnKeptThrough),
          date: a.keptThrough,
        })
      : undefined;
  const pace = paceFigures(c);
  const working =
    retention.status === 'override'
      ? [rule, lm.tier.computed({ tier: loyalty.tier.qualifying.computedTier.name, from: a.expiresOn ?? a.keptThrough ?? '' })]
      : a.keptThrough
        ? [lm.tier.keepExplain({ ...a, inGrace: retention.status === 'in-grace' })]
        : [];
  return html`
    <div class="figure" part="tier-keep">
      ${title}
      <p class="strong">${main}</p>
      ${ends ? html`<p>${ends}</p>` : nothing} ${atPace ? html`<p>${atPace}</p>` : nothing}
      ${explanation(m, labelId, [...working, atPace && pace ? lm.tier.paceExplain({ ...pace, window: q.window }) : ''])}
    </div>
  `;
}

function renderBenefits({ loyalty, lm, level, ids }: LoyaltyContext): TemplateResult {
  const { current, next } = loyalty.tier;
  const list = (tier: TierRef, title: string, id: string) => html`
    <div class="benefit-group" aria-labelledby=${id} role="group">
      ${subHeading(level, id, title, 'group-title')}
      ${tier.benefits.length > 0
        ? html`<ul>
            ${tier.benefits.map((benefit) => html`<li>${benefit}</li>`)}
          </ul>`
        : html`<p class="muted">${lm.tier.noBenefits}</p>`}
    </div>
  `;
  return html`
    <div class="benefits" part="benefits">
      ${list(current, lm.tier.benefitsTitle(current.name), `${ids}-benefits-label`)}
      ${next ? list(next.tier, lm.tier.nextBenefitsTitle(next.tier.name), `${ids}-next-benefits-label`) : nothing}
    </div>
  `;
}

function renderPoints({ loyalty, lm, lf, m, level, ids }: LoyaltyContext, q: Qualification): TemplateResult {
  const { points } = loyalty;
  const labelId = `${ids}-points-label`;
  const p = (value: number) => lm.points(lf.count(value));
  return html`
    <div class="points" part="points">
      ${subHeading(level, labelId, lm.pointsBlock.label)}
      <p class="value">${p(points.balance)}</p>
      <p>${lm.pointsBlock.separate({ countsEarned: q.metric === 'points-earned', earned: p(points.earned) })}</p>
      ${points.nextExpiry
        ? html`<p class="sub">
            ${lm.pointsBlock.expiring({ points: p(points.nextExpiry.points), date: lf.day(points.nextExpiry.usableThrough) })}
          </p>`
        : nothing}
      ${explanation(
        m,
        labelId,
        lm.pointsBlock.explain({
          earned: p(points.earned),
          redeemed: p(points.redeemed),
          expired: p(points.expired),
          balance: p(points.balance),
          perUnit: lf.count(points.earnPerCurrencyUnit),
          currencyUnit: lf.currencyUnit,
          expiryMonths: points.expiryMonths === null ? undefined : lf.count(points.expiryMonths),
        }),
      )}
    </div>
  `;
}

export function renderTier(c: LoyaltyContext): TemplateResult {
  const { metric, window } = c.loyalty.tier.qualifying;
  const q: Qualification = { metric, window };
  const amount = (value: number) => c.lm.amount(c.lf.metric(value, metric));
  return html`
    ${renderCurrent(c)}
    <ul class="figures" part="figures">
      ${renderQualifying(c, q, amount)} ${renderStage(c)}
    </ul>
    ${renderProgress(c, q, amount)} ${renderKeep(c, q, amount)} ${renderBenefits(c)}
    ${renderPoints(c, q)}
  `;
}
