// Scenarios: the network drawn as a diagram (parents above children), each variable
// with its current probabilities. Selecting a variable opens its controls: observe a
// state (condition on it) or set it by intervention. Every change asks the server at
// once and redraws the numbers; the time from the change to the new numbers is shown
// (and kept in data-update-ms for the browser test). A tornado chart shows which table
// entries move a chosen outcome most.

import { get, post } from './api.js';
import { h, s, clear, fill, pct, evidenceChips, evidenceTarget, problemView, announce } from './dom.js';

const NW = 204;
const ROW = 19;
const HEAD = 34;
const GAP_X = 22;
const GAP_Y = 58;
const SAMPLES = 1000;
const BAR_X = 96;
const BAR_W = 54;

let root = null;
let seq = 0;
let network = null;
let selected = null;
let updates = 0;
const evidence = { given: {}, do: {} };
let sensitivity = null;

function nodeHeight(v) {
  return HEAD + ROW * v.states.length + 8;
}

/** Layers by longest path from a root; within a layer, ordered by the mean position of parents. */
function layout(variables) {
  const byId = Object.fromEntries(variables.map((v) => [v.id, v]));
  const depth = {};
  const depthOf = (id, seen = new Set()) => {
    if (depth[id] !== undefined) return depth[id];
    if (seen.has(id)) return 0;
    seen.add(id);
    const v = byId[id];
    const parents = v ? v.parents.filter((p) => byId[p]) : [];
    depth[id] = parents.length ? 1 + Math.max(...parents.map((p) => depthOf(p, seen))) : 0;
    return depth[id];
  };
  variables.forEach((v) => depthOf(v.id));
  const layers = [];
  variables.forEach((v) => (layers[depth[v.id]] ||= []).push(v));
  const order = {};
  layers[0].forEach((v, i) => (order[v.id] = i));
  for (let d = 1; d < layers.length; d += 1) {
    const layer = layers[d] || [];
    const centre = (v) => v.parents.reduce((sum, p) => sum + (order[p] ?? 0), 0) / Math.max(v.parents.length, 1);
    layer.sort((a, b) => centre(a) - centre(b));
    layer.forEach((v, i) => (order[v.id] = i));
  }
  const widest = Math.max(...layers.map((l) => (l ? l.length : 0)));
  const width = widest * (NW + GAP_X) + GAP_X;
  const pos = {};
  let y = 16;
  for (const layer of layers) {
    if (!layer) continue;
    const rowWidth = layer.length * (NW + GAP_X) - GAP_X;
    let x = (width - rowWidth) / 2;
    const tallest = Math.max(...layer.map(nodeHeight));
    for (const v of layer) {
      pos[v.id] = { x, y, w: NW, h: nodeHeight(v) };
      x += NW + GAP_X;
    }
    y += tallest + GAP_Y;
  }
  return { pos, width, height: y - GAP_Y + 16 };
}

