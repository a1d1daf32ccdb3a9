import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError, ClientErrorCode, requestJson, type CustomerValue } from '../../api-client.ts';
import type { CatalogueTag } from '../../i18n/index.ts';
import { growthMessages, loadGrowthMessages, type GrowthMessages } from '../../i18n/growth/index.ts';
import { OpenbookElement, type SectionContext } from '../../openbook-element.ts';
import { frameStyles } from '../../openbook-element.styles.ts';
import { themeStyles } from '../../theme.ts';
import { valueStyles } from '../value/openbook-value.styles.ts';
import { lazySectionFrame, placeholder } from '../lazy-section-frame.ts';
import type { Kit } from './growth-kit.ts';
import { growthStyles } from './growth.styles.ts';

/** What a growth view renders with, beyond the shared context. */
export interface GrowthContext extends SectionContext {
  readonly gm: GrowthMessages;
  /**
   * The level of the section's own sub-headings: 4 under its `<h3>` when nested in `<openbook-clv>`, 3 under
   * the card's `<h2>` when standalone.
   */
  readonly level: 3 | 4;
  /** Prefix of the section's element ids, which share the widget's shadow root when nested. */
  readonly ids: string;
}

/** What a view may ask of the element it renders for. */
export interface GrowthHost {
  /**
   * One request to the server with the token of the element's session (a fresh one from the `tokenProvider`
   * when needed): the parsed JSON body, or a rejection with an `ApiError`.
   */
  request(path: string, init?: { method?: 'GET' | 'POST'; body?: unknown }): Promise<unknown>;
  requestUpdate(): void;
  dispatchEvent(event: Event): boolean;
  /** Where the element renders (its own light DOM when nested, its shadow root otherwise). */
  root(): HTMLElement | DocumentFragment;
}

/** A section's rendering code and state, from a lazily loaded chunk. */
export interface GrowthView {
  /** The figures about to be rendered (from the element's `willUpdate`): a view starts its requests here. */
  willUpdate?(value: CustomerValue): void;
  updated?(): void;
  render(context: GrowthContext): TemplateResult;
}

/** A view chunk's one export. */
export type ViewFactory = (host: GrowthHost, kit: Kit) => GrowthView;

/**
 * What the three growth sections (suggestions, simulator, goals) share: their views (rendering code, state
 * and requests) and their messages arrive in chunks of their own, fetched when the section first has
 * something to show, with a placeholder in between and a short note if they cannot be fetched. The elements
 * themselves, in `openbook-clv.js`, only decide whether they have anything to show.
 */
export abstract class GrowthSection extends OpenbookElement {
  static override styles = [themeStyles, frameStyles, valueStyles, growthStyles];

  /** The catalogue being fetched for this element, and one that could not be. */
  private _loadingTag: CatalogueTag | undefined;
  private _failedTag: CatalogueTag | undefined;
  private _growthView: GrowthView | undefined;
  private _viewState: 'idle' | 'loading' | 'failed' = 'idle';

  /** The section's name: its part and the prefix of its ids. */
  protected abstract readonly key: 'suggestions' | 'goals' | 'simulator';

  /** Imports the section's view chunk. */
  protected abstract loadView(): Promise<ViewFactory>;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const value = this.figures;
    if (!value || !this.hasContent(value)) return;
    if (this._growthView) this._growthView.willUpdate?.(value);
    else if (this._viewState === 'idle') this._startView();
  }

  protected override updated(): void {
    super.updated();
    this._growthView?.updated?.();
  }

  private _startView(): void {
    this._viewState = 'loading';
    const host: GrowthHost = {
      request: (path, init) => this._request(path, init),
      requestUpdate: () => this.requestUpdate(),
      dispatchEvent: (event) => this.dispatchEvent(event),
      root: () => this.renderRoot,
    };
    const loaded = this.whenCodeMayLoad().then(() => this.loadView());
    loaded.then(
      (create) => {
        this._growthView = create(host, { html, nothing, ApiError, ClientErrorCode });
        this._viewState = 'idle';
        this.requestUpdate();
      },
      () => {
        // Offline, or the chunk is gone after a deploy: say so in the section, never in the console.
        this._viewState = 'failed';
        this.requestUpdate();
      },
    );
  }

  private _request(path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<unknown> {
    const session = this.session;
    if (!session) {
      return Promise.reject(new ApiError({ status: 0, code: ClientErrorCode.tokenProvider, message: 'no session' }));
    }
    return session.withToken((token) => requestJson({ api: session.api, token, path, ...init }));
  }

  private _loadMessages(tag: CatalogueTag): void {
    if (this._loadingTag === tag) return;
    this._loadingTag = tag;
    const loaded = this.whenCodeMayLoad().then(() => loadGrowthMessages(tag));
    loaded.then(
      () => {
        this._loadingTag = undefined;
        this.requestUpdate();
      },
      () => {
        this._loadingTag = undefined;
        this._failedTag = tag;
        this.requestUpdate();
      },
    );
  }

  protected override renderSection(context: SectionContext): TemplateResult {
    if (!this.hasContent(context.value)) return html``;
    const { tag } = context.locale;
    const nested = this.nestedIn !== undefined;
    const labelId = `${this.key}-label`;
    const gm = growthMessages(tag);
    const view = this._growthView;
    let body: TemplateResult;
    if (gm && view) {
      body = view.render({ ...context, gm, level: nested ? 4 : 3, ids: this.key });
    } else if (this._failedTag === tag || this._viewState === 'failed') {
      body = html`<p class="muted" part="growth-note">${context.m.growth.unavailable}</p>`;
    } else {
      if (!gm) this._loadMessages(tag);
      body = placeholder(context.m.loading);
    }
    const ready = gm !== undefined && view !== undefined;
    const heading = nested ? { id: labelId, text: this.heading(context.m) } : undefined;
    return lazySectionFrame({ className: `growth ${this.key}`, part: this.key, heading, ready, body });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
