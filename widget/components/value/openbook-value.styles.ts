import { css } from 'lit';

export const valueStyles = css`
  /* The open formula, the headline of the section. */
  .clv {
    border: 2px solid var(--_accent);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 1rem;
  }
  .label {
    font-size: 0.9375rem;
    font-weight: 600;
  }
  .amount {
    font-size: 2rem;
    font-weight: 700;
    line-height: 1.2;
    font-variant-numeric: tabular-nums;
  }
  .equation {
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .clv > .equation {
    font-size: 1.125rem;
    margin-block-start: 0.25rem;
  }

  .figures {
    list-style: none;
    margin: 1rem 0 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
  }
  .figure {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.875rem 1rem;
  }
  .value {
    font-size: 1.5rem;
    font-weight: 700;
    line-height: 1.3;
    font-variant-numeric: tabular-nums;
  }
  .sub {
    font-size: 0.875rem;
    color: var(--_muted);
  }

  details {
    margin-block-start: 0.5rem;
    font-size: 0.9375rem;
  }
  summary {
    cursor: pointer;
    inline-size: fit-content;
    /* WCAG 2.2 target size: at least 24 by 24 CSS pixels */
    min-block-size: 24px;
    padding-block: 0.125rem;
    border-radius: 4px;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  details[open] > summary {
    margin-block-end: 0.375rem;
  }
  details > p + p {
    margin-block-start: 0.375rem;
  }
  details > .equation {
    font-weight: 600;
  }
`;
