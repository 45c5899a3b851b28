// Bargaining: how the actors settle an issue of the model. Each actor stands on the
// issue's 0–100 scale at its position (a bar when the sources give a range), drawn as a
// disc whose area is its capability × salience; the forecast is a line with its 5–95%
// band from sampling the ranges, the status quo a dashed line, and a veto player that
// would block the forecast is marked. Every number comes from POST /api/bargain; this
// module only draws.

import { post, get } from './api.js';
import { h, s, fill, evidenceChips, evidenceTarget, problemView } from './dom.js';

const SAMPLES = { compromise: 1000, eum: 500, smp: 200 };
const METHODS = [
  ['compromise', 'compromise (capability × salience weighted mean)'],
  ['eum', 'expected utility (Scholz et al. 2011)'],
  ['smp', 'KTAB spatial model'],
];

let root = null;
let seq = 0;
let lastCtx = null;

function fmt(x) {
  return Number.isFinite(x) ? x.toFixed(1) : '—';
}

function mid(span) {
  return (span.low + span.high) / 2;
}

/** The label under an actor's disc. */
function actorLabel(a, blocks) {
  return `${a.actor}${blocks ? ' · veto' : a.veto ? ' (veto)' : ''}`;
}

/**
 * Lanes: each actor goes in the first row where neither its disc, its range nor its
 * label touches a neighbour's.
 */
function lanes(items, x, radius, label) {
  const rows = [];
  const order = [...items.keys()].sort((a, b) => mid(items[a].position) - mid(items[b].position));
  const lane = new Array(items.length).fill(0);
  for (const i of order) {
    const a = items[i];
    const cx = x(mid(a.position));
    // About 7 px a character at 12 px.
    const half = Math.max(radius(a), (label(i).length * 7) / 2);
    const left = Math.min(x(a.position.low), cx - half);
    let row = rows.findIndex((end) => end + 8 < left);
    if (row < 0) {
      row = rows.length;
      rows.push(0);
    }
    rows[row] = Math.max(x(a.position.high), cx + half);
    lane[i] = row;
  }
  return { lane, count: Math.max(1, rows.length) };
}

