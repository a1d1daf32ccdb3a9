import { css } from 'lit';

/**
 * The prediction section's own layout. It also uses the figure boxes and the "How is this calculated?"
 * disclosure of `valueStyles`, so that the two sections read alike.
 */
export const predictionStyles = css`
  .section-title {
    font-size: 1.125rem;
    font-weight: 700;
    line-height: 1.3;
    margin-block-end: 0.75rem;
  }
  .prediction > .figures {
    margin: 0;
  }
  .figures dd {
    margin: 0;
  }
  .figure.main {
    border: 2px solid var(--_accent);
  }
  .prediction > details {
    margin-block-start: 0.75rem;
  }
  details > .muted {
    font-size: 0.875rem;
  }

  .parameters {
    border-collapse: collapse;
    margin-block: 0.75rem 0.25rem;
    font-size: 0.875rem;
  }
  .parameters caption {
    caption-side: top;
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.25rem;
  }
  .parameters th,
  .parameters td {
    text-align: start;
    vertical-align: top;
    padding: 0.25rem 1rem 0.25rem 0;
    border-block-end: 1px solid var(--_border);
  }
  .parameters thead th {
    font-weight: 600;
  }
  .parameters tbody th {
    font-weight: 400;
    font-style: italic;
  }
  .parameters .number {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
`;
