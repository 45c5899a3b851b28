// Leverage: who can hurt a target most, through which channels. Each partner's index is
// a range (the sources leave ranges); the chart draws it as a bar from low to high, and
// says whether the ranking could change inside the ranges. The inputs that drive the
// ranking are listed with their sources.

import { get } from './api.js';
import { h, s, fill, evidenceChips } from './dom.js';

let root = null;
let seq = 0;
let lastCtx = null;

function pct(x) {
  return `${(100 * x).toFixed(1)}%`;
}

function chart(result) {
  const ranking = result.ranking || [];
  const LABEL = 190;
  const PLOT = 420;
  const RH = 30;
  const width = LABEL + PLOT + 150;
  const height = 28 + ranking.length * RH;
  const max = Math.max(0.05, ...ranking.map((r) => r.total.high));
  const x = (v) => LABEL + (v / max) * PLOT;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'leverage-chart', role: 'img', 'aria-labelledby': 'leverage-caption' });
  for (const t of [0, max / 2, max]) {
    svg.append(
      s('line', { class: 'grid', x1: String(x(t)), x2: String(x(t)), y1: '18', y2: String(height) }),
      s('text', { class: 'axis', x: String(x(t)), y: '12', 'text-anchor': 'middle' }, t.toFixed(2)),
    );
  }
  ranking.forEach((r, i) => {
    const y = 24 + i * RH;
    const lo = x(r.total.low);
    const hi = x(r.total.high);
    svg.append(
      s('text', { class: 'tlabel', x: String(LABEL - 8), y: String(y + 15), 'text-anchor': 'end' }, `${r.rank}. ${r.name.length > 24 ? `${r.name.slice(0, 23)}…` : r.name}`),
      s('rect', { class: `range${r.robust ? '' : ' shaky'}`, x: String(lo), y: String(y + 4), width: String(Math.max(2, hi - lo)), height: '16', rx: '3' }, s('title', {}, `${r.name}: ${r.total.low.toFixed(3)}–${r.total.high.toFixed(3)}; rank ${r.rank_range[0]}–${r.rank_range[1]}`)),
      s('text', { class: 'trange', x: String(hi + 8), y: String(y + 16) }, `${r.total.low.toFixed(2)}–${r.total.high.toFixed(2)}${r.robust ? '' : ` (rank ${r.rank_range[0]}–${r.rank_range[1]})`}`),
    );
  });
  return svg;
}

function build(panel) {
  root = {
    target: h('select', { id: 'leverage-target' }),
    body: h('div', {}),
  };
  root.target.addEventListener('change', () => lastCtx && render(panel, lastCtx));
  panel.append(
    h('div', { class: 'card' },
      h('div', { class: 'inline-form' }, h('label', { for: 'leverage-target' }, 'Leverage over'), root.target),
      h('p', { class: 'hint' }, 'Per channel kind, each partner’s share of the target’s total times how hard it is to replace (equal weights across kinds). Ranges come from hedged or disagreeing figures; a hatched bar can change rank inside them.'),
    ),
    root.body,
  );
}

export async function render(panel, ctx) {
  lastCtx = ctx;
  const token = ++seq;
  if (!root) build(panel);
  if (!root.target.options.length) {
    const [actors, channels] = await Promise.all([get('/api/actors'), get('/api/channels')]);
    const incoming = {};
    for (const c of channels.channels) incoming[c.to] = (incoming[c.to] || 0) + 1;
    const targets = actors.filter((a) => incoming[a.id]).sort((a, b) => incoming[b.id] - incoming[a.id] || a.name.localeCompare(b.name));
    fill(root.target, ...targets.map((a) => h('option', { value: a.id }, `${a.name} (${a.id})`)));
  }
  if (!root.target.value) {
    fill(root.body, h('p', { class: 'hint' }, 'No actor is the target of a channel.'));
    return;
  }
  const result = await get('/api/leverage', { over: root.target.value, as_of: ctx.asOf });
  if (token !== seq) return;
  const ranking = result.ranking || [];
  if (ranking.length === 0) {
    fill(root.body, h('div', { class: 'card' }, h('p', {}, (result.notes || []).join(' ') || 'No partner has a measured channel to this target at the date.')));
    return;
  }
  fill(
    root.body,
    h('figure', { class: 'card' },
      h('figcaption', { id: 'leverage-caption' }, h('strong', {}, `Leverage over ${result.target_name} `), `${ctx.asOf ? `as of ${ctx.asOf}` : ''}: ${result.robust ? 'the ranking holds anywhere inside the ranges.' : 'the ranking can change inside the ranges.'}`),
      h('div', { class: 'scroll' }, chart(result)),
    ),
    h('div', { class: 'card' },
      h('h3', {}, 'Where the index comes from'),
      h('div', { class: 'scroll' }, h('table', { class: 'data' },
        h('caption', {}, 'Per partner and channel kind: share of the target’s total, substitutability, weighted index (ranges)'),
        h('thead', {}, h('tr', {}, ['partner', 'channel', 'basis', 'share', 'substitutability', 'weighted'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ranking.flatMap((r) => r.channels.map((c) => h('tr', {},
          h('td', {}, r.name), h('td', {}, c.kind), h('td', {}, c.basis),
          h('td', {}, `${pct(c.share.low)}–${pct(c.share.high)}`),
          h('td', {}, `${pct(c.substitutability.low)}–${pct(c.substitutability.high)}`),
          h('td', {}, `${c.weighted.low.toFixed(3)}–${c.weighted.high.toFixed(3)}`),
        )))),
      )),
    ),
    h('div', { class: 'card' },
      h('h3', {}, 'What drives the ranking'),
      h('p', { class: 'hint' }, 'The contributions that make the ranges widest: where better figures would settle the ranking.'),
      h('ul', { class: 'lines' }, (result.drivers || []).map((d) => h('li', {}, `${d.partner} · ${d.kind}: ${d.weighted.low.toFixed(3)}–${d.weighted.high.toFixed(3)} `, d.evidence.length ? evidenceChips(d.evidence) : h('span', { class: 'hint' }, '(no figure: the share is unknown)')))),
      (result.notes || []).length ? h('ul', { class: 'lines hint' }, result.notes.map((n) => h('li', {}, n))) : null,
    ),
  );
}
