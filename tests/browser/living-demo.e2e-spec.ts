/**
 * The cockpit on the fresh demo, as a first `npm start` leaves it: the demo's park admin signs in and no panel is
 * empty — every chart has a series with data points that are not zero, every table has rows, every figure a value.
 * A screenshot goes to test-artifacts/living-demo.png (git-ignored) for a human look.
 */
import { createLogger, loadConfig } from '@vg/core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo-cluster-loader';
import { loadDemoClusterIfEmpty } from '../../apps/api/src/demo/demo-loader';
import { createTestDatabase } from '../setup/test-database';
import { launchChromium } from '../support/chromium';
import { startTestApp, TestApp } from '../support/test-app';

interface ChartState {
  id: string;
  canvases: number;
  series: { name: string | undefined; points: number; nonZero: number }[];
}

describe('the cockpit on the fresh demo', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    // The demo plays its history on an app of its own, before the test's: passport keeps the last app's strategy.
    const databaseUrl = await createTestDatabase();
    await loadDemoClusterIfEmpty(
      databaseUrl,
      loadConfig({ ...process.env, NODE_ENV: 'test', DEMO_FIRMS: '300' }),
      createLogger('silent'),
    );
    app = await startTestApp({}, databaseUrl);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1500 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${app.url}/cockpit/`);
    await page.fill('input[name=email]', DEMO_USERS.parkAdmin);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('body[data-loaded=true]', { timeout: 30_000 });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function chartStates(): Promise<ChartState[]> {
    return page.evaluate(() => {
      const charts = (window as unknown as { echarts: { getInstanceByDom(element: Element): unknown } }).echarts;
      return [...document.querySelectorAll('[id^="chart-"]')].map((element) => {
        const instance = charts.getInstanceByDom(element) as
          { getOption(): { series: { name?: string; data: unknown[] }[] } } | undefined;
        const numberOf = (point: unknown): number => {
          if (typeof point === 'number') return point;
          if (Array.isArray(point)) return Number(point[point.length - 1]);
          if (point && typeof point === 'object' && 'value' in point)
            return Number((point as { value: unknown }).value);
          return 0;
        };
        return {
          id: element.id,
          canvases: element.querySelectorAll('canvas').length,
          series: (instance?.getOption().series ?? []).map((line) => ({
            name: line.name,
            points: line.data.length,
            nonZero: line.data.filter((point) => numberOf(point) !== 0).length,
          })),
        };
      });
    });
  }

  it('draws every chart of the page with data points', async () => {
    const states = await chartStates();
    expect(states.length).toBeGreaterThanOrEqual(8);
    const empty = states
      .filter((state) => state.canvases === 0 || !state.series.some((line) => line.nonZero > 0))
      .map((state) => `${state.id}: ${JSON.stringify(state.series)}`);
    expect(empty).toEqual([]);
    const output = states.find((state) => state.id === 'chart-output');
    const platform = output?.series.find((line) => line.name === '平台订单产值');
    expect(platform?.nonZero).toBeGreaterThanOrEqual(6);
  });

  it('fills every table and every key figure', async () => {
    for (const table of ['#d-land', '#ranking']) {
      expect({ table, rows: (await page.locator(`${table} tbody tr`).count()) > 0 }).toEqual({ table, rows: true });
    }
    const figures = await page.$$eval('#kpis [data-kpi]', (items) =>
      items.map((item) => ({
        kpi: item.getAttribute('data-kpi'),
        value: item.querySelector('.value')?.firstChild?.textContent ?? '',
      })),
    );
    expect(figures.length).toBeGreaterThanOrEqual(9);
    // No figure missing (—) and none nought, but the hours from quote to confirmation: the demo's history was played
    // in seconds.
    const mayBeNought = new Set(['quoteToConfirm']);
    const blank = figures.filter(
      (figure) => !mayBeNought.has(figure.kpi ?? '') && /^(—|0|0\.0+|0\/\d+)$/.test(figure.value),
    );
    expect(blank).toEqual([]);
    mkdirSync(join(process.cwd(), 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(process.cwd(), 'test-artifacts', 'living-demo.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
