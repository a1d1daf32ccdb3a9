/**
 * End to end: the real server (npm start's entry, demo on) on a scratch database, driven in Chromium
 * by Playwright as a user would: open the demo, read the figures, switch customer, see them change.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { scratchDatabase, type ScratchDatabase } from '../server/test-support/scratch-database.ts';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process.ts';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = path.resolve('test-results');


describe('the demo, in Chromium', () => {
  let database: ScratchDatabase;
  let server: ServerProcess;
  let browser: Browser;

  before(async () => {
    await mkdir(RESULTS_DIR, { recursive: true });
    database = await scratchDatabase('e2e');
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

  /** A scored customer with suggestions, and the day it is in the tenant's time zone, read with a rep token. */
  async function customerWithSuggestions(): Promise<{ id: string; name: string; today: string }> {
    const request = (await browser.newContext()).request;
    const { customers } = (await (await request.get(`${server.base}/demo/api/rep/customers`)).json()) as { customers: { id: string; name: string; predicted: number | null }[] };
    for (const customer of customers.filter((c) => c.predicted !== null).slice(0, 30)) {
      const { token } = (await (await request.post(`${server.base}/demo/api/session`, { data: { customerId: customer.id, role: 'rep' } })).json()) as { token: string };
      const headers = { authorization: `Bearer ${token}` };
      const me = (await (await request.get(`${server.base}/v1/me`, { headers })).json()) as { suggestions?: { items: unknown[] } };
      if (!me.suggestions?.items.length) continue;
      const goals = (await (await request.get(`${server.base}/v1/me/goals`, { headers })).json()) as { today: string; you: { role: string } };
      assert.equal(goals.you.role, 'rep', 'the demo backend mints rep tokens for the console');
      return { id: customer.id, name: customer.name, today: goals.today };
    }
    throw new Error('no scored customer with suggestions in the demo data');
  }

  test('a rep proposes a goal in the success console; the customer sees it in their view and accepts it; the rep sees it accepted', async () => {
    const customer = await customerWithSuggestions();
    const problems: string[] = [];
    const watch = (page: import('playwright-core').Page) => {
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    };
    // 90 days ahead of the tenant's today, as a calendar date.
    const due = new Date(Date.parse(`${customer.today}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
    const dueText = new Date(`${due}T00:00:00Z`).toLocaleDateString('en-US', { dateStyle: 'long', timeZone: 'UTC' });
    const summary = `Place 4 orders by ${dueText}`;

    // The rep opens the customer in the workspace: health, figures, suggestions, goals.
    const rep = await browser.newPage({ viewport: { width: 1280, height: 1600 }, reducedMotion: 'reduce' });
    watch(rep);
    await rep.goto(`${server.base}/demo/rep.html?customer=${encodeURIComponent(customer.id)}`);
    const repWidget = rep.locator('#rep-widget');
    await repWidget.locator('openbook-goals form.propose').waitFor({ timeout: 30_000 });
    assert.equal(await rep.locator('#rep-customer').inputValue(), customer.id);
    assert.match((await rep.locator('#rep-health').textContent()) ?? '', /^Health: (healthy|watch|at risk|unscored)$/);
    await repWidget.getByText(`Hello, ${customer.name}`).waitFor();
    assert.ok((await repWidget.locator('openbook-suggestions [part~="suggestion"]').count()) > 0, 'the rep sees the suggestions');
    await repWidget.locator('openbook-prediction [part~="figure"]').first().waitFor();
    assert.equal(await repWidget.locator('openbook-goals .intro').textContent(), 'Goals agreed with this customer, with their progress from the customer’s own orders.');

    // The rep proposes: four orders in the next 90 days.
    const form = repWidget.locator('openbook-goals form.propose');
    await form.getByLabel('What to measure').selectOption('orders');
    await form.getByLabel('Target (orders)').fill('4');
    await form.getByLabel('Due date').fill(due);
    await form.getByLabel('Note (optional)').fill('One more a month than last quarter');
    await form.getByRole('button', { name: 'Send the proposal' }).click();
    const proposed = repWidget.locator('openbook-goals [part~="goal"]', { hasText: summary });
    await proposed.locator('.goal-status', { hasText: 'Waiting for the customer' }).waitFor({ timeout: 15_000 });
    // The console heard openbook-goal-change.
    await rep.locator('#rep-status', { hasText: /^Goal \S+ sent: it waits for the customer in their own view\.$/ }).waitFor();
    assert.equal(await proposed.locator('[part~="goal-actions"]').count(), 0, 'no buttons on the rep’s own proposal');
    await rep.locator('.workspace').screenshot({ path: path.join(RESULTS_DIR, 'demo-rep-proposes-goal.png') });

    // The customer opens their own view: the proposal waits for them; they accept it.
    const own = await browser.newPage({ viewport: { width: 1100, height: 1300 }, reducedMotion: 'reduce' });
    watch(own);
    await own.goto(`${server.base}/demo/?customer=${encodeURIComponent(customer.id)}`);
    const offer = own.locator('openbook-clv openbook-goals [part~="goal"]', { hasText: summary });
    await offer.locator('.goal-status', { hasText: 'Waiting for your answer' }).waitFor({ timeout: 30_000 });
    await offer.locator('summary', { hasText: 'History' }).click();
    assert.match((await offer.locator('.history').textContent()) ?? '', /Your account team proposed: Place 4 orders by .*Note: One more a month than last quarter/s);
    await offer.getByRole('button', { name: 'Accept' }).click();
    await offer.locator('.goal-status', { hasText: 'In progress' }).waitFor({ timeout: 15_000 });
    assert.equal(await offer.locator('[part~="goal-actions"]').count(), 0);
    await offer.screenshot({ path: path.join(RESULTS_DIR, 'demo-customer-accepts-goal.png') });

    // Back in the console, the goal runs.
    await rep.reload();
    const accepted = rep.locator('#rep-widget openbook-goals [part~="goal"]', { hasText: summary });
    await accepted.locator('.goal-status', { hasText: 'In progress' }).waitFor({ timeout: 30_000 });
    await accepted.locator('summary', { hasText: 'History' }).click();
    assert.match((await accepted.locator('.history').textContent()) ?? '', /You proposed: Place 4 orders by .*The customer accepted\./s);
    assert.equal(await accepted.getByRole('progressbar').getAttribute('aria-valuemin'), '0');
    await accepted.screenshot({ path: path.join(RESULTS_DIR, 'demo-rep-sees-goal-accepted.png') });
    assert.deepEqual(problems, [], 'no errors in the page consoles');
    await rep.close();
    await own.close();
  });

  test('the simulator updates the customer\'s figures as the sliders and checkboxes move', async () => {
    const customer = await customerWithSuggestions();
    const page = await browser.newPage({ viewport: { width: 1100, height: 1300 }, reducedMotion: 'reduce' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.base}/demo/?customer=${encodeURIComponent(customer.id)}`);
    const simulator = page.locator('openbook-clv openbook-simulator');
    const value = simulator.locator('[data-figure="value"]');
    await value.waitFor({ timeout: 30_000 });
    const cents = async () => Math.round(Number(((await value.textContent()) ?? '').replace(/[^\d.]/g, '')) * 100);

    // At rest it shows the predicted value of the prediction section, worked out again in the browser.
    const predicted = await page.locator('openbook-clv openbook-prediction [part~="figure"] .value').first().textContent();
    assert.equal(await value.textContent(), predicted);
    const atRest = await cents();

    // The average order to its highest: the value follows in proportion.
    await simulator.getByLabel('Average order', { exact: true }).focus();
    await page.keyboard.press('End');
    await simulator.locator('[data-figure="value-now"]', { hasText: '+' }).waitFor();
    const higher = await cents();
    assert.ok(higher > atRest, `${higher} > ${atRest}`);
    await page.keyboard.press('Home');
    await page.waitForFunction((before) => {
      const shown = document.querySelector('openbook-clv')?.shadowRoot?.querySelector('openbook-simulator [data-figure="value"]')?.textContent ?? '';
      return Math.round(Number(shown.replace(/[^\d.]/g, '')) * 100) < before;
    }, atRest);

    // More orders a month: a higher value than at rest.
    await simulator.getByRole('button', { name: 'Reset' }).click();
    assert.equal(await cents(), atRest);
    await simulator.getByLabel('Orders per month', { exact: true }).focus();
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
    await page.waitForFunction((before) => {
      const shown = document.querySelector('openbook-clv')?.shadowRoot?.querySelector('openbook-simulator [data-figure="value"]')?.textContent ?? '';
      return Math.round(Number(shown.replace(/[^\d.]/g, '')) * 100) > before;
    }, atRest);

    // Adding a product the customer could take raises it too.
    await simulator.getByRole('button', { name: 'Reset' }).click();
    const product = simulator.locator('fieldset input[type="checkbox"]').first();
    if ((await product.count()) > 0) {
      await product.check();
      await page.waitForFunction((before) => {
        const shown = document.querySelector('openbook-clv')?.shadowRoot?.querySelector('openbook-simulator [data-figure="value"]')?.textContent ?? '';
        return Math.round(Number(shown.replace(/[^\d.]/g, '')) * 100) > before;
      }, atRest);
    }
    await simulator.screenshot({ path: path.join(RESULTS_DIR, 'demo-simulator.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
