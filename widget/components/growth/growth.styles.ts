import { css } from 'lit';

/**
 * The growth sections' layout: suggestion and goal boxes, forms, progress bars and sliders. Every rule sits
 * under `.growth`, as nested sections share the widget's shadow root with the other sections' styles. Only
 * the theme's colours are used, in the pairs `theme.test.ts` checks: text and accent on the surface, the
 * surface on the accent, lines and the error mark at 3:1.
 */
export const growthStyles = css`
  .growth .section-title {
    font-size: 1.125rem;
    font-weight: 700;
    line-height: 1.3;
    margin-block-end: 0.5rem;
  }
  .growth h3,
  .growth h4 {
    margin: 0;
  }
  .growth .intro {
    margin-block-end: 0.75rem;
  }
  .growth ol,
  .growth ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .growth .boxes {
    display: grid;
    gap: 0.75rem;
  }
  .growth .box {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.875rem 1rem;
    display: grid;
    gap: 0.375rem;
    justify-items: start;
  }
  .growth .box > * {
    max-inline-size: 100%;
  }
  .growth .box dl {
    margin: 0;
    display: grid;
    gap: 0.25rem;
  }
  .growth .box dt {
    font-weight: 600;
    font-size: 0.875rem;
    margin-block-start: 0.25rem;
  }
  .growth .box dd {
    margin: 0;
  }
  .growth .counts,
  .growth .small {
    font-size: 0.875rem;
  }
  .growth a {
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.2em;
    border-radius: 2px;
  }
  .growth a:focus-visible,
  .growth input:focus-visible,
  /* Chromium moves focus into the date field's parts and its calendar button; the field is focus-within then. */
  .growth input[type='date']:focus-within,
  .growth select:focus-visible,
  .growth textarea:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .growth button.secondary {
    color: var(--_accent);
    background: transparent;
    border: 1px solid var(--_accent);
  }
  .growth button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }
  .growth .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block-start: 0.25rem;
  }

  .growth .status-line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    font-size: 0.9375rem;
  }
  .growth .goal-status {
    font-weight: 600;
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 0.5rem;
  }
  .growth .bar {
    inline-size: min(100%, 24rem);
    block-size: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    overflow: hidden;
  }
  .growth .bar > .fill {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    fill: var(--_accent);
  }
  @media (forced-colors: active) {
    .growth .bar > .fill {
      fill: CanvasText;
    }
  }
  .growth details {
    margin-block-start: 0.25rem;
  }
  .growth .history li + li {
    margin-block-start: 0.25rem;
  }
  .growth .history li > .muted {
    display: block;
    font-size: 0.875rem;
  }
  .growth .history time {
    color: var(--_muted);
    font-size: 0.875rem;
    margin-inline-end: 0.5rem;
  }

  .growth form {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0.875rem 1rem;
    margin-block-start: 0.75rem;
  }
  .growth .box form {
    margin-block-start: 0.25rem;
    inline-size: 100%;
  }
  .growth .field {
    display: grid;
    gap: 0.125rem;
    inline-size: min(100%, 24rem);
  }
  .growth label {
    font-weight: 600;
    font-size: 0.9375rem;
  }
  .growth input:not([type='range']):not([type='checkbox']),
  .growth select,
  .growth textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 0.375rem 0.5rem;
    min-block-size: 2.5rem;
    inline-size: 100%;
  }
  .growth textarea {
    min-block-size: 4rem;
    resize: vertical;
  }
  .growth [aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  .growth .alert:not(:empty) {
    border-inline-start: 4px solid var(--_danger);
    padding-inline-start: 0.75rem;
  }
  .growth .done:not(:empty) {
    font-weight: 600;
  }

  /* The simulator. */
  .growth .controls {
    display: grid;
    gap: 0.75rem;
  }
  .growth .slider {
    display: grid;
    grid-template-columns: 1fr auto;
    align-items: center;
    gap: 0.125rem 1rem;
    inline-size: min(100%, 32rem);
  }
  .growth .slider input[type='range'] {
    grid-column: 1 / -1;
    inline-size: 100%;
    min-block-size: 24px;
    accent-color: var(--_accent);
  }
  .growth .slider output {
    font-variant-numeric: tabular-nums;
    font-weight: 700;
  }
  .growth fieldset {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    margin: 0;
    padding: 0.5rem 1rem 0.75rem;
  }
  .growth legend {
    font-weight: 600;
    font-size: 0.9375rem;
    padding-inline: 0.25rem;
  }
  .growth .check {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    font-weight: 400;
    min-block-size: 24px;
  }
  .growth .check input {
    inline-size: 1.125rem;
    block-size: 1.125rem;
    margin-block-start: 0.2rem;
    accent-color: var(--_accent);
  }
  .growth .results {
    margin-block-start: 0.75rem;
    border: 2px solid var(--_accent);
  }
  .growth .results .value {
    font-size: 1.5rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .growth .was {
    color: var(--_muted);
    font-size: 0.875rem;
  }
`;
