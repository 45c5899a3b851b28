// Drives the page of a running `statecraft serve` in headless Chromium and checks it as
// a person would use it:
//   - every view loads without a console error or an uncaught exception;
//   - moving the as-of slider changes the overview graph;
//   - setting evidence on the scenario diagram shows the probability the API returns;
//   - the bargaining view shows the forecast, interval and vetoes the API returns;
//   - a locator opens the evidence drawer;
//   - the views work with the keyboard (tabs, a diagram node);
// and writes a screenshot of each view (laptop and phone) to the output directory.
//
// Usage: node tests/browser/run.mjs <url> <outdir>
// Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); nothing is downloaded.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, outdir] = process.argv.slice(2);
if (!url || !outdir) {
  console.error('usage: node run.mjs <url> <outdir>');
  process.exit(2);
}
mkdirSync(outdir, { recursive: true });

const VIEWS = ['overview', 'timeline', 'channels', 'scenarios', 'bargaining', 'leverage', 'rules', 'brief', 'forecasts', 'sources'];
const results = [];
const errors = [];

function check(name, ok, detail = '') {
  results.push({ name, ok, detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

async function api(path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(new URL(path, url), body === undefined ? {} : {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

async function ready(page, view, previous) {
  await page.waitForFunction(
    ([id, prev]) => {
      const el = document.getElementById(id);
      return el && el.dataset.ready && el.dataset.ready !== prev && !el.hasAttribute('aria-busy');
    },
    [view, previous ?? null],
    { timeout: 15000 },
  );
  const state = await page.evaluate((id) => document.getElementById(id).dataset.ready, view);
  // A view whose drawing threw shows the problem in its panel and marks itself 'error':
  // that is a failure here, even when nothing reached the console.
  if (state === 'error') {
    const shown = await page.evaluate((id) => document.getElementById(id).innerText, view);
    throw new Error(`${view}: the view failed to draw: ${shown.slice(-300)}`);
  }
  return state;
}

const userDataDir = mkdtempSync(join(tmpdir(), 'statecraft-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1280, height: 900 },
});

try {
  const page = context.pages()[0] || (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  // No request may leave the server under test.
  const origin = new URL(url).origin;
  await page.route('**/*', (route) => {
    if (new URL(route.request().url()).origin === origin) return route.continue();
    errors.push(`request to another origin: ${route.request().url()}`);
    return route.abort();
  });

  await page.goto(url, { waitUntil: 'load' });
  await ready(page, 'overview');

  // Every view, reached through its tab.
  for (const view of VIEWS) {
    if (await page.isHidden(`#tab-${view}`)) {
      console.log(`(view ${view}: not offered for this model)`);
      continue;
    }
    const before = errors.length;
    await page.click(`#tab-${view}`);
    await ready(page, view);
    const visible = await page.isVisible(`#${view}`);
    await page.screenshot({ path: join(outdir, `${view}.png`), fullPage: true });
    check(`view ${view} loads without console errors`, visible && errors.length === before, errors.slice(before).join('; '));
  }

  // The slider changes the overview graph.
  await page.click('#tab-overview');
  const graph = () => page.evaluate(() => {
    const svg = document.querySelector('#overview svg.graph');
    return {
      asOf: svg.dataset.asOf,
      edges: [...svg.querySelectorAll(".edge")].map((e) => `${e.dataset.channel}:${e.dataset.weight}:${e.dataset.figures}`).join(","),
    };
  });
  const late = await graph();
  let prev = await page.evaluate(() => document.getElementById('overview').dataset.ready);
  await page.focus('#asof');
  await page.keyboard.press('Home');
  prev = await ready(page, 'overview', prev);
  const early = await graph();
  await page.screenshot({ path: join(outdir, 'overview-early.png'), fullPage: true });
  check('the as-of slider changes the graph', early.asOf !== late.asOf && early.edges !== late.edges, `${late.asOf} → ${early.asOf}`);
  await page.keyboard.press('End');
  await ready(page, 'overview', prev);

  // The scenario diagram: set evidence, compare with the API.
  await page.click('#tab-scenarios');
  await ready(page, 'scenarios');
  const network = await api('/api/scenario/network?' + new URLSearchParams({ as_of: await page.textContent('#asof-label') }));
  const asOf = network.as_of;
  const root = network.variables.find((v) => v.parents.length === 0 && network.variables.some((c) => c.parents.includes(v.id)));
  const child = network.variables.find((c) => c.parents.includes(root.id));
  const timings = [];
  const states = [...root.states.slice(1), root.states[0]];
  for (let round = 0; round < 6; round += 1) {
    const state = states[round % states.length];
    const updates = await page.evaluate(() => Number(document.getElementById('scenarios').dataset.updates || 0));
    await page.click(`#scenarios .var[data-variable="${root.id}"]`);
    await page.check(`#scenario-controls input[name="scenario-state"][value="${state}"]`);
    await page.waitForFunction((n) => Number(document.getElementById('scenarios').dataset.updates || 0) > n, updates);
    timings.push(Number(await page.evaluate(() => document.getElementById('scenarios').dataset.updateMs)));
    const shown = await page.evaluate((id) => [...document.querySelectorAll(`#scenarios .var[data-variable="${id}"] .pval`)].map((t) => ({ state: t.dataset.state, p: Number(t.dataset.p), text: t.textContent })), child.id);
    const answer = await api('/api/scenario', { ...(asOf ? { as_of: asOf } : {}), given: { [root.id]: state }, targets: [child.id] });
    const expected = answer.marginals[0].states;
    const same = expected.every((e) => {
      const s = shown.find((x) => x.state === e.state);
      return s && Math.abs(s.p - e.p) < 1e-12 && s.text === `${(100 * e.p).toFixed(1)}%`;
    });
    if (round === 0) {
      check(`given ${root.id}=${state}, the diagram shows the API's P(${child.id})`, same, shown.map((s) => `${s.state} ${s.text}`).join(', '));
      await page.screenshot({ path: join(outdir, 'scenarios-given.png'), fullPage: true });
    } else if (!same) {
      check(`round ${round}: the diagram shows the API's numbers`, false);
    }
  }
  timings.sort((a, b) => a - b);
  const median = timings[Math.floor(timings.length / 2)];
  console.log(`scenario click to updated numbers: median ${median.toFixed(1)} ms, max ${timings[timings.length - 1].toFixed(1)} ms over ${timings.length} clicks`);
  writeFileSync(join(outdir, 'timing.json'), JSON.stringify({ scenario_update_ms: timings, median_ms: median }, null, 2));

  // Keyboard: Tab to a diagram node, Enter opens its controls.
  await page.focus(`#scenarios .var[data-variable="${child.id}"]`);
  await page.keyboard.press('Enter');
  const title = await page.textContent('#scenario-var-title');
  check('a diagram node opens with the keyboard', title === child.name, title);

  // Intervals: the whisker appears when sampling is on.
  const updates = await page.evaluate(() => Number(document.getElementById('scenarios').dataset.updates || 0));
  await page.check('#scenario-intervals');
  await page.waitForFunction((n) => Number(document.getElementById('scenarios').dataset.updates || 0) > n, updates);
  const whiskers = await page.locator('#scenarios .whisker.on').count();
  check('sampled intervals are drawn', whiskers > 0, `${whiskers} whiskers`);
  const bars = await page.evaluate(() => Number(document.querySelector('#scenarios svg.tornado').dataset.bars || 0));
  check('the tornado chart has bars', bars > 0, `${bars} bars`);

  // Bargaining: the chart shows the forecast, its interval and the vetoes the API gives
  // for the same question; changing the model redraws it with that model's forecast.
  if (await page.isVisible('#tab-bargaining')) {
    await page.click('#tab-bargaining');
    await ready(page, 'bargaining');
    const bargainAsOf = await page.textContent('#asof-label');
    const shownBargain = () => page.evaluate(() => {
      const svg = document.querySelector('#bargaining svg.bargain-chart');
      if (!svg) return null;
      return {
        outcome: Number(svg.dataset.outcome),
        p05: Number(svg.dataset.p05),
        p95: Number(svg.dataset.p95),
        text: svg.querySelector('.forecast-value').textContent,
        actors: svg.querySelectorAll('.actor').length,
        blocks: [...svg.querySelectorAll('.actor.blocks')].map((g) => g.dataset.actor).sort().join(','),
      };
    });
    const samplesFor = { compromise: 1000, eum: 500, smp: 200 };
    for (const method of ['compromise', 'eum']) {
      const updates = await page.evaluate(() => Number(document.getElementById('bargaining').dataset.updates || 0));
      if ((await page.inputValue('#bargain-method')) !== method) {
        await page.selectOption('#bargain-method', method);
        await page.waitForFunction((n) => Number(document.getElementById('bargaining').dataset.updates || 0) > n, updates);
      }
      const issue = await page.inputValue('#bargain-issue');
      const shown = await shownBargain();
      const question = { issue, method, as_of: bargainAsOf };
      const answer = await api('/api/bargain', question);
      const dist = await api('/api/bargain', { ...question, samples: samplesFor[method] });
      const blocks = ((answer.decision && answer.decision.blocked_by) || []).map((i) => answer.actors[i]).sort().join(',');
      const band = dist.dimensions[0];
      const same = shown
        && shown.outcome === answer.outcome[0]
        && shown.text === `forecast ${answer.outcome[0].toFixed(1)}`
        && shown.p05 === band.p05 && shown.p95 === band.p95
        && shown.actors === answer.inputs.length
        && shown.blocks === blocks;
      check(`bargaining on ${issue} (${method}) shows the API's forecast, interval and vetoes`, Boolean(same),
        shown ? `${shown.text}, 5–95% ${shown.p05.toFixed(1)}–${shown.p95.toFixed(1)}, vetoes [${shown.blocks}]; API ${answer.outcome[0].toFixed(1)} [${blocks}]` : 'no chart');
      await page.screenshot({ path: join(outdir, `bargaining-${method}.png`), fullPage: true });
    }
    // An actor's disc opens the evidence of its position from the keyboard.
    const withEvidence = await page.locator('#bargaining .actor[data-locators]').count();
    if (withEvidence > 0) {
      await page.focus('#bargaining .actor[data-locators]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#evidence:not([hidden]) .evidence-item');
      check('an actor on the bargaining chart opens its evidence', true);
      await page.keyboard.press('Escape');
    }
  }

  // Rules: the form answers with a verdict and the measures considered.
  if (await page.isVisible('#tab-rules')) {
    await page.click('#tab-rules');
    await ready(page, 'rules');
    await page.fill('#rules-date', (await page.textContent('#asof-label')) + '-15');
    await page.selectOption('#rules-channel', 'trade');
    await page.click('#rules-form button[type="submit"]');
    await page.waitForSelector('#rules .verdict');
    const verdict = await page.textContent('#rules .verdict strong');
    const measures = await page.locator('#rules table.data tbody tr').count();
    await page.screenshot({ path: join(outdir, 'rules-answer.png'), fullPage: true });
    check('the rules form answers with a verdict', Boolean(verdict) && measures > 0, `${verdict}; ${measures} measures`);
  }

  // Evidence: a locator in the brief opens the drawer.
  await page.click('#tab-brief');
  await ready(page, 'brief');
  await page.click('#brief .chip[data-locators]');
  await page.waitForSelector('#evidence:not([hidden]) .evidence-item');
  const locator = await page.textContent('#evidence .evidence-item h3');
  await page.screenshot({ path: join(outdir, 'evidence.png') });
  check('a locator opens its evidence', Boolean(locator), locator);
  await page.keyboard.press('Escape');
  check('Escape closes the evidence', await page.isHidden('#evidence'));

  // Search: a word of the model's title finds something.
  await page.click('#tab-sources');
  await ready(page, 'sources');
  const modelTitle = await page.textContent('#title');
  const word = modelTitle.split(/\W+/).sort((a, b) => b.length - a.length)[0];
  await page.fill('#search-q', word);
  await page.click('#search-form button[type="submit"]');
  await page.waitForSelector('#search-form ol.hits, #search-form .problem');
  const hits = await page.locator('#search-form ol.hits li').count();
  await page.screenshot({ path: join(outdir, 'search.png'), fullPage: false });
  check(`searching for "${word}" finds hits`, hits > 0, `${hits} hits`);

  // The ledger (when the server has one and the token is given): record a forecast
  // through the form, with the token, and see it in the table.
  const token = process.env.STATECRAFT_TOKEN;
  if (token) {
    await api('/api/ledger/questions', {
      id: 'browser-check',
      text: 'Will the browser check record this forecast?',
      options: ['yes', 'no'],
      resolution: 'Yes if the forecast appears in the ledger.',
      opens: '2015',
      resolves_by: '2030',
    }, token);
    await page.click('#tab-forecasts');
    await ready(page, 'forecasts');
    // The view was drawn before the question existed: draw it again.
    await page.click('#tab-sources');
    await page.evaluate(() => { window.location.hash = 'forecasts'; });
    await page.reload();
    await ready(page, 'forecasts');
    await page.selectOption('#lf-question', 'browser-check');
    await page.fill('#lf-forecaster', 'Browser');
    await page.fill('#lf-made-at', '2016-01-01');
    await page.selectOption('#lf-option', 'yes');
    await page.fill('#lf-p', '0.6');
    await page.fill('#lf-token', 'not-the-token');
    const expected401 = errors.length;
    await page.click('#forecasts form button[type="submit"]');
    await page.waitForSelector('#forecasts form .problem');
    const refused = await page.textContent('#forecasts form .problem');
    // The browser logs the refused request itself; that one is expected.
    for (let i = errors.length - 1; i >= expected401; i -= 1) {
      if (errors[i].includes('401')) errors.splice(i, 1);
    }
    check('a write with a wrong token is refused', refused.includes('Token required'), refused);
    await page.fill('#lf-token', token);
    await page.click('#forecasts form button[type="submit"]');
    await page.waitForFunction(() => [...document.querySelectorAll('#forecasts table.data td')].some((td) => td.textContent.includes('Browser')));
    const records = await api('/api/ledger');
    const recorded = records.find((r) => r.id === 'browser-check');
    check('the forecast form records a forecast', recorded && recorded.forecasts.length === 1 && recorded.forecasts[0].forecaster === 'Browser');
    await page.screenshot({ path: join(outdir, 'ledger.png'), fullPage: true });
  }

  // Tabs move with the arrow keys.
  await page.focus('#tab-brief');
  await page.keyboard.press('ArrowRight');
  check('arrow keys move between tabs', (await page.evaluate(() => document.activeElement.id)) === 'tab-forecasts');

  // A phone.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const view of ['overview', 'scenarios', 'bargaining', 'channels']) {
    await page.click(`#tab-${view}`);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(outdir, `phone-${view}.png`), fullPage: true });
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check('the page fits a phone\'s width (wide figures scroll inside their cards)', overflow <= 1, `${overflow}px too wide`);

  check('no console errors, page errors or failed requests', errors.length === 0, errors.join('; '));
} catch (error) {
  check('the run completes', false, error.stack || String(error));
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).length;
console.log(`browser: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
