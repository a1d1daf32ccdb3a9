/**
 * The rewards section's rendering: part of the lazily loaded loyalty chunk (see `loyalty-views.ts`); the
 * element and its documentation are in `openbook-rewards.ts`.
 */
import type { TemplateResult } from 'lit';
import type { RewardState } from '../../../shared/schemas/loyalty.ts';
import type { RewardKind } from '../../i18n/loyalty/index.ts';
import { isRecord, subHeading } from '../loyalty/loyalty-parts.ts';
import { html, nothing } from '../loyalty/loyalty-lit.ts';
import type { LoyaltyContext } from '../loyalty/loyalty-section.ts';

/** The reward's terms in the customer's language: "10% off your orders", "Free shipping on repeat orders". */
function termsOf({ lm, lf, format }: LoyaltyContext, reward: RewardState): string {
  const terms: Record<string, unknown> = isRecord(reward.terms) ? reward.terms : {};
  const percent = typeof terms.percent === 'number' ? format.percent(terms.percent / 100) : undefined;
  const minimum = typeof terms.minimumOrderAmount === 'number' ? format.money(terms.minimumOrderAmount) : undefined;
  const access = Array.isArray(terms.access)
    ? terms.access.filter((item): item is string => typeof item === 'string')
    : [];
  return (
    lm.rewards.terms({
      kind: reward.kind as RewardKind,
      percent,
      minimumOrderAmount: minimum,
      repeatOrdersOnly: terms.repeatOrdersOnly === true,
      access: access.length > 0 ? lf.list(access) : undefined,
    }) ?? ''
  );
}

/** Each condition still missing, in words; conditions this version does not know are left out. */
function missingOf(c: LoyaltyContext, reward: RewardState): string[] {
  const { lm, lf, format, loyalty } = c;
  const metric = loyalty.tier.qualifying.metric;
  return reward.missing.flatMap((missing): string[] => {
    switch (missing.type) {
      case 'tier':
        return [lm.rewards.missingTier({ tier: missing.tierName, amount: lm.amount(lf.metric(missing.amountNeeded, metric)) })];
      case 'milestone': {
        const kind = loyalty.milestones.find((milestone) => milestone.id === missing.milestoneId)?.kind ?? 'custom';
        return [
          lm.rewards.missingMilestone({
            milestone: missing.milestoneName,
            remaining: lm.milestones.amount(lf.milestone(missing.remaining, kind)),
          }),
        ];
      }
      case 'rolling-12-month-spend':
        return [lm.rewards.missingSpend({ atLeast: format.money(missing.atLeast), amount: format.money(missing.amountNeeded) })];
      case 'points':
        return [
          lm.rewards.missingPoints({
            cost: lm.points(lf.count(missing.pointsCost)),
            balance: lm.points(lf.count(missing.balance)),
            needed: lm.points(lf.count(missing.pointsNeeded)),
          }),
        ];
      default:
        return [];
    }
  });
}

function renderReward(c: LoyaltyContext, reward: RewardState): TemplateResult {
  const { lm, lf } = c;
  const terms = termsOf(c, reward);
  const cost = reward.pointsCost === null ? undefined : lm.points(lf.count(reward.pointsCost));
  const locked = !isUsable(reward);
  const status = !locked
    ? reward.status === 'redeemable' && cost
      ? lm.rewards.redeemable(cost)
      : lm.rewards.active
    : cost
      ? lm.rewards.costs(cost)
      : undefined;
  const missing = locked ? missingOf(c, reward) : [];
  return html`
    <li class="figure" part="reward">
      <p class="name">${reward.name}</p>
      ${terms && terms !== reward.name ? html`<p class="sub">${terms}</p>` : nothing}
      ${reward.description ? html`<p class="sub">${reward.description}</p>` : nothing}
      ${status ? html`<p class="chip" part="reward-status">${status}</p>` : nothing}
      ${missing.length > 0
        ? html`
            <p>${lm.rewards.unlocksWith}</p>
            <ul class="missing">
              ${missing.map((line) => html`<li>${line}</li>`)}
            </ul>
          `
        : nothing}
    </li>
  `;
}

export function renderRewards(c: LoyaltyContext): TemplateResult {
  const { lm, level, ids } = c;
  const rewards = c.loyalty.rewards;
  const now = rewards.filter(isUsable);
  const locked = rewards.filter((reward) => !isUsable(reward));
  return html`
    ${subHeading(level, `${ids}-now-label`, lm.rewards.nowTitle, 'group-title')}
    ${now.length > 0
      ? html`<ul class="rewards-list" part="rewards-now" aria-labelledby=${`${ids}-now-label`}>
          ${now.map((reward) => renderReward(c, reward))}
        </ul>`
      : html`<p class="muted">${lm.rewards.noneNow}</p>`}
    ${subHeading(level, `${ids}-next-label`, lm.rewards.nextTitle, 'group-title')}
    ${locked.length > 0
      ? html`<ul class="rewards-list" part="rewards-next" aria-labelledby=${`${ids}-next-label`}>
          ${locked.map((reward) => renderReward(c, reward))}
        </ul>`
      : html`<p class="muted">${lm.rewards.noneLocked}</p>`}
  `;
}

/** A status benefit in use, or a reward the customer's points can buy now. */
function isUsable(reward: RewardState): boolean {
  return reward.status === 'active' || reward.status === 'redeemable';
}
