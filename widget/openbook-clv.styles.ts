import { css } from 'lit';

export const styles = css`
  :host {
    --_accent: var(--openbook-accent, #1d5fd1);
    --_surface: var(--openbook-surface, #ffffff);
    --_text: var(--openbook-text, #1b1f24);
    --_radius: var(--openbook-radius, 12px);
    --_line: color-mix(in srgb, var(--_text) 16%, transparent);

    display: block;
    color: var(--_text);
    font-family: var(--openbook-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', sans-serif);
    font-size: 1rem;
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }

  .card {
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    padding: clamp(1rem, 3vw, 1.5rem);
  }
  h2,
  h3,
  p {
    margin: 0;
  }
  .title {
    font-size: 1.25rem;
    font-weight: 700;
    line-height: 1.3;
  }
  header {
    display: grid;
    gap: 0.125rem;
    margin-block-end: 1rem;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }

  /* The open formula, the headline of the card. */
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
    margin: 1rem 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
  }
  .figure {
    border: 1px solid var(--_line);
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
  }

  details {
    margin-block-start: 0.5rem;
    font-size: 0.9375rem;
  }
  summary {
    cursor: pointer;
    inline-size: fit-content;
    border-radius: 4px;
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

  button {
    font: inherit;
    font-weight: 600;
    color: var(--_surface);
    background: var(--_accent);
    border: 0;
    border-radius: calc(var(--_radius) * 0.5);
    padding: 0.5rem 1.125rem;
    margin-block-start: 1rem;
    cursor: pointer;
  }
  button:hover {
    filter: brightness(0.92);
  }
  summary:focus-visible,
  button:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }

  .empty,
  .error {
    display: grid;
    gap: 0.25rem;
  }
  .state-title {
    font-weight: 700;
    font-size: 1.125rem;
  }
  .error {
    border-inline-start: 4px solid #b3261e;
    padding-inline-start: 0.75rem;
  }

  openbook-cumulative-value-chart {
    margin-block-start: 1rem;
  }

  .skeleton {
    display: grid;
    gap: 0.75rem;
  }
  .bone {
    block-size: 1rem;
    border-radius: 4px;
    background: color-mix(in srgb, var(--_text) 10%, transparent);
    animation: pulse 1.4s ease-in-out infinite;
  }
  .bone.wide {
    block-size: 4.5rem;
  }
  .bone.short {
    inline-size: 40%;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .bone {
      animation: none;
    }
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
