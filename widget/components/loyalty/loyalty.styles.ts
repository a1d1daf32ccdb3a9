import { css } from 'lit';

/**
 * The loyalty sections' own layout (tier, milestones, rewards). They also use the figure boxes and the
 * "How is this calculated?" disclosure of `valueStyles`, so that every section reads alike. Nested, they
 * share the widget's shadow root with the other sections: every rule here is scoped to `.loyalty`.
 */
export const loyaltyStyles = css`
  .loyalty {
    display: grid;
    gap: 0.75rem;
  }
  .loyalty .section-title {
    font-size: 1.125rem;
    font-weight: 700;
    line-height: 1.3;
  }
  .loyalty h3,
  .loyalty h4 {
    margin: 0;
  }
  .loyalty p {
    margin: 0;
  }
  .loyalty ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .loyalty .figures {
    margin: 0;
  }
  .loyalty .figure {
    display: grid;
    gap: 0.25rem;
    align-content: start;
  }
  .loyalty .figure > details {
    margin-block-start: 0.25rem;
  }
  .loyalty .group-title {
    font-size: 1rem;
    font-weight: 700;
    margin-block-start: 0.25rem;
  }

  /* The tier: its name large, the progress towards the next one under it. */
  .loyalty .tier-head {
    border: 2px solid var(--_accent);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.875rem 1rem;
    display: grid;
    gap: 0.125rem;
  }
  .loyalty .tier-name {
    font-size: 1.75rem;
    font-weight: 700;
    line-height: 1.2;
    overflow-wrap: anywhere;
  }
  .loyalty .strong {
    font-weight: 600;
  }

  .loyalty .bar {
    block-size: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    overflow: hidden;
    margin-block: 0.25rem;
  }
  .loyalty .fill {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    fill: var(--_accent);
  }
  @media (forced-colors: active) {
    .loyalty .fill {
      fill: CanvasText;
    }
  }

  .loyalty .benefits {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
  }
  .loyalty .benefits ul,
  .loyalty .missing {
    list-style: disc;
    padding-inline-start: 1.25rem;
  }

  /* Points are money-like, not status: a box of their own, drawn differently from the tier's. */
  .loyalty .points {
    border: 1px dashed var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.875rem 1rem;
    display: grid;
    gap: 0.25rem;
  }

  .loyalty .badges,
  .loyalty .rewards-list,
  .loyalty .next-list {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
  }
  .loyalty .badge {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 0.625rem;
    align-items: start;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.75rem 0.875rem;
  }
  .loyalty .badge > :not(.badge-mark) {
    grid-column: 2;
  }
  .loyalty .badge-mark {
    grid-row: span 3;
    inline-size: 1.75rem;
    block-size: 1.75rem;
    border-radius: 50%;
    border: 2px solid var(--_accent);
    color: var(--_accent);
    display: grid;
    place-items: center;
    font-weight: 700;
    line-height: 1;
  }
  .loyalty .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .loyalty .chip {
    justify-self: start;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    padding: 0 0.625rem;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .loyalty .more > summary {
    margin-block-start: 0.25rem;
  }
  .loyalty .more[open] > .next-list {
    margin-block-start: 0.5rem;
  }
`;
