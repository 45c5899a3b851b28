// Forecasts: the authors' forecasts in the model (made by the date), each beside what
// the scenario network now gives the same outcome; and, when the server has a ledger,
// its questions, forecasts, resolutions and scores, with a form to record a forecast
// (writes need the bearer token the server printed at its first start).

import { get, post, forget } from './api.js';
import { h, clear, fill, pct, evidenceChips, problemView } from './dom.js';

let seq = 0;
let root = null;
let lastWritten = null;

function stated(spec) {
  if (typeof spec === 'number') return pct(spec);
  if (Array.isArray(spec)) return `${pct(spec[0])}–${pct(spec[1])}`;
  return `“${spec}”`;
}

async function networkSays(forecasts, asOf) {
  const linked = forecasts.filter((f) => f.variable && f.state);
  if (linked.length === 0) return {};
  const targets = [...new Set(linked.map((f) => f.variable))];
  try {
    const answer = await post('/api/scenario', asOf ? { as_of: asOf, targets } : { targets });
    const out = {};
    for (const m of answer.marginals) for (const st of m.states) out[`${m.id}=${st.state}`] = st.p;
    return out;
  } catch {
    return {};
  }
}

function modelForecasts(forecasts, says) {
  if (forecasts.length === 0) return h('p', { class: 'hint' }, 'No forecasts were made by this date.');
  return h('ul', { class: 'forecasts' }, forecasts.map((f) => {
    const key = `${f.variable}=${f.state}`;
    return h('li', { class: 'card forecast' },
      h('p', { class: 'question' }, f.question),
      h('p', { class: 'meta' }, `${f.made_by}, ${f.made_at} · resolves by ${f.resolves_by}`),
      h('p', {}, Object.entries(f.p).map(([option, spec]) => `${option}: ${stated(spec)}`).join(' · '),
        f.options.length > Object.keys(f.p).length ? ' (options left out share the rest)' : ''),
      says[key] !== undefined ? h('p', { class: 'network-says' }, `The scenario network at this date: P(${key}) = ${pct(says[key])}.`) : null,
      h('p', { class: 'hint' }, `Resolution: ${f.resolution} `, evidenceChips(f.evidence, { reason: f.reason })),
    );
  }));
}

function ledgerTable(records) {
  if (records.length === 0) return h('p', { class: 'hint' }, 'The ledger has no questions yet.');
  return h('div', { class: 'scroll' }, h('table', { class: 'data' },
    h('caption', {}, 'Questions in the ledger'),
    h('thead', {}, h('tr', {}, ['question', 'options', 'latest forecast', 'resolution'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, records.map((r) => {
      const last = r.forecasts[r.forecasts.length - 1];
      return h('tr', {},
        h('td', {}, h('strong', {}, r.id), h('br', {}), r.text),
        h('td', {}, r.options.join(', ')),
        h('td', {}, last ? `${last.probabilities.map((p) => `${p.option} ${pct(p.probability)}`).join(', ')} (${last.forecaster}, ${last.made_at})` : '—'),
        h('td', {}, r.resolution ? `${r.resolution.outcome} (${r.resolution.resolved_at})` : 'open'),
      );
    })),
  ));
}

function scoreTable(card) {
  if (!card.forecasters || card.forecasters.length === 0) return h('p', { class: 'hint' }, 'No resolved questions to score yet.');
  return h('div', { class: 'scroll' }, h('table', { class: 'data' },
    h('caption', {}, 'Scores of resolved questions (lower is better)'),
    h('thead', {}, h('tr', {}, ['forecaster', 'questions', 'Brier', 'log', 'time-averaged Brier'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, card.forecasters.map((f) => h('tr', {}, h('td', {}, f.forecaster), h('td', {}, String(f.questions)), h('td', {}, f.brier.toFixed(3)), h('td', {}, f.log.toFixed(3)), h('td', {}, f.time_averaged_brier.toFixed(3))))),
  ));
}

function forecastForm(records, panel, ctx) {
  const open = records.filter((r) => !r.resolution);
  if (open.length === 0) return null;
  const question = h('select', { id: 'lf-question', required: true }, open.map((r) => h('option', { value: r.id }, r.id)));
  const forecaster = h('input', { id: 'lf-forecaster', required: true, autocomplete: 'name' });
  const madeAt = h('input', { id: 'lf-made-at', required: true, placeholder: 'YYYY-MM-DD', pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' });
  const option = h('select', { id: 'lf-option' });
  const probability = h('input', { id: 'lf-p', type: 'number', min: '0', max: '1', step: '0.01', required: true });
  const token = h('input', { id: 'lf-token', type: 'password', required: true, autocomplete: 'off' });
  const result = h('div', { 'aria-live': 'polite' }, lastWritten ? h('p', { class: 'ok' }, lastWritten) : null);
  lastWritten = null;
  const fillOptions = () => {
    const r = open.find((x) => x.id === question.value);
    fill(option, ...(r ? r.options : []).map((o) => h('option', { value: o }, o)));
  };
  question.addEventListener('change', fillOptions);
  fillOptions();
  const form = h('form', { class: 'card form' },
    h('h3', {}, 'Record a forecast'),
    h('p', { class: 'hint' }, 'Give one option’s probability; the others share the rest. Writes need the token printed when the server first started.'),
    h('div', { class: 'grid-form' },
      h('label', { for: 'lf-question' }, 'Question'), question,
      h('label', { for: 'lf-forecaster' }, 'Forecaster'), forecaster,
      h('label', { for: 'lf-made-at' }, 'Made on'), madeAt,
      h('label', { for: 'lf-option' }, 'Option'), option,
      h('label', { for: 'lf-p' }, 'Probability'), probability,
      h('label', { for: 'lf-token' }, 'Token'), token,
    ),
    h('button', { type: 'submit' }, 'Record'),
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    try {
      const written = await post('/api/ledger/forecasts', {
        question: question.value,
        forecaster: forecaster.value,
        made_at: madeAt.value,
        p: { [option.value]: Number(probability.value) },
      }, token.value.trim());
      lastWritten = `Recorded forecast ${written.forecast} on ${written.question}.`;
      forget('/api/ledger');
      await render(panel, ctx);
    } catch (error) {
      result.append(problemView(error));
    }
  });
  return form;
}

export async function render(panel, ctx) {
  const token = ++seq;
  if (!root) {
    root = h('div', {});
    panel.append(root);
  }
  const info = await get('/api/info');
  const forecasts = await get('/api/forecasts', { as_of: ctx.asOf });
  const says = await networkSays(forecasts, ctx.asOf);
  let ledger = null;
  if (info.ledger) {
    ledger = await Promise.all([get('/api/ledger'), get('/api/ledger/scores')]);
  }
  if (token !== seq) return;
  fill(root, 
    h('h3', {}, `The authors’ forecasts${ctx.asOf ? ` made by ${ctx.asOf}` : ''}`),
    modelForecasts(forecasts, says),
    ledger
      ? h('section', { 'aria-labelledby': 'ledger-title' },
          h('h3', { id: 'ledger-title' }, 'The forecast ledger'),
          h('div', { class: 'card' }, ledgerTable(ledger[0])),
          h('div', { class: 'card' }, scoreTable(ledger[1])),
          forecastForm(ledger[0], panel, ctx),
        )
      : h('p', { class: 'hint' }, 'Start the server with --ledger PATH to keep and score forecasts here.'),
  );
}
