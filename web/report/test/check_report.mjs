// Opens an `osprey report` page in headless Chromium and checks it as a
// reader would meet it: it loads with no console error, no page error and
// no request leaving the file; the price chart holds a marker for every
// entry and exit of the run; the equity and drawdown charts, the statistics
// table and the monthly returns are there.
//
//   node check_report.mjs REPORT.html TRADES.csv [--screenshot FILE.png]
//
// TRADES.csv is the --trades file of the same run: one row per closed trade.
// Chromium is Debian's (/usr/bin/chromium, or $OSPREY_CHROMIUM); playwright
// drives it and downloads no browser of its own.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

function fail(message) {
  console.error(`check_report: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const shotAt = args.indexOf('--screenshot');
const screenshot = shotAt >= 0 ? args.splice(shotAt, 2)[1] : undefined;
if (args.length !== 2) fail('usage: check_report.mjs REPORT.html TRADES.csv [--screenshot FILE.png]');
const [report, tradesCsv] = args;

const csvTrades = readFileSync(tradesCsv, 'utf8').trim().split('\n').length - 1;
if (!(csvTrades > 0)) fail(`${tradesCsv} holds no trades: nothing to check the markers against`);

const browser = await chromium.launch({
  executablePath: process.env.OSPREY_CHROMIUM || '/usr/bin/chromium',
  // Root in a container has no user namespaces for Chromium's sandbox.
  args: ['--no-sandbox', '--disable-gpu'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('file:') && !url.startsWith('data:')) problems.push(`request leaves the file: ${url}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));

  await page.goto(pathToFileURL(resolve(report)).href, { waitUntil: 'load' });
  await page.waitForFunction(() => window.ospreyReport !== undefined, null, { timeout: 30000 });
  const seen = await page.evaluate(() => ({
    ...window.ospreyReport,
    priceCanvases: document.querySelectorAll('#price-chart canvas').length,
    equityCanvases: document.querySelectorAll('#equity-chart canvas').length,
    drawdownCanvases: document.querySelectorAll('#drawdown-chart canvas').length,
    statKeys: [...document.querySelectorAll('#stats [data-key]')].map((row) => row.dataset.key),
    monthCells: document.querySelectorAll('#monthly td.month').length,
  }));

  const expect = (ok, what) => { if (!ok) problems.push(`${what} (page: ${JSON.stringify(seen)})`); };
  expect(seen.trades === csvTrades, `the page reports ${seen.trades} trades, the CSV ${csvTrades}`);
  expect(seen.markers === 2 * csvTrades, `${seen.markers} markers for ${csvTrades} trades (one entry, one exit each)`);
  expect(seen.candles > 0 && seen.candles <= 5000, `${seen.candles} candles drawn`);
  expect(seen.overlays > 0, 'no indicator overlay');
  expect(seen.priceCanvases > 0 && seen.equityCanvases > 0 && seen.drawdownCanvases > 0,
         'a chart was not drawn');
  expect(seen.equityPoints > 0 && seen.equityPoints === seen.drawdownPoints, 'equity or drawdown curve empty');
  for (const key of ['return_pct', 'max_drawdown_pct', 'trades', 'win_rate', 'profit_factor', 'sharpe',
                     'avg_trade_pnl', 'best_trade_pct', 'worst_trade_pct', 'avg_holding_hours',
                     'trades_per_day', 'cagr_pct', 'calmar']) {
    expect(seen.statKeys.includes(key), `the statistics table has no ${key}`);
  }
  expect(seen.monthCells > 0 && seen.monthCells === seen.monthlyCells, 'no monthly returns');

  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  if (problems.length === 0) {
    console.log(`check_report: ok: ${seen.trades} trades, ${seen.markers} markers on ${seen.candles} ` +
                `${seen.displayTimeframe} candles, ${seen.overlays} overlays, ${seen.statsRows} statistics`);
  }
} finally {
  await browser.close();
}
if (problems.length > 0) fail(problems.join('\n  '));
