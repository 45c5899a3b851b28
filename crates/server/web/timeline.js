// The timeline: every event up to the date, coloured by its PLOVER category, filterable
// by actor and category. A strip chart shows one column per year with events (the
// years between are left out, so a century of history and a busy 2017 both read), and
// the list below gives each event with its sources.

import { get } from './api.js';
import { h, s, clear, fill, evidenceChips, PLOVER } from './dom.js';

let root = null;
let seq = 0;
let lastCtx = null;

function build(panel) {
  root = {
    actor: h('select', { id: 'timeline-actor' }, h('option', { value: '' }, 'all actors')),
    category: h('select', { id: 'timeline-category' }, h('option', { value: '' }, 'all categories'), Object.keys(PLOVER).map((c) => h('option', { value: c }, c))),
    summary: h('p', { class: 'lede' }),
    strip: s('svg', { class: 'strip', role: 'img', 'aria-labelledby': 'timeline-caption' }),
    legend: h('ul', { class: 'legend', 'aria-label': 'PLOVER categories' }),
    list: h('ol', { class: 'events' }),
  };
  const redraw = () => lastCtx && render(panel, lastCtx);
  root.actor.addEventListener('change', redraw);
  root.category.addEventListener('change', redraw);
  panel.append(
    h('div', { class: 'card' },
      h('div', { class: 'inline-form' },
        h('label', { for: 'timeline-actor' }, 'Actor'), root.actor,
        h('label', { for: 'timeline-category' }, 'Category'), root.category,
      ),
      root.summary,
      h('figure', {},
        h('figcaption', { id: 'timeline-caption' }, 'Events per year, one dot per event, coloured by PLOVER category (years without events are left out).'),
        h('div', { class: 'scroll' }, root.strip),
        root.legend,
      ),
    ),
    h('div', { class: 'card' }, root.list),
  );
}

function year(date) {
  return Number(String(date).slice(0, 4));
}

function drawStrip(events) {
  const svg = clear(root.strip);
  const years = [...new Set(events.map((e) => year(e.date)))].sort((a, b) => a - b);
  const byYear = {};
  for (const e of events) (byYear[year(e.date)] ||= []).push(e);
  const COL = 34;
  const DOT = 9;
  const tallest = Math.max(1, ...Object.values(byYear).map((l) => l.length));
  const perColumn = Math.min(tallest, 14);
  const width = Math.max(300, years.length * COL + 20);
  const height = perColumn * DOT + 40;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.style.minWidth = `${Math.min(width, 900)}px`;
  years.forEach((y, i) => {
    const list = byYear[y];
    const x = 14 + i * COL;
    list.forEach((e, k) => {
      const col = Math.floor(k / perColumn);
      const row = k % perColumn;
      svg.append(
        s('circle', { cx: String(x + 6 + col * 7), cy: String(height - 28 - row * DOT), r: '3.6', fill: PLOVER[e.category] || '#888' }, s('title', {}, `${e.date} ${e.category}: ${e.summary}`)),
      );
    });
    if (years.length <= 24 || i % Math.ceil(years.length / 24) === 0) {
      svg.append(s('text', { class: 'axis', x: String(x + 6), y: String(height - 8), 'text-anchor': 'middle' }, String(y)));
    }
  });
}

export async function render(panel, ctx) {
  lastCtx = ctx;
  const token = ++seq;
  if (!root) build(panel);
  const params = { as_of: ctx.asOf, actor: root.actor.value, category: root.category.value };
  const [events, all] = await Promise.all([get('/api/events', params), get('/api/events', { as_of: ctx.asOf })]);
  const actors = await get('/api/actors');
  if (token !== seq) return;
  const names = Object.fromEntries(actors.map((a) => [a.id, a.name]));
  const involved = [...new Set(all.flatMap((e) => e.actors))].sort((a, b) => (names[a] || a).localeCompare(names[b] || b));
  const keep = root.actor.value;
  fill(root.actor, h('option', { value: '' }, 'all actors'), ...involved.map((id) => h('option', { value: id }, names[id] || id)));
  if (involved.includes(keep)) root.actor.value = keep;
  root.summary.textContent = `${events.length} of ${all.length} events${ctx.asOf ? ` up to ${ctx.asOf}` : ''}.`;
  drawStrip(events);
  const used = [...new Set(events.map((e) => e.category))];
  fill(root.legend, ...Object.keys(PLOVER).filter((c) => used.includes(c)).map((c) => h('li', {}, h('span', { class: `swatch plover-${c.toLowerCase()}` }), ` ${c}`)));
  const list = clear(root.list);
  let currentYear = null;
  for (const e of [...events].reverse()) {
    const y = year(e.date);
    if (y !== currentYear) {
      currentYear = y;
      list.append(h('li', { class: 'year' }, h('h3', {}, String(y))));
    }
    list.append(
      h('li', { class: 'event', 'data-category': e.category },
        h('span', { class: 'when' }, e.date),
        h('span', { class: `cat plover-${e.category.toLowerCase()}` }, e.category),
        h('span', { class: 'who' }, e.actors.map((a) => names[a] || a).join(', ')),
        h('span', { class: 'what' }, e.summary, ' ', evidenceChips(e.evidence, { reason: e.reason })),
      ),
    );
  }
  if (events.length === 0) list.append(h('li', { class: 'hint' }, 'No events match.'));
}
