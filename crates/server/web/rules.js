// Rules: "was this activity permitted on date D?" A form for the activity (every field
// may be left out), and the engine's answer: the verdict, why, the deciding rules with
// their sources, what would settle an undetermined answer, and every measure considered.

import { get } from './api.js';
import { h, fill, evidenceChips, problemView } from './dom.js';

const KINDS = ['trade', 'labour', 'investment', 'debt', 'finance', 'fishing', 'aviation', 'transport', 'education', 'energy', 'military', 'diplomatic', 'geography'];
const VERDICT = {
  permitted: 'Permitted',
  prohibited: 'Prohibited',
  'permitted-by-exemption': 'Permitted by exemption',
  undetermined: 'Undetermined',
};

let root = null;

function field(id, label, control, hint) {
  return [h('label', { for: id }, label), h('div', {}, control, hint ? h('p', { class: 'hint' }, hint) : null)];
}

function actorSelect(id, actors) {
  return h('select', { id }, h('option', { value: '' }, 'not given'), actors.map((a) => h('option', { value: a.id }, `${a.name} (${a.id})`)));
}

function answerView(answer) {
  const cls = `verdict verdict-${answer.verdict}`;
  return [
    h('p', { class: cls, role: 'status' }, h('strong', {}, VERDICT[answer.verdict] || answer.verdict), ` on ${answer.as_of}. `, answer.reason),
    answer.deciding.length
      ? h('section', {}, h('h4', {}, 'Deciding rules'), h('ul', { class: 'lines' }, answer.deciding.map((r) => h('li', {}, `${r.measure} · ${r.kind} ${r.rule}: ${r.description}${r.dates ? ` (${r.dates})` : ''} `, evidenceChips(r.evidence)))))
      : null,
    answer.missing.length
      ? h('section', {}, h('h4', {}, 'What would settle it'), h('ul', { class: 'lines' }, answer.missing.map((m) => h('li', {}, `${m.message} `, evidenceChips(m.evidence)))))
      : null,
    answer.notes.length ? h('ul', { class: 'lines hint' }, answer.notes.map((n) => h('li', {}, n))) : null,
    h('div', { class: 'scroll' }, h('table', { class: 'data' },
      h('caption', {}, 'Every measure of the model on the date'),
      h('thead', {}, h('tr', {}, ['measure', 'in force', 'effect', 'evidence'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, answer.measures.map((m) => h('tr', {},
        h('td', {}, h('strong', {}, m.measure), h('br', {}), m.title),
        h('td', {}, `${m.in_force} (${m.in_force_dates})`),
        h('td', {}, m.effect.replace(/-/g, ' ')),
        h('td', {}, evidenceChips(m.evidence)),
      ))),
    )),
  ];
}

export async function render(panel, ctx) {
  if (root) {
    // The form keeps what was typed; only an untouched date follows the slider.
    if (!root.date.dataset.touched && ctx.asOf) root.date.value = `${ctx.asOf}-01`;
    return;
  }
  const [actors, words] = await Promise.all([get('/api/actors'), get('/api/permitted/vocabulary')]);
  const sorted = [...actors].sort((a, b) => a.name.localeCompare(b.name));
  root = {
    date: h('input', { id: 'rules-date', required: true, placeholder: 'YYYY-MM-DD', value: ctx.asOf ? `${ctx.asOf}-01` : '', inputmode: 'numeric' }),
    channel: h('select', { id: 'rules-channel' }, h('option', { value: '' }, 'not given'), KINDS.map((k) => h('option', { value: k }, k))),
    goods: h('input', { id: 'rules-goods', list: 'rules-goods-list', autocomplete: 'off' }),
    origin: actorSelect('rules-origin', sorted),
    exporter: actorSelect('rules-exporter', sorted),
    importer: actorSelect('rules-importer', sorted),
    via: h('input', { id: 'rules-via', list: 'rules-via-list', autocomplete: 'off' }),
    purpose: h('select', { id: 'rules-purpose' }, h('option', { value: '' }, 'not given'), h('option', { value: 'none' }, 'none declared'), words.purposes.map((p) => h('option', { value: p }, p))),
    result: h('div', { class: 'answer', 'aria-live': 'polite' }),
  };
  root.date.addEventListener('input', () => (root.date.dataset.touched = '1'));
  const form = h('form', { class: 'card form', id: 'rules-form' },
    h('h3', {}, 'Was this permitted?'),
    h('p', { class: 'hint' }, 'Describe the activity; leave out what you do not know and the answer says whether it matters. The rules are those of the measures in force on the date, as the model records them.'),
    h('div', { class: 'grid-form' },
      field('rules-date', 'Date', root.date, 'YYYY-MM-DD; a month or a year may straddle a rule’s start or end.'),
      field('rules-channel', 'Channel', root.channel),
      field('rules-goods', 'Goods or service', root.goods),
      field('rules-origin', 'Origin of the goods', root.origin),
      field('rules-exporter', 'From (exporter)', root.exporter),
      field('rules-importer', 'To (importer)', root.importer),
      field('rules-via', 'Via (route or port)', root.via, 'or “none”'),
      field('rules-purpose', 'Declared purpose', root.purpose),
    ),
    h('datalist', { id: 'rules-goods-list' }, words.goods.map((g) => h('option', { value: g }))),
    h('datalist', { id: 'rules-via-list' }, [...words.via, 'none'].map((v) => h('option', { value: v }))),
    h('button', { type: 'submit' }, 'Ask'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const params = { as_of: root.date.value.trim() };
    for (const key of ['channel', 'goods', 'origin', 'exporter', 'importer', 'via', 'purpose']) params[key] = root[key].value.trim();
    fill(root.result, h('p', { class: 'hint' }, 'Asking…'));
    try {
      const answer = await get('/api/permitted', params);
      fill(root.result, answerView(answer));
    } catch (error) {
      fill(root.result, problemView(error));
    }
  });
  panel.append(h('div', { class: 'split answer-wide' }, form, h('div', { class: 'card' }, root.result)));
  fill(root.result, h('p', { class: 'hint' }, 'The answer appears here.'));
}
