// Channels: one channel at a time, its figures over time. Each metric with a unit gets a
// chart: a point per observation at the middle of its period (a horizontal line shows
// a period longer than a day's precision), a vertical bar for a range, and a shaded
// band where sources disagree about the same metric and period. Readings without
// figures (levels) get their own chart. Every mark opens its evidence.

import { get } from './api.js';
import { h, s, clear, fill, figure, evidenceChips, evidenceTarget, yearSpan, low, high, num, KINDS } from './dom.js';

const LEVELS = ['none', 'minor', 'moderate', 'major', 'dominant', 'all'];
const CW = 640;
const CH = 220;
const M = { left: 64, right: 18, top: 14, bottom: 30 };

let root = null;
let seq = 0;
let lastCtx = null;

function build(panel) {
  root = {
    select: h('select', { id: 'channel-select' }),
    head: h('div', {}),
    charts: h('div', { class: 'charts' }),
    table: h('div', {}),
  };
  root.select.addEventListener('change', () => lastCtx && render(panel, lastCtx));
  panel.append(
    h('div', { class: 'card' },
      h('div', { class: 'inline-form' }, h('label', { for: 'channel-select' }, 'Channel'), root.select),
      root.head,
    ),
    root.charts,
    h('div', { class: 'card' }, root.table),
  );
}

function ticks(a, b, n) {
  const span = b - a || 1;
  const step = 10 ** Math.floor(Math.log10(span / n));
  const err = (n / span) * step;
  const mult = err <= 0.15 ? 10 : err <= 0.35 ? 5 : err <= 0.75 ? 2 : 1;
  const st = step * mult;
  const out = [];
  for (let v = Math.ceil(a / st) * st; v <= b + st * 1e-9; v += st) out.push(Number(v.toFixed(10)));
  return out;
}

function xScale(list) {
  const spans = list.map((o) => yearSpan(o.period));
  let a = Math.min(...spans.map((p) => p.start));
  let b = Math.max(...spans.map((p) => p.end));
  if (b - a < 2) {
    a -= 1;
    b += 1;
  }
  const pad = (b - a) * 0.04;
  a -= pad;
  b += pad;
  const f = (t) => M.left + ((t - a) / (b - a)) * (CW - M.left - M.right);
  f.domain = [a, b];
  return f;
}

function axes(svg, x, yTicks, y, yLabel) {
  const years = ticks(x.domain[0], x.domain[1], 6).filter((t) => Number.isInteger(t));
  for (const t of years) {
    svg.append(
      s('line', { class: 'grid', x1: String(x(t)), x2: String(x(t)), y1: String(M.top), y2: String(CH - M.bottom) }),
      s('text', { class: 'axis', x: String(x(t)), y: String(CH - 10), 'text-anchor': 'middle' }, String(t)),
    );
  }
  for (const t of yTicks) {
    svg.append(
      s('line', { class: 'grid', x1: String(M.left), x2: String(CW - M.right), y1: String(y(t.value)), y2: String(y(t.value)) }),
      s('text', { class: 'axis', x: String(M.left - 6), y: String(y(t.value) + 4), 'text-anchor': 'end' }, t.label),
    );
  }
  if (yLabel) svg.append(s('text', { class: 'axis unit', x: String(M.left), y: String(M.top - 2) }, yLabel));
}

