/**
 * The milestones section's rendering: part of the lazily loaded loyalty chunk (see `loyalty-views.ts`); the
 * element and its documentation are in `openbook-milestones.ts`.
 */
import type { TemplateResult } from 'lit';
import type { MilestoneState } from '../../../shared/schemas/loyalty.ts';
import { explanation, paceFigures, progressBar, subHeading } from '../loyalty/loyalty-parts.ts';
import { html, nothing } from '../loyalty/loyalty-lit.ts';
import type { LoyaltyContext } from '../loyalty/loyalty-section.ts';

/** How many of the milestones not reached yet are shown at once; the rest are behind "N more milestones". */
const CLOSEST_SHOWN = 3;

function renderBadge({ lm, lf }: LoyaltyContext, milestone: MilestoneState): TemplateResult {
  const when = milestone.reachedOn ? lm.milestones.reachedOn(lf.day(milestone.reachedOn)) : undefined;
  const points = milestone.points > 0 ? lm.milestones.pointsAwarded(lm.points(lf.count(milestone.points))) : undefined;
  return html`
    <li class="badge" part="badge">
      <span class="badge-mark" aria-hidden="true">✓</span>
      <p class="name">${milestone.name}</p>
      ${when || points ? html`<p class="sub">${[when, points].filter(Boolean).join(' · ')}</p>` : nothing}
      ${milestone.description ? html`<p class="sub">${milestone.description}</p>` : nothing}
    </li>
  `;
}

function renderNext(c: LoyaltyContext, milestone: MilestoneState, index: number): TemplateResult {
  const { lm, lf, m, loyalty, format } = c;
  const labelId = `${c.ids}-next-${index}-label`;
  const { kind, projection } = milestone;
  const progress = lm.milestones.progress({
    kind,
    current: lf.milestone(milestone.current, kind).count,
    target: lf.milestone(milestone.target, kind).count,
  });
  const points = milestone.points > 0 ? lm.milestones.pointsAwarded(lm.points(lf.count(milestone.points))) : undefined;
  const pace = paceFigures(c);
  let projected: string | undefined;
  if (projection?.reachedOn) {
    const date = lf.day(projection.reachedOn);
    projected = projection.basis === 'calendar' ? lm.milestones.onDate(date) : lm.milestones.atPace(date);
  } else if (projection?.shortfall) {
    const { byDate, amount, ordersAtYourAverage } = projection.shortfall;
    projected = lm.milestones.notAtPace({
      kind,
      date: lf.day(byDate),
      amount: lm.milestones.amount(lf.milestone(amount, kind)),
      orders: ordersAtYourAverage === null ? undefined : format.count(ordersAtYourAverage),
      perOrder: kind === 'lifetime-spend' ? pace?.spend : undefined,
    });
  } else if (!loyalty.pace.available && (kind === 'lifetime-spend' || kind === 'orders')) {
    projected = lm.milestones.paceUnavailable;
  }
  return html`
    <li class="figure" part="milestone">
      <p class="name" id=${labelId}>${milestone.name}</p>
      ${milestone.description ? html`<p class="sub">${milestone.description}</p>` : nothing}
      ${progressBar({
        labelledBy: labelId,
        // Percent: the progress of an anniversary is not a whole number of its unit (years).
        min: 0,
        max: 100,
        now: Math.round(milestone.fraction * 1000) / 10,
        text: progress,
      })}
      <p>${points ? `${progress} · ${points}` : progress}</p>
      ${projected ? html`<p>${projected}</p>` : nothing}
      ${explanation(m, labelId, [
        lm.milestones.counts(kind) ?? '',
        projection?.basis === 'pace' && pace ? lm.tier.paceExplain({ ...pace, window: 'lifetime' }) : '',
      ])}
    </li>
  `;
}

export function renderMilestones(c: LoyaltyContext): TemplateResult {
  const { lm, lf, level, ids } = c;
  const all = c.loyalty.milestones;
  const reached = all
    .filter((milestone) => milestone.reached)
    .sort((a, b) => (b.reachedOn ?? '').localeCompare(a.reachedOn ?? ''));
  const next = all.filter((milestone) => !milestone.reached).sort(closestFirst);
  const shown = next.slice(0, CLOSEST_SHOWN);
  const more = next.slice(CLOSEST_SHOWN);
  return html`
    <p class="sub">${lm.milestones.reachedCount({ reached: lf.count(reached.length), total: lf.count(all.length) })}</p>
    ${subHeading(level, `${ids}-reached-label`, lm.milestones.reachedTitle, 'group-title')}
    ${reached.length > 0
      ? html`<ul class="badges" part="badges" aria-labelledby=${`${ids}-reached-label`}>
          ${reached.map((milestone) => renderBadge(c, milestone))}
        </ul>`
      : html`<p class="muted">${lm.milestones.noneReached}</p>`}
    ${subHeading(level, `${ids}-next-label`, lm.milestones.nextTitle, 'group-title')}
    ${next.length > 0
      ? html`
          <ul class="next-list" part="next-milestones" aria-labelledby=${`${ids}-next-label`}>
            ${shown.map((milestone, index) => renderNext(c, milestone, index))}
          </ul>
          ${more.length > 0
            ? html`<details class="more">
                <summary>${lm.milestones.more(lf.count(more.length))}</summary>
                <ul class="next-list" part="next-milestones">
                  ${more.map((milestone, index) => renderNext(c, milestone, index + CLOSEST_SHOWN))}
                </ul>
              </details>`
            : nothing}
        `
      : html`<p class="muted">${lm.milestones.allReached}</p>`}
  `;
}

/** Soonest projected date first; then, without a date, the furthest along. */
function closestFirst(a: MilestoneState, b: MilestoneState): number {
  const dateA = a.projection?.reachedOn ?? null;
  const dateB = b.projection?.reachedOn ?? null;
  if (dateA !== null && dateB !== null) return dateA.localeCompare(dateB) || b.fraction - a.fraction;
  if (dateA !== null) return -1;
  if (dateB !== null) return 1;
  return b.fraction - a.fraction;
}
