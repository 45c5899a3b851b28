// The overview: actors as nodes, channels as arrows coloured by kind and as thick as
// their latest figure at the date. Node positions are computed once from the whole
// model, so moving the date slider changes only which arrows are drawn and how thick.

import { get } from './api.js';
import { h, s, clear, fill, figure, evidenceChips, yearSpan, KINDS } from './dom.js';

const W = 860;
const H = 600;
const R = 24;
const LEVELS = { none: 0, minor: 0.2, moderate: 0.45, major: 0.7, dominant: 0.9, all: 1 };
const MONEY = /^(USD|RUB|EUR|CNY|KRW|KPW|JPY|CHF|GBP)$/;
const SCALE = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

let layout = null;
let actorsById = {};
let root = null;
let seq = 0;

/** How heavy a figure is, from 0 to 1: levels on their ordinal scale, amounts on a log scale. */
export function weight(o) {
  if (o.level) return LEVELS[o.level] ?? 0.3;
  if (o.value === undefined) return 0.3;
  const v = typeof o.value === 'number' ? o.value : (o.value.low + o.value.high) / 2;
  // A unit is a base with an optional scale word before or after it: `USD million`,
  // `thousand people`.
  const words = String(o.unit || '').split(/\s+/).filter(Boolean);
  const scale = words.find((w) => SCALE[w] !== undefined);
  const base = words.filter((w) => w !== scale).join(' ');
  const amount = v * (scale ? SCALE[scale] : 1);
  if (base === 'percent') return Math.min(1, Math.max(0.05, v / 100));
  if (MONEY.test(base)) return Math.min(1, Math.max(0.05, Math.log10(1 + amount / 1e6) / 5));
  if (base === 'people') return Math.min(1, Math.max(0.05, Math.log10(1 + amount) / 7));
  return 0.4;
}

/** The latest observations of a channel (those of its latest period), their weight, and
 * whether sources disagree about one of them (two figures of one metric and unit). */
function latest(observations) {
  if (observations.length === 0) return { list: [], weight: 0, disputed: false };
  const end = (o) => yearSpan(o.period).end;
  const max = Math.max(...observations.map(end));
  const list = observations.filter((o) => end(o) === max);
  const seen = {};
  let disputed = false;
  for (const o of list.filter((x) => x.value !== undefined)) {
    const key = `${o.metric}|${o.unit}`;
    const text = JSON.stringify(o.value);
    if (seen[key] !== undefined && seen[key] !== text) disputed = true;
    seen[key] = text;
  }
  return { list, weight: Math.max(...list.map(weight)), disputed };
}

function computeLayout(channels) {
  const degree = {};
  for (const c of channels) {
    degree[c.from] = (degree[c.from] || 0) + 1;
    degree[c.to] = (degree[c.to] || 0) + 1;
  }
  const ids = Object.keys(degree).sort((a, b) => degree[b] - degree[a] || a.localeCompare(b));
  const positions = {};
  if (ids.length === 0) return positions;
  const [hub, ...rest] = ids;
  positions[hub] = { x: W / 2, y: H / 2 };
  // States first, then the others, around the hub; the hub's busiest partner at the left.
  rest.sort((a, b) => {
    const ka = actorsById[a] ? actorsById[a].kind : 'z';
    const kb = actorsById[b] ? actorsById[b].kind : 'z';
    return (ka === 'state' ? 0 : 1) - (kb === 'state' ? 0 : 1) || degree[b] - degree[a] || a.localeCompare(b);
  });
  const n = rest.length;
  rest.forEach((id, i) => {
    const angle = Math.PI + (2 * Math.PI * i) / Math.max(n, 1);
    positions[id] = {
      x: W / 2 + (W / 2 - 90) * Math.cos(angle),
      y: H / 2 + (H / 2 - 60) * Math.sin(angle),
    };
  });
  return positions;
}

