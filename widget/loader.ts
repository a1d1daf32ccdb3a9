/**
 * The classic async loader, for pages that cannot add a module script (tag managers, old templates). Built
 * to `dist/widget/loader.js`: a plain script with no imports or exports (the build checks), which injects
 * `openbook-clv.js` from its own folder as a module script and runs the commands the page queued.
 *
 * ```html
 * <div id="openbook"></div>
 * <script>
 *   window.openbook = window.openbook || [];
 *   openbook.push(['init', { target: '#openbook', api: 'https://HOST', tokenProvider: fetchEmbedToken }]);
 * </script>
 * <script async src="https://HOST/widget/loader.js"></script>
 * ```
 *
 * Commands, queued before the loader arrives or pushed after (`openbook.push([...])` keeps working):
 * - `['init', {target, api, token, tokenProvider, locale, theme, sections}]`: puts an `<openbook-clv>` in
 *   `target` (a selector or an element; an `<openbook-clv>` target is used as it is). The token is set as a
 *   property, so it never appears in the page's markup.
 * - `['setToken', tokenOrGrant]`, `['logout']`, `['refresh']`: on every widget `init` created.
 * Malformed commands are ignored without a word, like everything the widget does in the host's console.
 *
 * Pages that require Trusted Types (`require-trusted-types-for 'script'`) list the loader's policy,
 * `openbook-loader`, beside Lit's: `trusted-types lit-html openbook-loader`.
 */
import type { TokenGrant, TokenProvider } from './session/token.ts';

interface InitOptions {
  target?: string | Element;
  api?: string;
  token?: string | TokenGrant;
  tokenProvider?: TokenProvider;
  locale?: string;
  theme?: string;
  sections?: string;
}

/** What the loader needs of `<openbook-clv>`, which it never imports. */
interface Widget extends HTMLElement {
  tokenProvider?: TokenProvider;
  setToken(token: string | TokenGrant): void;
  logout(): void;
  refresh(): void;
}

interface OpenbookGlobal {
  /** Runs each command at once; returns how many widgets the loader has created. */
  push(...commands: unknown[]): number;
  readonly loaded: true;
}

/**
 * The part of the Trusted Types API the loader uses (not in TypeScript's DOM types). `createScriptURL` answers
 * a TrustedScriptURL, typed here as the string it stands for, which is what `src` accepts.
 */
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): string };
}

declare global {
  interface Window {
    openbook?: unknown[] | OpenbookGlobal;
    trustedTypes?: TrustedTypesFactory;
  }
}

// Everything lives inside this function: a classic script's top-level names would become the page's globals.
(() => {
  const TAG = 'openbook-clv';
  const existing: unknown = window.openbook;
  // Loaded twice: the first one is in charge. Any other value that is not a queue, such as an element the page
  // gave id="openbook" (which browsers expose as window.openbook), is no command and is replaced.
  if (typeof existing === 'object' && existing !== null && (existing as Partial<OpenbookGlobal>).loaded === true) return;
  const queued: unknown[] = Array.isArray(existing) ? existing : [];
  const widgets: Widget[] = [];

  const script = document.currentScript;
  injectModule(script instanceof HTMLScriptElement ? script.src : '');

  function injectModule(loaderSrc: string): void {
    if (customElements.get(TAG) || !loaderSrc) return;
    const url = new URL(loaderSrc, location.href);
    // loader.js -> openbook-clv.js beside it (and loader.ts -> openbook-clv.ts in the tests)
    const file = /^loader(\.[a-z]+)$/.exec(url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
    url.pathname = url.pathname.replace(/[^/]*$/, `${TAG}${file?.[1] ?? '.js'}`);
    if (document.querySelector(`script[type="module"][src="${url.href}"]`)) return;
    const module = document.createElement('script');
    module.type = 'module';
    try {
      module.src = trustedScriptUrl(url.href);
    } catch {
      return; // Trusted Types required and the policy not allowed: refused, and reported to the host by the browser
    }
    document.head.append(module);
  }

  /**
   * Where Trusted Types are required, a script's src must be a TrustedScriptURL: this policy, kept here and used
   * once, makes one of the URL computed above. Without Trusted Types, or when the page does not allow the
   * policy's name, the plain URL is used (a page's `default` policy may still let it through).
   */
  function trustedScriptUrl(href: string): string {
    try {
      return window.trustedTypes?.createPolicy('openbook-loader', { createScriptURL: (url) => url }).createScriptURL(href) ?? href;
    } catch {
      return href;
    }
  }

  function init(options: InitOptions): void {
    const target = typeof options.target === 'string' ? document.querySelector(options.target) : options.target;
    if (!(target instanceof Element)) {
      // Queued in <head> before the target exists: try again once the document is parsed.
      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', () => init(options), { once: true });
      }
      return;
    }
    const widget = (
      target.localName === TAG ? target : target.appendChild(document.createElement(TAG))
    ) as Widget;
    for (const name of ['api', 'locale', 'theme', 'sections'] as const) {
      const value = options[name];
      if (typeof value === 'string') widget.setAttribute(name, value);
    }
    // Properties set before the element is defined are taken over by it when it upgrades.
    if (typeof options.tokenProvider === 'function') widget.tokenProvider = options.tokenProvider;
    if (options.token) whenDefined(widget, (ready) => ready.setToken(options.token ?? ''));
    widgets.push(widget);
  }

  function whenDefined(widget: Widget, call: (widget: Widget) => void): void {
    void customElements.whenDefined(TAG).then(() => {
      try {
        call(widget);
      } catch {
        // as in run(): never an uncaught error in the host page
      }
    });
  }

  function run(command: unknown): void {
    if (!Array.isArray(command)) return;
    const [name, argument] = command as [unknown, unknown];
    try {
      if (name === 'init' && typeof argument === 'object' && argument !== null) init(argument);
      else if (name === 'setToken') widgets.forEach((widget) => whenDefined(widget, (w) => w.setToken(argument as string)));
      else if (name === 'logout') widgets.forEach((widget) => whenDefined(widget, (w) => w.logout()));
      else if (name === 'refresh') widgets.forEach((widget) => whenDefined(widget, (w) => w.refresh()));
    } catch {
      // A malformed command (a selector that does not parse, say) must not break the host page.
    }
  }

  window.openbook = {
    loaded: true,
    push(...commands: unknown[]): number {
      commands.forEach(run);
      return widgets.length;
    },
  };
  queued.forEach(run);
})();