function build(panel) {
  root = {
    svg: s('svg', { class: 'network', role: 'group', 'aria-labelledby': 'scenario-caption' }),
    controls: h('div', { class: 'card controls', id: 'scenario-controls' }),
    active: h('div', { class: 'active', 'aria-live': 'polite' }),
    timing: h('p', { class: 'timing', id: 'scenario-timing' }),
    intervals: h('input', { type: 'checkbox', id: 'scenario-intervals' }),
    problem: h('div', { class: 'problems' }),
    sensVar: h('select', { id: 'sens-var' }),
    sensState: h('select', { id: 'sens-state' }),
    tornado: s('svg', { class: 'tornado', role: 'group', 'aria-labelledby': 'tornado-caption' }),
    tornadoNote: h('p', { class: 'hint' }),
  };
  root.intervals.addEventListener('change', () => query(performance.now()));
  root.sensVar.addEventListener('change', () => {
    fillStates();
    tornado();
  });
  root.sensState.addEventListener('change', () => tornado());
  const clearButton = h('button', { type: 'button', class: 'secondary', onclick: () => {
    evidence.given = {};
    evidence.do = {};
    if (selected) controls(selected);
    query(performance.now());
  } }, 'Clear all');
  panel.append(
    h('div', { class: 'split wide-left' },
      h('figure', { class: 'card' },
        h('figcaption', { id: 'scenario-caption' }, h('strong', {}, 'The scenario network. '), 'Each box is a variable with its probabilities given what you set; arrows run from causes to effects. Select a box (or Tab to it and press Enter) to observe a state or set it by intervention.'),
        h('div', { class: 'scroll' }, root.svg),
      ),
      h('div', { class: 'stack' },
        root.controls,
        h('div', { class: 'card' },
          h('h3', {}, 'What you have set'),
          root.active,
          h('p', {}, h('label', { for: 'scenario-intervals' }, root.intervals, ` Show 5–95% intervals (${SAMPLES} samples of the authors’ ranges, seed 1)`)),
          clearButton,
          root.timing,
          root.problem,
        ),
      ),
    ),
    h('figure', { class: 'card' },
      h('figcaption', { id: 'tornado-caption' }, h('strong', {}, 'What moves an outcome. '), 'Each bar is one table entry: how far the chosen probability moves as that entry runs through its interval, the others held. Select a bar for its sources.'),
      h('div', { class: 'inline-form' },
        h('label', { for: 'sens-var' }, 'Outcome'), root.sensVar,
        h('label', { for: 'sens-state' }, 'State'), root.sensState,
      ),
      root.tornadoNote,
      h('div', { class: 'scroll' }, root.tornado),
    ),
  );
  controls(null);
}

function variable(id) {
  return network.variables.find((v) => v.id === id);
}

function fillStates() {
  const v = variable(root.sensVar.value);
  const keep = root.sensState.value;
  fill(root.sensState, ...(v ? v.states : []).map((st) => h('option', { value: st }, st)));
  if (v && v.states.includes(keep)) root.sensState.value = keep;
}

function controls(id) {
  const el = clear(root.controls);
  selected = id;
  for (const g of root.svg.querySelectorAll('.var')) g.classList.toggle('selected', g.dataset.variable === id);
  if (!id || !network) {
    el.append(h('h3', {}, 'Set a variable'), h('p', { class: 'hint' }, 'Select a variable in the diagram.'));
    return;
  }
  const v = variable(id);
  const current = evidence.given[id] ?? evidence.do[id] ?? '';
  const mode = evidence.do[id] !== undefined ? 'do' : 'given';
  const change = (event) => {
    const t0 = event && event.timeStamp ? Math.min(performance.now(), event.timeStamp) : performance.now();
    const state = el.querySelector('input[name="scenario-state"]:checked').value;
    const how = el.querySelector('input[name="scenario-mode"]:checked').value;
    delete evidence.given[id];
    delete evidence.do[id];
    if (state) evidence[how][id] = state;
    query(t0);
  };
  const stateRadios = [['', 'not set'], ...v.states.map((st) => [st, st])].map(([value, label], i) =>
    h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'scenario-state', value, checked: value === current, id: `scenario-state-${i}`, onchange: change }), ` ${label}`),
  );
  const modeRadios = [['given', 'observed (condition on it)'], ['do', 'set by intervention (do)']].map(([value, label]) =>
    h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'scenario-mode', value, checked: value === mode, onchange: change }), ` ${label}`),
  );
  const locs = [...new Set(v.rows.flatMap((r) => r.locators))];
  const assumed = v.rows.filter((r) => r.assumption).length;
  fill(
    el,
    h('h3', { id: 'scenario-var-title' }, v.name),
    v.description ? h('p', { class: 'description' }, v.description) : null,
    h('fieldset', {}, h('legend', {}, 'State'), stateRadios),
    h('fieldset', {}, h('legend', {}, 'As'), modeRadios),
    h('p', { class: 'hint' }, `${v.rows.length} table rows, ${assumed} resting on assumptions. Sources:`),
    evidenceChips(locs),
  );
}