function markers() {
  return s(
    'defs',
    {},
    Object.entries(KINDS).map(([kind, colour]) =>
      s(
        'marker',
        { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: '8', refY: '5', markerWidth: '11', markerHeight: '11', markerUnits: 'userSpaceOnUse', orient: 'auto' },
        s('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }),
      ),
    ),
  );
}

/** A curved path from a to b, bent by `bend` pixels, ending at the nodes' rims. */
function arc(a, b, bend) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len;
  const ny = dx / len;
  const cx = (a.x + b.x) / 2 + nx * bend;
  const cy = (a.y + b.y) / 2 + ny * bend;
  const trim = (p, q) => {
    const d = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    return { x: p.x + ((q.x - p.x) * (R + 3)) / d, y: p.y + ((q.y - p.y) * (R + 3)) / d };
  };
  const start = trim(a, { x: cx, y: cy });
  const end = trim(b, { x: cx, y: cy });
  return { d: `M${start.x.toFixed(1)},${start.y.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${end.x.toFixed(1)},${end.y.toFixed(1)}`, label: { x: (start.x + 2 * cx + end.x) / 4, y: (start.y + 2 * cy + end.y) / 4 } };
}

function showChannel(detail, channel, observations) {
  const sorted = [...observations].sort((a, b) => yearSpan(a.period).start - yearSpan(b.period).start);
  fill(detail, 
    h('h3', {}, `${channel.from} → ${channel.to}: ${channel.kind}`),
    h('p', {}, channel.description, ' ', evidenceChips(channel.evidence, { reason: channel.reason })),
    sorted.length
      ? h('div', { class: 'scroll' }, h(
          'table',
          { class: 'data' },
          h('caption', {}, `Figures of ${channel.id} up to the date`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'period'), h('th', { scope: 'col' }, 'metric'), h('th', { scope: 'col' }, 'figure'), h('th', { scope: 'col' }, 'evidence'))),
          h(
            'tbody',
            {},
            sorted.map((o) =>
              h('tr', {}, h('td', {}, o.period), h('td', {}, o.metric), h('td', {}, figure(o)), h('td', {}, evidenceChips(o.evidence, { reason: o.reason }))),
            ),
          ),
        ))
      : h('p', { class: 'hint' }, 'No figures of this channel up to the date.'),
  );
}

function showActor(detail, actor, channels) {
  const mine = channels.filter((c) => c.from === actor.id || c.to === actor.id);
  fill(detail, 
    h('h3', {}, `${actor.name} (${actor.id})`),
    h('p', {}, `${actor.kind}${actor.aliases && actor.aliases.length ? `; also called ${actor.aliases.join(', ')}` : ''} `, evidenceChips(actor.evidence, { reason: actor.reason })),
    actor.memberships && actor.memberships.length
      ? h('ul', {}, actor.memberships.map((m) => h('li', {}, `${m.role} of ${m.of}${m.from ? ` from ${m.from}` : ''}${m.to ? ` to ${m.to}` : ''} `, evidenceChips(m.evidence, { reason: m.reason }))))
      : null,
    h('p', {}, mine.length ? `Channels at the date: ${mine.map((c) => `${c.from}→${c.to} ${c.kind}`).join(', ')}.` : 'No channels at the date.'),
  );
}

function build(panel) {
  root = {
    summary: h('p', { class: 'lede' }),
    svg: s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'graph', role: 'group', 'aria-labelledby': 'overview-caption' }),
    legend: h('ul', { class: 'legend', 'aria-label': 'Channel kinds' }),
    detail: h('div', { class: 'detail', 'aria-live': 'polite' }, h('p', { class: 'hint' }, 'Select an actor or a channel to see its figures and their sources.')),
  };
  panel.append(
    h('div', { class: 'split' },
      h('figure', { class: 'card' },
        h('figcaption', { id: 'overview-caption' }, h('strong', {}, 'Actors and the channels between them. '), 'Arrow width: the channel’s latest figure at the date (levels on their ordinal scale, amounts on a log scale). Tab to an arrow or a node and press Enter for details.'),
        root.summary,
        h('div', { class: 'scroll' }, root.svg),
        root.legend,
      ),
      h('div', { class: 'card' }, root.detail),
    ),
  );
}