function chart(point, dist) {
  const inputs = point.inputs;
  const issue = point.issue;
  const decision = point.decision;
  const blocked = new Set((decision && decision.blocked_by) || []);
  const W = 760;
  const PAD = 40;
  const x = (v) => PAD + (Math.max(0, Math.min(100, v)) / 100) * (W - 2 * PAD);
  const weight = (a) => mid(a.capability) * mid(a.salience);
  const maxWeight = Math.max(1e-9, ...inputs.map(weight));
  // Area proportional to capability × salience; the largest disc has radius 22.
  const radius = (a) => Math.max(4, 22 * Math.sqrt(weight(a) / maxWeight));
  const label = (i) => actorLabel(inputs[i], blocked.has(i));
  const { lane, count } = lanes(inputs, x, radius, label);
  const LANE = 54;
  const TOP = 44;
  const axisY = TOP + count * LANE + 6;
  const H = axisY + 32;
  const outcome = point.outcome[0];
  const band = dist && dist.dimensions && dist.dimensions[0];
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'bargain-chart',
    role: 'img',
    'aria-labelledby': 'bargain-caption',
    'data-outcome': String(outcome),
    'data-p05': band ? String(band.p05) : null,
    'data-p95': band ? String(band.p95) : null,
  });
  // The forecast's 5–95% band, behind everything.
  if (band) {
    svg.append(s('rect', { class: 'band', x: String(x(band.p05)), y: String(TOP - 14), width: String(Math.max(2, x(band.p95) - x(band.p05))), height: String(axisY - TOP + 14) },
      s('title', {}, `5–95% of ${dist.samples} samples: ${fmt(band.p05)}–${fmt(band.p95)}`)));
  }
  // The scale and its anchors.
  svg.append(s('line', { class: 'scale', x1: String(x(0)), x2: String(x(100)), y1: String(axisY), y2: String(axisY) }));
  for (const t of [0, 25, 50, 75, 100]) {
    svg.append(
      s('line', { class: 'grid', x1: String(x(t)), x2: String(x(t)), y1: String(TOP - 14), y2: String(axisY + 4) }),
      s('text', { class: 'axis', x: String(x(t)), y: String(axisY + 16), 'text-anchor': 'middle' }, String(t)),
    );
  }
  // The anchors: a mark on the scale each (their words are in the legend below).
  for (const a of issue.anchors || []) {
    const ax = x(a.at);
    svg.append(s('path', { class: 'anchor-mark', d: `M${ax - 5},${axisY + 26} L${ax + 5},${axisY + 26} L${ax},${axisY + 20} Z` }, s('title', {}, `${a.at}: ${a.label}`)));
  }
  // The status quo.
  if (issue.status_quo !== null && issue.status_quo !== undefined) {
    const sx = x(issue.status_quo);
    svg.append(
      s('line', { class: 'status-quo', x1: String(sx), x2: String(sx), y1: String(TOP - 14), y2: String(axisY) }),
      s('text', { class: 'axis', x: String(sx), y: String(TOP - 20), 'text-anchor': sx > W - 120 ? 'end' : 'start' }, `status quo ${fmt(issue.status_quo)}`),
    );
  }
  // The forecast.
  const fx = x(outcome);
  svg.append(
    s('line', { class: 'forecast', x1: String(fx), x2: String(fx), y1: String(TOP - 14), y2: String(axisY) }),
    s('text', { class: 'forecast-value', x: String(fx), y: String(TOP - 32), 'text-anchor': fx > W - 120 ? 'end' : fx < 120 ? 'start' : 'middle' }, `forecast ${fmt(outcome)}`),
  );
  // The actors.
  inputs.forEach((a, i) => {
    const cy = TOP + lane[i] * LANE + LANE / 2;
    const cx = x(mid(a.position));
    const r = radius(a);
    const blocks = blocked.has(i);
    const description = `${a.name || a.actor}: position ${a.position.low === a.position.high ? fmt(a.position.low) : `${fmt(a.position.low)}–${fmt(a.position.high)}`}, capability ${fmt(mid(a.capability))}, salience ${mid(a.salience).toFixed(2)}${a.veto ? ', holds a veto' : ''}${blocks ? ', would veto the forecast' : ''}`;
    const g = s('g', { class: `actor${a.veto ? ' veto' : ''}${blocks ? ' blocks' : ''}`, 'data-actor': a.actor, ...evidenceTarget(a.evidence, description) },
      s('title', {}, description));
    if (a.position.high > a.position.low) {
      g.append(s('line', { class: 'range', x1: String(x(a.position.low)), x2: String(x(a.position.high)), y1: String(cy), y2: String(cy) }));
    }
    g.append(
      s('circle', { class: 'disc', cx: String(cx), cy: String(cy), r: String(r) }),
      s('text', { class: 'actor-label', x: String(cx), y: String(cy + r + 12), 'text-anchor': 'middle' }, label(i)),
    );
    svg.append(g);
  });
  return svg;
}

function verdict(point, dist) {
  const outcome = point.outcome[0];
  const band = dist && dist.dimensions && dist.dimensions[0];
  const lines = [
    h('p', { class: 'bargain-forecast' },
      h('strong', {}, `Forecast ${fmt(outcome)}`),
      band ? ` (5–95% over ${dist.samples} samples of the ranges: ${fmt(band.p05)}–${fmt(band.p95)}; median ${fmt(band.p50)})` : ''),
  ];
  const d = point.decision;
  if (d) {
    const names = (d.blocked_by || []).map((i) => point.actors[i]);
    const count = d.required > 0 ? `${d.in_favour} in favour, ${d.required} needed` : `${d.in_favour} in favour; only veto players decide`;
    let text;
    if (d.adopted) text = `adopted: the forecast ${fmt(d.result[0])} stands`;
    else if (names.length) text = `blocked by ${names.join(', ')}: the status quo ${fmt(d.result[0])} stands`;
    else text = `not adopted (too few votes): the status quo ${fmt(d.result[0])} stands`;
    lines.push(h('p', { class: `bargain-decision${d.adopted ? '' : ' blocked'}` }, `Against the status quo ${fmt(d.status_quo[0])}: ${count}; ${text}.`));
  } else {
    lines.push(h('p', { class: 'hint' }, 'The issue names no procedure: nobody votes on the forecast.'));
  }
  if (dist && dist.blocking && dist.blocking.length) {
    lines.push(h('p', { class: 'hint' }, `Who would veto, over the samples: ${dist.blocking.map((b) => `${b.actor} ${(100 * b.share).toFixed(0)}%`).join(', ')}${dist.adoption_rate !== null && dist.adoption_rate !== undefined ? `; adopted in ${(100 * dist.adoption_rate).toFixed(0)}%` : ''}.`));
  }
  return lines;
}

