// The page: tabs (one per view, kept in the URL's hash), the as-of date slider shared by
// every view, and the evidence drawer. Each view is a module with a render(panel, ctx)
// function; a view is drawn when it is shown and again when the date changes while it
// is shown. When a view has finished drawing for a date it sets data-ready on its panel.

import { get } from './api.js';
import { h, fill, problemView, announce } from './dom.js';
import { installEvidence } from './evidence.js';
import * as overview from './overview.js';
import * as timeline from './timeline.js';
import * as channels from './channels.js';
import * as scenario from './scenario.js';
import * as brief from './brief.js';
import * as ledger from './ledger.js';
import * as rules from './rules.js';
import * as leverage from './leverage.js';
import * as bargaining from './bargain.js';

const VIEWS = {
  overview,
  timeline,
  channels,
  scenarios: scenario,
  bargaining,
  leverage,
  rules,
  brief,
  forecasts: ledger,
  sources: brief.sources,
};

const ctx = { info: null, asOf: null, months: [] };
const drawnFor = {};
let current = 'overview';

function monthsBetween(first, last) {
  const [y0, m0] = first.split('-').map(Number);
  const [y1, m1] = last.split('-').map(Number);
  const out = [];
  for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? ((m = 1), (y += 1)) : (m += 1)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

async function draw(name) {
  const panel = document.getElementById(name);
  const view = VIEWS[name];
  if (!panel || !view) return;
  const key = ctx.asOf || 'all';
  if (drawnFor[name] === key) return;
  drawnFor[name] = key;
  panel.setAttribute('aria-busy', 'true');
  try {
    await view.render(panel, ctx);
    panel.dataset.ready = key;
  } catch (error) {
    drawnFor[name] = null;
    panel.append(problemView(error));
    panel.dataset.ready = 'error';
  } finally {
    panel.removeAttribute('aria-busy');
  }
}

function tabs() {
  return [...document.querySelectorAll('[role="tab"]')].filter((t) => !t.hidden);
}

function show(name, focus) {
  if (!VIEWS[name] || !document.getElementById(name)) name = 'overview';
  current = name;
  for (const tab of tabs()) {
    const selected = tab.getAttribute('aria-controls') === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected && focus) tab.focus();
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  draw(name);
}

function installTabs() {
  for (const tab of tabs()) {
    tab.addEventListener('click', () => show(tab.getAttribute('aria-controls')));
  }
  document.getElementById('tablist').addEventListener('keydown', (event) => {
    const list = tabs();
    const i = list.indexOf(document.activeElement);
    if (i < 0) return;
    let j = null;
    if (event.key === 'ArrowRight') j = (i + 1) % list.length;
    if (event.key === 'ArrowLeft') j = (i - 1 + list.length) % list.length;
    if (event.key === 'Home') j = 0;
    if (event.key === 'End') j = list.length - 1;
    if (j !== null) {
      event.preventDefault();
      show(list[j].getAttribute('aria-controls'), true);
    }
  });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
}

function installSlider() {
  const info = ctx.info;
  const slider = document.getElementById('asof');
  const label = document.getElementById('asof-label');
  const box = document.getElementById('asof-box');
  const published = (info.published || []).map((p) => p.date.slice(0, 7)).sort();
  if (!info.dates || published.length === 0) {
    box.hidden = true;
    label.textContent = 'all';
    return;
  }
  const first = published[0];
  const last = info.dates.last.slice(0, 7) > first ? info.dates.last.slice(0, 7) : published[published.length - 1];
  ctx.months = monthsBetween(first, last);
  slider.min = '0';
  slider.max = String(ctx.months.length - 1);
  slider.value = slider.max;
  const marks = document.getElementById('asof-marks');
  for (const p of info.published) {
    const i = ctx.months.indexOf(p.date.slice(0, 7));
    if (i >= 0) marks.append(h('option', { value: String(i), label: p.source }));
  }
  let timer = null;
  const update = () => {
    ctx.asOf = ctx.months[Number(slider.value)];
    label.textContent = ctx.asOf;
    slider.setAttribute('aria-valuetext', ctx.asOf);
  };
  update();
  slider.addEventListener('input', () => {
    update();
    clearTimeout(timer);
    timer = setTimeout(() => {
      announce(`Showing the model as of ${ctx.asOf}`);
      draw(current);
    }, 120);
  });
}

async function main() {
  installEvidence();
  try {
    ctx.info = await get('/api/info');
  } catch (error) {
    fill(document.getElementById('overview'), problemView(error));
    return;
  }
  const info = ctx.info;
  document.getElementById('title').textContent = info.model.title || 'statecraft';
  document.title = `${info.model.title || 'Model'} — statecraft`;
  document.getElementById('subtitle').textContent = `${info.counts.actors} actors · ${info.counts.channels} channels · ${info.counts.events} events · ${info.counts.variables} scenario variables · ${info.counts.sources} sources`;
  // Views of engines this model does not use are not offered.
  const offered = { scenarios: 'scenario', bargaining: 'bargain', leverage: 'leverage', rules: 'rules' };
  for (const [view, engine] of Object.entries(offered)) {
    if (!info.engines.includes(engine)) document.getElementById(`tab-${view}`).hidden = true;
  }
  installSlider();
  installTabs();
  show(location.hash.slice(1) || 'overview');
}

main();
