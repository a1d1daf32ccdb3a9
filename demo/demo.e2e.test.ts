/**
 * End to end: the real server (npm start's entry, demo on) on a scratch database, driven in Chromium
 * by Playwright as a user would: open the demo, read the figures, switch customer, see them change.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { chromium, type Browser } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process.ts';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = path.resolve('test-results');

/** A database nobody else uses: a new database on the PostgreSQL server, or a new embedded folder. */
async function scratchDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openbook-e2e-'));
    return { env: { OPENBOOK_DATA_DIR: dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `openbook_e2e_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin`create database ${admin(name)}`;
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: scratch.toString() },
    async drop() {
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end();
    },
  };
}

describe('the demo, in Chromium', () => {
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let server: ServerProcess;
  let browser: Browser;

  before(async () => {
    await mkdir(RESULTS_DIR, { recursive: true });
    database = await scratchDatabase();
    server = await startServerProcess({ ...database.env, OPENBOOK_DEMO: '1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  test('a customer sees their figures, and switching customer shows the other customer\'s', async () => {
    // Reduced motion: the widget then draws its chart without animation, so screenshots show it whole.
    const page = await browser.newPage({ viewport: { width: 1100, height: 1300 }, reducedMotion: 'reduce' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });

    await page.goto(`${server.base}/demo/`);
    const widget = page.locator('openbook-clv');
    const card = widget.locator('[data-state="loaded"]');
    await card.waitFor({ timeout: 30_000 });
    const switcher = page.locator('#customer-switcher');
    const firstName = await switcher.locator('option:checked').textContent();
    await widget.getByText(`Hello, ${firstName}`).waitFor();
    const firstClv = await widget.locator('.clv > .amount').textContent();
    const firstEquation = await widget.locator('.clv > .equation').textContent();
    assert.match(firstClv ?? '', /^\$[\d,]+\.\d{2}$/);
    assert.match(firstEquation ?? '', /× .* per year × 3 years = /);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'demo-first-customer.png'), fullPage: true });

    // The figures on screen are the ones the API computes for that customer.
    const options = await switcher.locator('option').evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value));
    const secondId = options[1];
    assert.ok(secondId, 'the demo lists more than one customer');
    const session = await page.request.post(`${server.base}/demo/api/session`, { data: { customerId: secondId } });
    const { token } = (await session.json()) as { token: string };
    const me = await page.request.get(`${server.base}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    const expected = (await me.json()) as { customer: { name: string }; figures: { simpleClv: { amount: number } } };
    const expectedClv = `$${(expected.figures.simpleClv.amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

    await switcher.selectOption(secondId);
    await widget.getByText(`Hello, ${expected.customer.name}`).waitFor({ timeout: 15_000 });
    await widget.locator('.clv > .amount', { hasText: expectedClv }).waitFor();
    assert.equal(await widget.locator('.clv > .amount').textContent(), expectedClv);
    if (expectedClv !== firstClv) assert.notEqual(await widget.locator('.clv > .amount').textContent(), firstClv);

    // The explanation opens and shows the customer's own inputs.
    await widget.locator('.clv summary').first().click();
    await widget.locator('.clv details[open]').first().waitFor();
    // The chart loads when it nears the viewport: scroll to it, then it is drawn (some pixels painted).
    await widget.locator('openbook-cumulative-value-chart').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const canvas = document.querySelector('openbook-clv')?.shadowRoot?.querySelector('openbook-cumulative-value-chart')?.shadowRoot?.querySelector('canvas')
        ?? document.querySelector('openbook-clv')?.shadowRoot?.querySelector('canvas');
      if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0) return false;
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      return Array.prototype.some.call(pixels, (value: number, index: number) => index % 4 === 3 && value > 0);
    }, undefined, { timeout: 10_000 });
    await page.screenshot({ path: path.join(RESULTS_DIR, 'demo-second-customer.png'), fullPage: true });
    assert.deepEqual(problems, [], 'no errors in the page console');
    await page.close();
  });

  test('the success console charts the metrics, sorts customers, and opens a customer\'s value view', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 }, reducedMotion: 'reduce' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.base}/demo/rep.html`);
    await page.getByText(/^Metrics from /).waitFor({ timeout: 30_000 });
    // Every chart has been drawn by chart.js.
    const charted = await page.evaluate(() => [...document.querySelectorAll('canvas')].map((canvas) => Boolean((window as unknown as { Chart: { getChart(c: HTMLCanvasElement): unknown } }).Chart.getChart(canvas))));
    assert.deepEqual(charted, [true, true, true, true, true, true]);
    const rows = page.locator('#customers tbody tr');
    assert.ok((await rows.count()) >= 100);
    // Sorting by P(active), highest first: the column is non-increasing down the table.
    await page.getByRole('button', { name: 'P(active)' }).click();
    const shown = await page.locator('#customers tbody tr td:nth-child(6)').allTextContents();
    const numbers = shown.filter((text) => text !== '–').map((text) => Number.parseFloat(text));
    assert.ok(numbers.length > 50);
    assert.ok(numbers.every((value, i) => i === 0 || value <= (numbers[i - 1] ?? Infinity)), 'sorted by P(active), descending');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'demo-success-console.png') });
    // A customer's link opens the value view that customer sees.
    const first = rows.first().locator('a');
    const name = await first.textContent();
    await first.click();
    await page.waitForURL(/\/demo\/\?customer=/);
    await page.locator('openbook-clv').getByText(`Hello, ${name}`).waitFor({ timeout: 15_000 });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