function valueChart(title, list, colour) {
  const x = xScale(list);
  const lows = list.map((o) => low(o.value));
  const highs = list.map((o) => high(o.value));
  const top = Math.max(...highs);
  const bottom = Math.min(0, ...lows);
  const yt = ticks(bottom, top * 1.05 || 1, 4);
  const y0 = bottom;
  const y1 = Math.max(top * 1.08, yt[yt.length - 1] || 1);
  const y = (v) => CH - M.bottom - ((v - y0) / (y1 - y0 || 1)) * (CH - M.top - M.bottom);
  const svg = s('svg', { viewBox: `0 0 ${CW} ${CH}`, class: 'chart', role: 'group', 'aria-label': title });
  axes(svg, x, yt.map((v) => ({ value: v, label: num(v) })), y, list[0].unit || '');
  // Sources that disagree on one period: a band from the lowest to the highest figure.
  const byPeriod = {};
  for (const o of list) (byPeriod[o.period] ||= []).push(o);
  for (const [period, same] of Object.entries(byPeriod)) {
    const sources = new Set(same.flatMap((o) => (o.evidence || []).map((e) => e.source)));
    const a = Math.min(...same.map((o) => low(o.value)));
    const b = Math.max(...same.map((o) => high(o.value)));
    if (same.length > 1 && b > a) {
      const p = yearSpan(period);
      svg.append(
        s('rect', { class: 'disagree', x: String(x(p.start) - 4), y: String(y(b)), width: String(Math.max(8, x(p.end) - x(p.start) + 8)), height: String(Math.max(2, y(a) - y(b))) },
          s('title', {}, `${sources.size > 1 ? 'Sources disagree' : 'Figures differ'} for ${period}: ${num(a)}–${num(b)}`)),
      );
    }
  }
  const sorted = [...list].sort((a, b) => yearSpan(a.period).mid - yearSpan(b.period).mid);
  const line = sorted.map((o, i) => `${i ? 'L' : 'M'}${x(yearSpan(o.period).mid).toFixed(1)},${y((low(o.value) + high(o.value)) / 2).toFixed(1)}`).join(' ');
  if (sorted.length > 1) svg.append(s('path', { class: 'trend', d: line, stroke: colour }));
  for (const o of sorted) {
    const p = yearSpan(o.period);
    const cx = x(p.mid);
    const mid = (low(o.value) + high(o.value)) / 2;
    const label = `${o.period}: ${figure(o)}`;
    const g = s('g', { class: 'point', ...evidenceTarget(o.evidence, label), 'data-observation': o.id });
    g.append(s('title', {}, `${label}${o.note ? ` — ${o.note}` : ''}`));
    if (p.end - p.start > 0.2) g.append(s('line', { class: 'period', x1: String(x(p.start)), x2: String(x(p.end)), y1: String(y(mid)), y2: String(y(mid)), stroke: colour }));
    if (high(o.value) > low(o.value)) {
      g.append(
        s('line', { class: 'range', x1: String(cx), x2: String(cx), y1: String(y(low(o.value))), y2: String(y(high(o.value))), stroke: colour }),
        s('line', { class: 'range', x1: String(cx - 5), x2: String(cx + 5), y1: String(y(low(o.value))), y2: String(y(low(o.value))), stroke: colour }),
        s('line', { class: 'range', x1: String(cx - 5), x2: String(cx + 5), y1: String(y(high(o.value))), y2: String(y(high(o.value))), stroke: colour }),
      );
    }
    g.append(
      s('circle', { class: `dot${o.approximate ? ' approx' : ''}`, cx: String(cx), cy: String(y(mid)), r: '5', fill: colour }),
      s('circle', { class: 'hit', cx: String(cx), cy: String(y(mid)), r: '12' }),
    );
    svg.append(g);
  }
  return h('figure', { class: 'card chart-card' }, h('figcaption', {}, h('strong', {}, title)), h('div', { class: 'scroll' }, svg));
}

