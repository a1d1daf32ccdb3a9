/**
 * Helpers for the loyalty sections' browser tests (not part of the bundle). The fixtures
 * (`widget/test-fixtures/loyalty-*.json`) are real `/v1/me` answers of the demo, trimmed: see
 * `widget/test-fixtures/README.md`.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../openbook-clv.ts';
import type { OpenbookClv } from '../../openbook-clv.ts';
import { shadow, untilState } from '../../test-helpers.ts';

export type LoyaltyTag = 'openbook-tier' | 'openbook-milestones' | 'openbook-rewards';

/** Waits until every loyalty section under `root` has its messages and views (they load lazily). */
export async function untilLoyaltyReady(root: ParentNode): Promise<void> {
  await waitUntil(
    () => {
      const sections = [...root.querySelectorAll('section.loyalty')];
      return sections.length > 0 && sections.every((node) => node.getAttribute('data-ready') === 'true');
    },
    'the loyalty sections did not get their messages and views',
    { timeout: 5000 },
  );
}

/** `<openbook-clv>` with the loyalty sections (by default only those), loaded and ready. */
export async function loyaltyWidget(
  token: string,
  { locale = 'en-US', theme = 'light', sections = 'tier,milestones,rewards' } = {},
): Promise<OpenbookClv> {
  const el = await fixture<OpenbookClv>(
    html`<openbook-clv
      api="/test-api/ok"
      token=${token}
      locale=${locale}
      theme=${theme}
      sections=${sections}
    ></openbook-clv>`,
  );
  await untilState(el, 'loaded');
  await untilLoyaltyReady(shadow(el));
  await el.updateComplete;
  return el;
}

/** A loyalty section nested in the widget (it renders in the widget's shadow root). */
export function nested(el: OpenbookClv, tag: LoyaltyTag): HTMLElement {
  const node = shadow(el).querySelector<HTMLElement>(tag);
  if (!node) throw new Error(`no ${tag}`);
  return node;
}

/** The first element matching `selector`, or a thrown error naming it. */
export function one(root: ParentNode, selector: string): HTMLElement {
  const node = root.querySelector<HTMLElement>(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  return node;
}

/** Text of a node, whitespace collapsed (no-break spaces kept). */
export function textOf(node: Node): string {
  return (node.textContent ?? '').replace(/[ \t\n\r]+/g, ' ').trim();
}

/** Texts of the direct `<p>` children of a block (explanations excluded), in order. */
export function lines(block: Element): string[] {
  return [...block.querySelectorAll(':scope > p')].map(textOf);
}

/** The paragraphs of the "How is this calculated?" in a block, opened first. */
export function working(block: Element): string[] {
  const details = block.querySelector(':scope > details');
  if (!(details instanceof HTMLDetailsElement)) throw new Error('no explanation');
  details.open = true;
  return [...details.querySelectorAll('p')].map(textOf);
}

/** Opens every "How is this calculated?" and "N more milestones" under `root`. */
export function openAll(root: ParentNode): void {
  for (const details of root.querySelectorAll('details')) details.open = true;
}

/** The attributes of a progress bar that assistive technology reads, and the text of its label. */
export function barOf(node: Element): Record<string, string | null> {
  const labelledBy = node.getAttribute('aria-labelledby');
  const root = node.getRootNode() as ParentNode & { getElementById?: (id: string) => HTMLElement | null };
  const label = labelledBy ? root.querySelector(`#${labelledBy}`) : null;
  return {
    role: node.getAttribute('role'),
    name: label ? textOf(label) : null,
    min: node.getAttribute('aria-valuemin'),
    max: node.getAttribute('aria-valuemax'),
    now: node.getAttribute('aria-valuenow'),
    text: node.getAttribute('aria-valuetext'),
  };
}

/** The vendor's own words in a fixture (tier, benefit, milestone and reward names and texts, the customer's name). */
export async function vendorWords(fixtureName: string): Promise<string[]> {
  const response = await fetch(`/widget/test-fixtures/${fixtureName}.json`);
  const body = (await response.json()) as {
    customer: { name: string };
    loyalty: {
      tier: { current: { name: string; benefits: string[] }; next: { tier: { name: string; benefits: string[] } } | null };
      milestones: { name: string; description: string | null }[];
      rewards: { name: string; description: string | null; terms: { access?: string[] } }[];
    };
  };
  const { tier, milestones, rewards } = body.loyalty;
  const words = [
    body.customer.name,
    tier.current.name,
    ...tier.current.benefits,
    ...(tier.next ? [tier.next.tier.name, ...tier.next.tier.benefits] : []),
    ...['Member', 'Silver', 'Gold', 'Platinum'],
    ...milestones.flatMap((milestone) => [milestone.name, milestone.description ?? '']),
    ...rewards.flatMap((reward) => [reward.name, reward.description ?? '', ...(reward.terms.access ?? [])]),
  ];
  // Longest first, so that "10% volume discount" goes before "Gold" could cut into it.
  return words.filter(Boolean).sort((a, b) => b.length - a.length);
}

/** Latin words left in a text once the vendor's words and the currency prefix Intl writes are taken out. */
export function latinLeft(text: string, vendor: readonly string[]): string[] {
  let rest = text;
  for (const word of vendor) rest = rest.split(word).join(' ');
  return rest.replace(/US\$/g, '').match(/[A-Za-z]{2,}/g) ?? [];
}
