import { css } from 'lit';

/** The frame every element shares: the card, its header, and the waiting, error, stale and signed-out states. */
export const frameStyles = css`
  :host {
    display: block;
    color: var(--_text);
    font-family: var(--_font);
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
    border: 1px solid var(--_border);
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
  .muted {
    color: var(--_muted);
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible,
  button:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }

  button {
    font: inherit;
    font-weight: 600;
    color: var(--_surface);
    background: var(--_accent);
    border: 0;
    border-radius: calc(var(--_radius) * 0.5);
    padding: 0.5rem 1.125rem;
    min-block-size: 2.75rem;
    cursor: pointer;
  }
  button:hover {
    filter: brightness(0.92);
  }

  .empty,
  .error,
  .notice,
  .signed-out {
    display: grid;
    gap: 0.25rem;
    justify-items: start;
  }
  .state-title {
    font-weight: 700;
    font-size: 1.125rem;
  }
  .error,
  .notice {
    border-inline-start: 4px solid var(--_danger);
    padding-inline-start: 0.75rem;
  }
  .notice {
    margin-block-end: 1rem;
  }
  .error + button,
  .notice > button {
    margin-block-start: 0.75rem;
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
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
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
