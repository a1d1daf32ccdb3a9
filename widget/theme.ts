/**
 * The two built-in palettes and the CSS that applies them. A host chooses with `theme="light|dark|auto"`
 * (`auto` follows `prefers-color-scheme`; no attribute means light, so a page that knows nothing of dark mode
 * never gets a dark widget), and overrides any colour with the `--openbook-*` custom properties, which win in
 * every theme. `theme.test.ts` checks the contrast of every pair the widget draws, in both palettes.
 */
import { css, unsafeCSS, type CSSResult } from 'lit';

export const Themes = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof Themes)[number];

export interface Palette {
  /** Frame of the lifetime value, buttons' background, focus rings, chart line. */
  readonly accent: string;
  /** Card background, and the text of buttons. */
  readonly surface: string;
  readonly text: string;
  /** Secondary text (dates, sub-lines). */
  readonly muted: string;
  /** Lines around the card, figures and table rows. */
  readonly border: string;
  /** The mark beside an error. */
  readonly danger: string;
}

export const palettes = {
  light: {
    accent: '#1d5fd1',
    surface: '#ffffff',
    text: '#1b1f24',
    muted: '#535c68',
    border: '#8a929c',
    danger: '#b3261e',
  },
  dark: {
    accent: '#8ab4f8',
    surface: '#17191c',
    text: '#e8eaed',
    muted: '#aab2bd',
    border: '#6b7380',
    danger: '#f2b8b5',
  },
} as const satisfies Record<'light' | 'dark', Palette>;

function declarations(palette: Palette): CSSResult {
  return unsafeCSS(`
    --_accent: var(--openbook-accent, ${palette.accent});
    --_surface: var(--openbook-surface, ${palette.surface});
    --_text: var(--openbook-text, ${palette.text});
    --_muted: var(--openbook-muted, ${palette.muted});
    --_border: var(--openbook-border, ${palette.border});
    --_danger: var(--openbook-danger, ${palette.danger});
  `);
}

/**
 * Private `--_*` properties resolved on each element's host, so its shadow styles read one name whatever the
 * theme. Elements nested in `<openbook-clv>` are given its `theme` attribute and compute the same values.
 */
export const themeStyles = css`
  :host {
    color-scheme: light;
    ${declarations(palettes.light)}
    --_radius: var(--openbook-radius, 12px);
    --_font: var(--openbook-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'PingFang SC',
      'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif);
  }
  :host([theme='dark']) {
    color-scheme: dark;
    ${declarations(palettes.dark)}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      color-scheme: dark;
      ${declarations(palettes.dark)}
    }
  }
`;

/** WCAG 2.x relative luminance of an sRGB colour given as `#rrggbb` or `rgb(r, g, b)`. */
export function relativeLuminance(color: string): number {
  const channels = parseColor(color).map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = channels;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio, from 1 (same colour) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

function parseColor(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (hex) return [parseInt(hex[1] ?? '0', 16), parseInt(hex[2] ?? '0', 16), parseInt(hex[3] ?? '0', 16)];
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`not an sRGB colour: ${color}`);
}