function levelChart(list, colour) {
  const x = xScale(list);
  const y = (level) => CH - M.bottom - (LEVELS.indexOf(level) / (LEVELS.length - 1)) * (CH - M.top - M.bottom);
  const svg = s('svg', { viewBox: `0 0 ${CW} ${CH}`, class: 'chart', role: 'group', 'aria-label': 'Readings without figures' });
  axes(svg, x, LEVELS.map((l) => ({ value: l, label: l })), y, '');
  for (const o of list) {
    const p = yearSpan(o.period);
    const label = `${o.period}, ${o.metric}: ${o.level}`;
    const g = s('g', { class: 'point', ...evidenceTarget(o.evidence, label), 'data-observation': o.id });
    g.append(s('title', {}, label));
    if (p.end - p.start > 0.2) g.append(s('line', { class: 'period', x1: String(x(p.start)), x2: String(x(p.end)), y1: String(y(o.level)), y2: String(y(o.level)), stroke: colour }));
    g.append(
      s('rect', { class: 'dot', x: String(x(p.mid) - 5), y: String(y(o.level) - 5), width: '10', height: '10', fill: colour }),
      s('circle', { class: 'hit', cx: String(x(p.mid)), cy: String(y(o.level)), r: '12' }),
    );
    if (list.length <= 12) g.append(s('text', { class: 'plabel', x: String(x(p.mid) + 8), y: String(y(o.level) - 7) }, o.metric));
    svg.append(g);
  }
  return h('figure', { class: 'card chart-card' }, h('figcaption', {}, h('strong', {}, 'Readings without figures'), ' (the text gives a level, not a number)'), h('div', { class: 'scroll' }, svg));
}

export async function render(panel, ctx) {
  lastCtx = ctx;
  const token = ++seq;
  if (!root) build(panel);
  const data = await get('/api/channels', { as_of: ctx.asOf });
  if (token !== seq) return;
  const keep = root.select.value;
  const byKind = {};
  for (const c of data.channels) (byKind[c.kind] ||= []).push(c);
  fill(root.select, 
    ...Object.keys(byKind).sort().map((kind) => h('optgroup', { label: kind }, byKind[kind].map((c) => h('option', { value: c.id }, `${c.from} → ${c.to}: ${c.id}`)))),
  );
  if (data.channels.some((c) => c.id === keep)) {
    root.select.value = keep;
  } else if (data.channels.length) {
    // First show the channel with the most figures.
    const count = (id) => data.observations.filter((o) => o.channel === id && o.value !== undefined).length;
    root.select.value = [...data.channels].sort((a, b) => count(b.id) - count(a.id))[0].id;
  }
  const channel = data.channels.find((c) => c.id === root.select.value);
  clear(root.charts);
  clear(root.table);
  if (!channel) {
    fill(root.head, h('p', { class: 'hint' }, 'No channels are known at this date.'));
    return;
  }
  const colour = KINDS[channel.kind] || '#555';
  const obs = data.observations.filter((o) => o.channel === channel.id);
  fill(root.head, 
    h('h3', {}, `${channel.from} → ${channel.to} (${channel.kind})`),
    h('p', {}, channel.description, ' ', evidenceChips(channel.evidence, { reason: channel.reason })),
    h('p', { class: 'hint' }, `${obs.length} observations${ctx.asOf ? ` up to ${ctx.asOf}` : ''}. Select a point for its source paragraph; a shaded band marks figures that disagree for the same period.`),
  );
  const groups = {};
  for (const o of obs.filter((o) => o.value !== undefined)) (groups[`${o.metric} (${o.unit || ''})`] ||= []).push(o);
  for (const [title, list] of Object.entries(groups)) root.charts.append(valueChart(title, list, colour));
  const levels = obs.filter((o) => o.level);
  if (levels.length) root.charts.append(levelChart(levels, colour));
  const sorted = [...obs].sort((a, b) => yearSpan(a.period).start - yearSpan(b.period).start || a.metric.localeCompare(b.metric));
  root.table.append(
    h('div', { class: 'scroll' }, h('table', { class: 'data' },
      h('caption', {}, `Every observation of ${channel.id}`),
      h('thead', {}, h('tr', {}, ['period', 'metric', 'figure', 'evidence'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, sorted.map((o) => h('tr', {}, h('td', {}, o.period), h('td', {}, o.metric), h('td', {}, figure(o)), h('td', {}, evidenceChips(o.evidence, { reason: o.reason }))))),
    )),
  );
}
