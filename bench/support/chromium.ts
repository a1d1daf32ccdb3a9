/**
 * The widget bench's headless Chromium, as a customer's browser is when a vendor's page loads: without the
 * browser's own pages that headless Chromium loads for every new window.
 *
 * Each page load runs in a fresh browser context, and in headless Chromium (156, Debian's) each context opens
 * a window whose omnibox builds two WebUI pages of its own (chrome://omnibox-popup.top-chrome/, a Lit app in a
 * renderer of its own) while the measured page loads. On a 2-core machine that work competes for the cores in
 * the measured window (2026-11-24, alternated: the widget's first figures presented at 271 to 342 ms with it,
 * 161 to 197 ms without). A customer's browser built those when its window opened, not when the vendor's page loads.
 * Two features turn them off. The bench checks on every load that no such page is open.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type CDPSession } from 'playwright-core';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** The omnibox popup's WebUI and its AI-mode popup's (both needed: each alone leaves the other's page). */
const BROWSER_UI_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

export interface BenchBrowser {
  browser: Browser;
  /** The browser's own pages (chrome://…) open now; none while the features above are off. */
  browserUiPages(): Promise<string[]>;
}

export async function launchBenchBrowser(): Promise<BenchBrowser> {
  // Chromium takes the last --disable-features it is given, and Playwright passes a list of its own (paint
  // holding among them, which changes first paints): the features above are added to that list, read off the
  // command line of a first launch, since Playwright does not export it.
  const probe = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  let playwrightDisabled: string | undefined;
  try {
    playwrightDisabled = childCommandLines()
      .flat()
      .find((arg) => arg.startsWith('--disable-features='));
  } finally {
    await probe.close();
  }
  // Without it, ours would replace Playwright's list rather than add to it.
  if (!playwrightDisabled) throw new Error("could not read Playwright's --disable-features off the browser's command line (/proc)");
  const disabled = [playwrightDisabled.slice('--disable-features='.length), ...BROWSER_UI_FEATURES].join(',');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, `--disable-features=${disabled}`] });
  let session: CDPSession | undefined;
  return {
    browser,
    async browserUiPages() {
      session ??= await browser.newBrowserCDPSession();
      const { targetInfos } = await session.send('Target.getTargets');
      return targetInfos.filter((target) => target.type === 'browser_ui').map((target) => target.url);
    },
  };
}

/** The command lines of this process's children (Linux): the browser Playwright started is one of them. */
function childCommandLines(): string[][] {
  const lines: string[][] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // The parent's pid is the second field after the command's name, which ends with ") ".
      const parent = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1];
      if (parent === String(process.pid)) lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
    } catch {
      // Gone meanwhile.
    }
  }
  return lines;
}