export async function render(panel, ctx) {
  const token = ++seq;
  if (!root) build(panel);
  const [whole, actors, now] = await Promise.all([
    get('/api/channels'),
    get('/api/actors'),
    get('/api/channels', { as_of: ctx.asOf }),
  ]);
  if (token !== seq) return;
  if (!layout) {
    actorsById = Object.fromEntries(actors.map((a) => [a.id, a]));
    layout = computeLayout(whole.channels);
  }
  const svg = clear(root.svg);
  svg.append(markers());
  const byChannel = {};
  for (const o of now.observations) (byChannel[o.channel] ||= []).push(o);
  const pairs = {};
  for (const c of now.channels) {
    if (!layout[c.from] || !layout[c.to]) continue;
    const key = [c.from, c.to].sort().join('|');
    (pairs[key] ||= []).push(c);
  }
  const edges = s('g', { class: 'edges' });
  let drawn = 0;
  for (const list of Object.values(pairs)) {
    list.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
    list.forEach((c, i) => {
      const a = layout[c.from];
      const b = layout[c.to];
      const [first] = [c.from, c.to].sort();
      const sign = c.from === first ? 1 : -1;
      const bend = sign * (i - (list.length - 1) / 2) * 20;
      const { d } = arc(a, b, bend);
      const obs = byChannel[c.id] || [];
      const top = latest(obs);
      const width = 1.5 + 8 * top.weight;
      const label = `${c.from} to ${c.to}, ${c.kind}: ${top.list.length ? top.list.map(figure).join('; ') + ` (${top.list[0].period})` : 'no figures'}${top.disputed ? '; sources disagree' : ''}`;
      const g = s(
        'g',
        { class: `edge${top.disputed ? ' disputed' : ''}`, tabindex: '0', role: 'button', 'aria-label': label, 'data-channel': c.id, 'data-weight': top.weight.toFixed(3), 'data-figures': String(obs.length) },
        s('title', {}, label),
        s('path', { d, class: 'hit' }),
        top.disputed ? s('path', { d, class: 'dispute', 'stroke-width': (width + 7).toFixed(2) }) : null,
        s('path', { d, class: 'line', stroke: KINDS[c.kind] || '#666', 'stroke-width': width.toFixed(2), 'marker-end': `url(#arrow-${c.kind})` }),
      );
      const open = () => showChannel(root.detail, c, obs);
      g.addEventListener('click', open);
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      });
      edges.append(g);
      drawn += 1;
    });
  }
  svg.append(edges);
  const present = new Set(now.channels.flatMap((c) => [c.from, c.to]));
  const nodes = s('g', { class: 'nodes' });
  for (const [id, p] of Object.entries(layout)) {
    const actor = actorsById[id] || { id, name: id, kind: '' };
    const g = s(
      'g',
      { class: `node${present.has(id) ? '' : ' absent'}`, tabindex: '0', role: 'button', 'aria-label': `${actor.name}${present.has(id) ? '' : ' (no channels at the date)'}`, 'data-actor': id, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` },
      s('title', {}, actor.name),
      s('circle', { r: String(R) }),
      s('text', { class: 'code', 'text-anchor': 'middle', dy: '0.35em' }, id.length > 4 ? id.slice(0, 4) : id),
      s('text', { class: 'name', 'text-anchor': 'middle', y: String(R + 15) }, actor.name.length > 22 ? `${actor.name.slice(0, 21)}…` : actor.name),
    );
    const open = () => showActor(root.detail, actor, now.channels);
    g.addEventListener('click', open);
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    });
    nodes.append(g);
  }
  svg.append(nodes);
  svg.dataset.edges = String(drawn);
  svg.dataset.asOf = ctx.asOf || 'all';
  const figures = now.observations.length;
  root.summary.textContent = `${ctx.asOf ? `As of ${ctx.asOf}` : 'All dates'}: ${drawn} channels drawn, ${figures} figures, ${now.channels.length} channels known.`;
  const kinds = [...new Set(now.channels.map((c) => c.kind))].sort();
  fill(
    root.legend,
    ...kinds.map((k) => h('li', {}, s('svg', { width: '22', height: '10', 'aria-hidden': 'true' }, s('line', { x1: '0', y1: '5', x2: '22', y2: '5', stroke: KINDS[k] || '#666', 'stroke-width': '4' })), ` ${k}`)),
    svg.querySelector('.disputed') ? h('li', {}, s('svg', { width: '22', height: '12', 'aria-hidden': 'true' }, s('line', { x1: '0', y1: '6', x2: '22', y2: '6', class: 'dispute', 'stroke-width': '9' })), ' sources disagree on the latest figure') : null,
  );
}