function activeView() {
  const items = [
    ...Object.entries(evidence.given).map(([v, st]) => [v, st, 'observed']),
    ...Object.entries(evidence.do).map(([v, st]) => [v, st, 'set (do)']),
  ];
  fill(root.active, 
    items.length
      ? h('ul', {}, items.map(([v, st, how]) => h('li', {}, `${v} = ${st} (${how}) `, h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${v}`, onclick: () => {
          delete evidence.given[v];
          delete evidence.do[v];
          if (selected === v) controls(v);
          query(performance.now());
        } }, 'remove'))))
      : h('p', { class: 'hint' }, 'Nothing: the numbers are the prior probabilities.'),
  );
}

function draw() {
  const { pos, width, height } = layout(network.variables);
  const svg = clear(root.svg);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.style.minWidth = `${Math.min(width, 640)}px`;
  svg.append(s('defs', {}, s('marker', { id: 'net-arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '6', markerHeight: '6', orient: 'auto' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }))));
  const edges = s('g', { class: 'edges' });
  for (const v of network.variables) {
    const c = pos[v.id];
    v.parents.forEach((p, i) => {
      const a = pos[p];
      if (!a) return;
      const x1 = a.x + a.w / 2;
      const y1 = a.y + a.h;
      const x2 = c.x + (c.w * (i + 1)) / (v.parents.length + 1);
      const y2 = c.y - 2;
      const my = (y1 + y2) / 2;
      edges.append(s('path', { d: `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`, 'marker-end': 'url(#net-arrow)' }));
    });
  }
  svg.append(edges);
  const nodes = s('g', { class: 'vars' });
  for (const v of network.variables) {
    const p = pos[v.id];
    const g = s('g', { class: 'var', 'data-variable': v.id, transform: `translate(${p.x},${p.y})`, tabindex: '0', role: 'button', 'aria-label': v.name });
    g.append(
      s('title', {}, `${v.name}${v.description ? ` — ${v.description}` : ''}`),
      s('rect', { class: 'box', width: String(p.w), height: String(p.h), rx: '8' }),
      s('text', { class: 'vname', x: '9', y: '21' }, v.name.length > 26 ? `${v.name.slice(0, 25)}…` : v.name),
      s('text', { class: 'badge', x: String(p.w - 4), y: '-5', 'text-anchor': 'end' }),
    );
    v.states.forEach((st, i) => {
      const y = HEAD + i * ROW;
      g.append(
        s('text', { class: 'sname', x: '9', y: String(y + 13) }, st.length > 13 ? `${st.slice(0, 12)}…` : st),
        s('rect', { class: 'track', x: String(BAR_X), y: String(y + 3), width: String(BAR_W), height: '12', rx: '2' }),
        s('rect', { class: 'bar', x: String(BAR_X), y: String(y + 3), width: '0', height: '12', rx: '2', 'data-state': st }),
        s('line', { class: 'whisker', x1: String(BAR_X), x2: String(BAR_X), y1: String(y + 9), y2: String(y + 9), 'data-state': st }),
        s('text', { class: 'pval', x: String(p.w - 8), y: String(y + 13), 'text-anchor': 'end', 'data-state': st }, '—'),
      );
    });
    const open = () => {
      controls(v.id);
      const first = root.controls.querySelector('input[name="scenario-state"]:checked');
      if (first && document.activeElement === g) first.focus();
    };
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
}

function show(answer, t0) {
  for (const m of answer.marginals) {
    const g = root.svg.querySelector(`.var[data-variable="${CSS.escape(m.id)}"]`);
    if (!g) continue;
    g.classList.toggle('given', m.role === 'given');
    g.classList.toggle('do', m.role === 'do');
    g.querySelector('.badge').textContent = m.role === 'given' ? 'observed' : m.role === 'do' ? 'set (do)' : '';
    const parts = [];
    for (const st of m.states) {
      const sel = `[data-state="${CSS.escape(st.state)}"]`;
      const bar = g.querySelector(`.bar${sel}`);
      const text = g.querySelector(`.pval${sel}`);
      const whisker = g.querySelector(`.whisker${sel}`);
      bar.setAttribute('width', (BAR_W * st.p).toFixed(2));
      text.textContent = pct(st.p);
      text.dataset.p = String(st.p);
      if (st.p05 !== undefined && st.p95 !== undefined) {
        whisker.setAttribute('x1', (BAR_X + BAR_W * st.p05).toFixed(2));
        whisker.setAttribute('x2', (BAR_X + BAR_W * st.p95).toFixed(2));
        whisker.classList.add('on');
        parts.push(`${st.state} ${pct(st.p)} (5–95%: ${pct(st.p05)}–${pct(st.p95)})`);
      } else {
        whisker.classList.remove('on');
        parts.push(`${st.state} ${pct(st.p)}`);
      }
    }
    g.setAttribute('aria-label', `${m.name}${m.role !== 'free' ? ` (${m.role === 'do' ? 'set' : 'observed'})` : ''}: ${parts.join(', ')}. Press Enter to set it.`);
  }
  const ms = performance.now() - t0;
  updates += 1;
  const panel = root.svg.closest('section');
  panel.dataset.updateMs = ms.toFixed(1);
  panel.dataset.updates = String(updates);
  root.timing.textContent = `Updated in ${ms.toFixed(0)} ms.`;
}

function body(extra) {
  const out = { ...extra };
  if (network.as_of) out.as_of = network.as_of;
  if (Object.keys(evidence.given).length) out.given = { ...evidence.given };
  if (Object.keys(evidence.do).length) out.do = { ...evidence.do };
  return out;
}

async function query(t0) {
  const token = ++seq;
  activeView();
  clear(root.problem);
  const extra = root.intervals.checked ? { samples: SAMPLES, seed: 1 } : {};
  try {
    const answer = await post('/api/scenario', body(extra));
    if (token !== seq) return;
    show(answer, t0);
    announce('Probabilities updated.');
    tornado();
  } catch (error) {
    if (token !== seq) return;
    root.problem.append(problemView(error));
  }
}

let tornadoSeq = 0;

async function tornado() {
  const variableId = root.sensVar.value;
  const state = root.sensState.value;
  if (!variableId || !state) return;
  const token = ++tornadoSeq;
  let answer;
  try {
    answer = await post('/api/scenario', body({ targets: [variableId], sensitivity: { variable: variableId, state } }));
  } catch (error) {
    if (token === tornadoSeq) fill(root.tornadoNote, problemView(error));
    return;
  }
  if (token !== tornadoSeq) return;
  const sens = answer.sensitivity;
  const bars = sens.bars.filter((b) => b.target_at_low !== null && b.target_at_high !== null);
  root.tornadoNote.textContent = `P(${sens.target} = ${sens.state}) = ${pct(sens.value)} given what you have set (the dashed line). The ${bars.length} entries that move it most; orange: the entry at the low end of its interval, blue: at the high end.`;
  const svg = clear(root.tornado);
  const LABEL = 330;
  const PLOT = 360;
  const RH = 34;
  const width = LABEL + PLOT + 120;
  const height = 30 + bars.length * RH + 10;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.dataset.bars = String(bars.length);
  const lo = Math.min(sens.value, ...bars.map((b) => Math.min(b.target_at_low, b.target_at_high)));
  const hi = Math.max(sens.value, ...bars.map((b) => Math.max(b.target_at_low, b.target_at_high)));
  const pad = Math.max(0.02, (hi - lo) * 0.08);
  const x0 = Math.max(0, lo - pad);
  const x1 = Math.min(1, hi + pad);
  const x = (p) => LABEL + ((p - x0) / (x1 - x0 || 1)) * PLOT;
  svg.append(
    s('text', { class: 'axis', x: String(x(x0)), y: '14' }, pct(x0)),
    s('text', { class: 'axis', x: String(x(x1)), y: '14', 'text-anchor': 'end' }, pct(x1)),
    s('line', { class: 'base', x1: String(x(sens.value)), x2: String(x(sens.value)), y1: '20', y2: String(height - 6) }),
  );
  bars.forEach((b, i) => {
    const y = 26 + i * RH;
    const cond = b.given.length ? ` | ${b.given.join(', ')}` : '';
    const label = `P(${b.variable}=${b.state}${cond})`;
    const head = `P(${b.variable} = ${b.state})`;
    const given = b.given.length ? `given ${b.given.join(', ')}` : 'a root variable';
    const a = Math.min(b.target_at_low, b.target_at_high);
    const z = Math.max(b.target_at_low, b.target_at_high);
    const g = s('g', { class: 'tbar', ...evidenceTarget(b.locators, `${label} from ${b.span[0].toFixed(2)} to ${b.span[1].toFixed(2)} moves the outcome from ${pct(a)} to ${pct(z)}`) });
    g.append(
      s('title', {}, `${label}: ${b.value.toFixed(3)} in [${b.span[0].toFixed(2)}, ${b.span[1].toFixed(2)}]${b.assumption ? ' (assumption)' : ''}`),
      s('text', { class: 'tlabel', x: String(LABEL - 8), y: String(y + 12), 'text-anchor': 'end' }, head.length > 46 ? `${head.slice(0, 45)}…` : head),
      s('text', { class: 'tgiven', x: String(LABEL - 8), y: String(y + 26), 'text-anchor': 'end' }, given.length > 56 ? `${given.slice(0, 55)}…` : given),
      s('rect', { class: 'low', x: String(Math.min(x(b.target_at_low), x(sens.value))), y: String(y + 6), width: String(Math.abs(x(b.target_at_low) - x(sens.value)).toFixed(2)), height: '18' }),
      s('rect', { class: 'high', x: String(Math.min(x(b.target_at_high), x(sens.value))), y: String(y + 6), width: String(Math.abs(x(b.target_at_high) - x(sens.value)).toFixed(2)), height: '18' }),
      s('text', { class: 'trange', x: String(LABEL + PLOT + 8), y: String(y + 19) }, `${pct(a)}–${pct(z)}`),
    );
    svg.append(g);
  });
}

export async function render(panel, ctx) {
  const token = ++seq;
  if (!root) build(panel);
  let net;
  try {
    net = await get('/api/scenario/network', { as_of: ctx.asOf });
  } catch (error) {
    if (error.status === 404) {
      fill(root.controls, h('p', {}, 'This model has no scenario network.'));
      return;
    }
    throw error;
  }
  if (token !== seq) return;
  network = net;
  draw();
  const ids = new Set(network.variables.map((v) => v.id));
  for (const k of Object.keys(evidence.given)) if (!ids.has(k)) delete evidence.given[k];
  for (const k of Object.keys(evidence.do)) if (!ids.has(k)) delete evidence.do[k];
  if (!sensitivity) {
    // The default outcome: the variable with the most ancestors.
    const ancestors = (id, seen = new Set()) => {
      for (const p of (variable(id) || { parents: [] }).parents) if (!seen.has(p)) { seen.add(p); ancestors(p, seen); }
      return seen;
    };
    const best = [...network.variables].sort((a, b) => ancestors(b.id).size - ancestors(a.id).size)[0];
    sensitivity = best.id;
    fill(root.sensVar, ...network.variables.map((v) => h('option', { value: v.id }, v.name)));
    root.sensVar.value = sensitivity;
    fillStates();
  }
  controls(selected && ids.has(selected) ? selected : null);
  await query(performance.now());
}
