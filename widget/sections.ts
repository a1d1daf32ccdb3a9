/**
 * The sections `<openbook-clv sections="...">` can show, in the order given. Each is also an element of its
 * own, for hosts that lay the sections out themselves.
 *
 * Names this version does not know are skipped without a word (nothing is logged): that covers typos and the
 * sections later versions may add, so a host may list those already and get them when it upgrades. When no
 * listed name is known, or the attribute is absent or empty, the default sections are shown. A section with
 * nothing to show a customer (`tier`, `milestones` and `rewards` without a loyalty program, `suggestions`
 * without a catalogue, `simulator` before the customer is scored) is left out; when none of the listed
 * sections has anything, the widget draws no card at all rather than an empty one.
 */
export const sectionElements = {
  /** The lifetime value equation and the figures it is built from. */
  value: 'openbook-value',
  /** The predicted value (BG/NBD and gamma-gamma), with the models and the customer's numbers behind it. */
  prediction: 'openbook-prediction',
  /** The cumulative value by month: chart and table. */
  history: 'openbook-history',
  /**
   * The loyalty tier: qualifying value, progress to the next tier, what keeps this one, benefits, points apart.
   * This and the next two show nothing for a customer without a loyalty program (`loyalty` absent).
   */
  tier: 'openbook-tier',
  /** Earned badges with their dates, and the closest next milestones with their projected dates. */
  milestones: 'openbook-milestones',
  /** The rewards the customer can use now, and what unlocks the others. */
  rewards: 'openbook-rewards',
  /** Products worth taking, with why and what each would change; nothing without a catalogue. */
  suggestions: 'openbook-suggestions',
  /** Goals co-set with the vendor's reps: progress, history, proposals and answers (customer or rep mode). */
  goals: 'openbook-goals',
  /** What if: orders per month, average order and products added, against value, tier and milestone dates. */
  simulator: 'openbook-simulator',
} as const;

export type SectionName = keyof typeof sectionElements;

/**
 * The value, then its history and projection (the chart), then the rest. The chart comes second because it is
 * the card's picture of the value, and the sections after it fetch their code once it is drawn.
 */
export const defaultSections: readonly SectionName[] = [
  'value',
  'history',
  'tier',
  'prediction',
  'suggestions',
  'simulator',
  'goals',
  'milestones',
  'rewards',
];

export function isSectionName(name: string): name is SectionName {
  return Object.hasOwn(sectionElements, name);
}

/** `"history, value"` -> `['history', 'value']`: comma- or space-separated, case-insensitive, each name once. */
export function parseSections(attribute: string | null | undefined): SectionName[] {
  const names = new Set<SectionName>();
  for (const raw of (attribute ?? '').split(/[\s,]+/)) {
    const name = raw.toLowerCase();
    if (isSectionName(name)) names.add(name);
  }
  return names.size > 0 ? [...names] : [...defaultSections];
}