function inputsTable(point) {
  const span = (q, digits = 1) => (q.low === q.high ? q.low.toFixed(digits) : `${q.low.toFixed(digits)}–${q.high.toFixed(digits)}`);
  return h('div', { class: 'scroll' }, h('table', { class: 'data' },
    h('caption', {}, 'Each actor’s inputs as of the date, with the sources of its position'),
    h('thead', {}, h('tr', {}, ['actor', 'position', 'capability', 'salience', 'veto', 'evidence'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, point.inputs.map((a) => h('tr', {},
      h('td', {}, a.name ? `${a.name} (${a.actor})` : a.actor),
      h('td', {}, span(a.position)),
      h('td', {}, `${span(a.capability)}${a.capability_assumed ? ' (assumed)' : ''}`),
      h('td', {}, span(a.salience, 2)),
      h('td', {}, a.veto ? 'yes' : ''),
      h('td', {}, evidenceChips(a.evidence)),
    ))),
  ));
}

function build(panel) {
  root = {
    issue: h('select', { id: 'bargain-issue' }),
    method: h('select', { id: 'bargain-method' }, METHODS.map(([v, label]) => h('option', { value: v }, label))),
    body: h('div', {}),
  };
  const redraw = () => lastCtx && render(panel, lastCtx);
  root.issue.addEventListener('change', redraw);
  root.method.addEventListener('change', redraw);
  panel.append(
    h('div', { class: 'card' },
      h('div', { class: 'inline-form' },
        h('label', { for: 'bargain-issue' }, 'Issue'), root.issue,
        h('label', { for: 'bargain-method' }, 'Model'), root.method),
      h('p', { class: 'hint' }, 'Each actor stands at its position on the issue’s scale; a disc’s area is its capability × salience, a bar the range the sources leave. The band around the forecast spans 5–95% of outcomes when every range is sampled.'),
    ),
    root.body,
  );
}

export async function render(panel, ctx) {
  lastCtx = ctx;
  const token = ++seq;
  if (!root) build(panel);
  const { issues, positions } = await get('/api/issues', { as_of: ctx.asOf });
  if (token !== seq) return;
  // Only issues with at least two actors' positions at the date can be bargained over.
  const actorsOn = {};
  for (const p of positions) (actorsOn[p.issue] = actorsOn[p.issue] || new Set()).add(p.actor);
  const open = issues.filter((i) => actorsOn[i.id] && actorsOn[i.id].size >= 2);
  const chosen = root.issue.value;
  fill(root.issue, ...open.map((i) => h('option', { value: i.id }, i.id)));
  if (open.some((i) => i.id === chosen)) root.issue.value = chosen;
  if (open.length === 0) {
    fill(root.body, h('div', { class: 'card' }, h('p', { class: 'hint' }, `No issue has positions of two actors ${ctx.asOf ? `as of ${ctx.asOf}` : ''}.`)));
    return;
  }
  const method = root.method.value;
  const question = { issue: root.issue.value, method, ...(ctx.asOf ? { as_of: ctx.asOf } : {}) };
  let point;
  let dist;
  try {
    [point, dist] = await Promise.all([
      post('/api/bargain', question),
      post('/api/bargain', { ...question, samples: SAMPLES[method] || 200 }),
    ]);
  } catch (error) {
    if (token === seq) fill(root.body, h('div', { class: 'card' }, problemView(error)));
    return;
  }
  if (token !== seq) return;
  const issue = point.issue;
  fill(
    root.body,
    h('figure', { class: 'card' },
      h('figcaption', { id: 'bargain-caption' }, h('strong', {}, issue.question), ` — ${point.source}${issue.body ? `, decided by ${issue.body}` : ''}`),
      h('div', { class: 'scroll' }, chart(point, dist)),
      h('ul', { class: 'anchors' }, (issue.anchors || []).map((a) => h('li', {}, h('strong', {}, String(a.at)), ` ${a.label}`))),
      verdict(point, dist),
    ),
    h('div', { class: 'card' }, h('h3', {}, 'What the forecast rests on'), inputsTable(point),
      (point.notes || []).length ? h('ul', { class: 'lines hint' }, point.notes.map((n) => h('li', {}, n))) : null),
  );
  // Counts the drawings, so that a test can wait for a redraw after a change of model.
  panel.dataset.updates = String(Number(panel.dataset.updates || 0) + 1);
}
