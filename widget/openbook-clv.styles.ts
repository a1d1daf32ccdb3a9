import { css } from 'lit';

/** The root card's own layout: its sections, one below the other. */
export const rootStyles = css`
  .sections {
    display: grid;
    gap: 1.25rem;
  }
  .sections > * {
    display: block;
    min-inline-size: 0;
  }
`;
