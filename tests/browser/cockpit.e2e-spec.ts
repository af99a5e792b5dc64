/**
 * The cockpit page in a real headless browser (Chromium from the @sparticuz/chromium npm package, driven by
 * playwright-core; see support/chromium.ts): a park admin signs in, sees every chart drawn with the park's data,
 * switches to English, and sees an order posted by a buyer appear in the live feed. A screenshot goes to
 * test-artifacts/cockpit.png (git-ignored) for a human look.
 */
import { addDays, todayInChina } from '@vg/core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { postOrder } from '../support/operations';
import { IDS, loginAll, SEED_PASSWORD, seedBase, Tokens, USERS } from '../support/seed';
import { startTestApp, TestApp } from '../support/test-app';
import { createOrderActivity, deliverPastOrder } from '../e2e/cockpit/cockpit-fixture';
import { seedParkFigures } from '../e2e/cockpit/park-figures-fixture';
import { formGroup } from '../e2e/groups/group-operations';

const CHARTS = [
  'chart-output',
  'chart-industry',
  'chart-stage',
  'chart-utilisation',
  'chart-orders',
  'chart-uplift',
  'chart-classes',
  'chart-movement',
];

interface ChartState {
  id: string;
  canvases: number;
  width: number;
  series: { name: string | undefined; points: number; nonZero: number }[];
}

describe('the cockpit page in a browser', () => {
  let app: TestApp;
  let tokens: Tokens;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    const figures = await seedParkFigures(app.dataSource, IDS.parkA, 60);
    const monthAgo = addDays(`${todayInChina().slice(0, 7)}-01`, -40);
    await deliverPastOrder(app, tokens, monthAgo, 'browser-past-order');
    await createOrderActivity(app, tokens);
    await app.dataSource.query(
      `INSERT INTO firm_processes (firm_id, park_id, process_code) SELECT unnest($1::uuid[]), $2, 'SEWING'`,
      [figures.firmIds.slice(0, 4), IDS.parkA],
    );
    await formGroup(app, tokens.parkAdminA, {
      name: '女式羽绒服虚拟集团',
      productLine: '女式羽绒服',
      stageProcesses: ['SEWING'],
      leadFirmId: figures.firmIds[0],
      members: figures.firmIds
        .slice(0, 4)
        .map((firmId) => ({ firmId, stageProcess: 'SEWING', joinedOn: '2025-01-01' })),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  // Every test in a fresh browser context: signed out, Chinese, nothing left behind by another test.
  beforeEach(async () => {
    problems = [];
    context = await browser.newContext({ viewport: { width: 1440, height: 1500 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  });
  afterEach(() => context.close());

  async function signInAsParkAdmin(): Promise<void> {
    await page.goto(`${app.url}/cockpit/`);
    await page.fill('input[name=email]', USERS.parkAdminA.email);
    await page.fill('input[name=password]', SEED_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('body[data-loaded=true]', { timeout: 30_000 });
  }

  async function chartStates(): Promise<ChartState[]> {
    return page.evaluate((ids) => {
      const charts = (window as unknown as { echarts: { getInstanceByDom(element: Element): unknown } }).echarts;
      return ids.map((id) => {
        const element = document.getElementById(id) as HTMLElement;
        const instance = charts.getInstanceByDom(element) as
          { getOption(): { series: { name?: string; data: unknown[] }[] } } | undefined;
        const series = instance?.getOption().series ?? [];
        const numberOf = (point: unknown): number => {
          if (typeof point === 'number') return point;
          if (Array.isArray(point)) return Number(point[point.length - 1]);
          if (point && typeof point === 'object' && 'value' in point)
            return Number((point as { value: unknown }).value);
          return 0;
        };
        const canvases = [...element.querySelectorAll('canvas')];
        return {
          id,
          canvases: canvases.length,
          width: canvases[0]?.width ?? 0,
          series: series.map((line) => ({
            name: line.name,
            points: line.data.length,
            nonZero: line.data.filter((point) => numberOf(point) !== 0).length,
          })),
        };
      });
    }, CHARTS);
  }

  it('serves the page and ECharts from the api, with a content security policy', async () => {
    const [html, echarts, missing] = await Promise.all([
      fetch(`${app.url}/cockpit/`),
      fetch(`${app.url}/cockpit/vendor/echarts.min.js`),
      fetch(`${app.url}/cockpit/no-such-file.js`),
    ]);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await html.text()).toContain('./vendor/echarts.min.js');
    expect(echarts.status).toBe(200);
    expect(echarts.headers.get('content-type')).toMatch(/javascript/);
    expect(missing.status).toBe(404);
  });

  it('refuses a firm owner at the sign-in', async () => {
    await page.goto(`${app.url}/cockpit/`);
    await page.fill('input[name=email]', USERS.ownerA1.email);
    await page.fill('input[name=password]', SEED_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForFunction(() => (document.getElementById('login-error')?.textContent ?? '').length > 0);
    expect(await page.isVisible('#dashboard')).toBe(false);
  });

  it('signs a park admin in and draws every chart with the park’s data', async () => {
    await signInAsParkAdmin();
    expect(await page.textContent('#park-name')).toBe('临平时尚产业园');

    const states = await chartStates();
    expect(states.map((state) => state.id)).toEqual(CHARTS);
    for (const state of states) {
      expect({ id: state.id, canvases: state.canvases > 0, width: state.width > 0 }).toEqual({
        id: state.id,
        canvases: true,
        width: true,
      });
      expect({ id: state.id, series: state.series.length > 0 }).toEqual({ id: state.id, series: true });
      const linesWithData = state.series.filter((line) => line.nonZero > 0).map((line) => line.name ?? '(unnamed)');
      expect({ id: state.id, linesWithData: linesWithData.length > 0 }).toEqual({ id: state.id, linesWithData: true });
    }
    expect(states.find((state) => state.id === 'chart-output')?.series[0].points).toBe(24);
    expect(await page.locator('#d-land tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#ranking tbody tr').count()).toBeGreaterThan(0);
    expect(await page.textContent('#kpis')).toContain('订单满足率');
    expect(problems).toEqual([]);
  });

  it('switches the labels to English and back', async () => {
    await signInAsParkAdmin();
    await page.click('#lang-toggle');
    expect(await page.textContent('h1')).toBe('Park cockpit');
    const [output] = await chartStates();
    expect(output.series.map((line) => line.name)).toEqual(['Output', 'Platform orders']);
    await page.click('#lang-toggle');
    expect(await page.textContent('h1')).toBe('园区驾驶舱');
  });

  it('shows an order posted by a buyer in the live feed as it happens', async () => {
    await signInAsParkAdmin();
    await page.waitForSelector('#live-status[data-state=on]');
    const today = todayInChina();
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: 'browser-live-order',
      product: '女式羽绒服',
      quantity: 300,
      route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' }],
      earliestStart: addDays(today, 2),
      dueDate: addDays(today, 20),
      preferredParkId: IDS.parkA,
    });
    expect(posted.quote.feasible).toBe(true);
    const item = await page.waitForSelector(`#feed li[data-order-id="${posted.order.id}"]`, { timeout: 10_000 });
    expect(await item.textContent()).toContain('派单');

    mkdirSync(join(process.cwd(), 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(process.cwd(), 'test-artifacts', 'cockpit.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
