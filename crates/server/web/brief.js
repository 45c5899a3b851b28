// The brief (the report as of the date, each line with its sources) and the source
// registry (metadata, and which paragraphs the model cites).

import { get } from './api.js';
import { h, s, fill, evidenceChips, problemView } from './dom.js';
import { openEvidence } from './evidence.js';

let seq = 0;
let body = null;

function line(l) {
  return h(
    'li',
    { class: l.assumption ? 'assumed' : '' },
    h('span', {}, l.text, ' '),
    l.locators.length ? evidenceChips(l.locators) : l.assumption ? evidenceChips([]) : null,
    l.detail && l.detail.length ? h('ul', {}, l.detail.map(line)) : null,
  );
}

export async function render(panel, ctx) {
  const token = ++seq;
  if (!body) {
    body = h('div', { class: 'report' });
    panel.append(body);
  }
  const report = await get('/api/report', { as_of: ctx.asOf });
  if (token !== seq) return;
  fill(body, 
    h('div', { class: 'card' },
      h('h3', {}, report.title),
      h('p', { class: 'hint' }, report.as_of ? `As of ${report.as_of}: only what was true, and published, by then.` : 'All dates.'),
      h('nav', { 'aria-label': 'Sections of the brief' }, h('ul', { class: 'toc' }, report.sections.map((sec) => h('li', {}, h('a', { href: `#brief-${sec.id}`, onclick: (e) => {
        e.preventDefault();
        document.getElementById(`brief-${sec.id}`).scrollIntoView({ behavior: 'smooth' });
      } }, sec.title))))),
    ),
    ...report.sections.map((sec) =>
      h('section', { class: 'card', id: `brief-${sec.id}`, 'aria-labelledby': `brief-${sec.id}-title` },
        h('h3', { id: `brief-${sec.id}-title` }, sec.title),
        sec.lines.length ? h('ul', { class: 'lines' }, sec.lines.map(line)) : h('p', { class: 'hint' }, 'Nothing at this date.'),
      ),
    ),
  );
}

let sourcesBody = null;
let sourcesSeq = 0;
let searchBox = null;

function searchForm(ctx) {
  const input = h('input', { id: 'search-q', type: 'search', placeholder: 'words or "a phrase"', autocomplete: 'off' });
  const results = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', role: 'search', id: 'search-form' },
    h('div', { class: 'inline-form' }, h('label', { for: 'search-q' }, 'Search the sources and the model'), input, h('button', { type: 'submit' }, 'Search')),
    results,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(results, h('p', { class: 'hint' }, 'Searching…'));
    try {
      const answer = await get('/api/search', { q: input.value, as_of: searchBox.ctx.asOf, limit: 20 });
      fill(
        results,
        h('p', { class: 'hint' }, `${answer.hits.length} hits among ${answer.documents} documents${answer.as_of ? ` (as of ${answer.as_of})` : ''}.`),
        h('ol', { class: 'hits' }, answer.hits.map((hit) => h('li', {},
          hit.kind === 'paragraph' ? evidenceChips([`${hit.source} ¶${hit.paragraph}`]) : h('code', {}, hit.locator),
          ' ',
          h('span', {}, hit.text),
        ))),
      );
    } catch (error) {
      fill(results, problemView(error));
    }
  });
  searchBox = { form, ctx };
  return form;
}

async function renderSources(panel, ctx) {
  const token = ++sourcesSeq;
  if (!sourcesBody) {
    sourcesBody = h('div', {});
    panel.append(searchForm(ctx), sourcesBody);
  }
  searchBox.ctx = ctx;
  const [list, coverage, info] = await Promise.all([get('/api/sources', { as_of: ctx.asOf }), get('/api/coverage'), get('/api/info')]);
  if (token !== sourcesSeq) return;
  const cov = Object.fromEntries(coverage.map((c) => [c.source, c]));
  fill(sourcesBody, 
    h('p', { class: 'lede' }, `${list.length} sources published${ctx.asOf ? ` by ${ctx.asOf}` : ''}. ${info.texts ? 'The server has their texts: every paragraph opens with its text.' : 'The server was started without the texts: paragraphs open with their locator and recorded hash.'}`),
    ...list.map((src) => {
      const c = cov[src.id] || { cited: [], uncited: [], paragraphs: src.paragraphs };
      const W = 600;
      const cell = W / Math.max(src.paragraphs, 1);
      const cited = new Set(c.cited);
      const strip = s('svg', { viewBox: `0 0 ${W} 18`, preserveAspectRatio: 'none', class: 'coverage', role: 'img', 'aria-label': `${c.cited.length} of ${src.paragraphs} paragraphs cited` });
      for (let n = 1; n <= src.paragraphs; n += 1) {
        strip.append(s('rect', { x: String((n - 1) * cell), y: '0', width: String(Math.max(cell - 0.6, 0.6)), height: '18', class: cited.has(n) ? 'cited' : 'uncited', 'data-locators': `${src.id} ¶${n}` }, s('title', {}, `¶${n}${cited.has(n) ? ' (cited)' : ''}`)));
      }
      const input = h('input', { type: 'number', min: '1', max: String(src.paragraphs), value: '1', id: `para-${src.id}`, class: 'narrow' });
      const open = h('button', { type: 'button', onclick: (e) => openEvidence([`${src.id} ¶${input.value}`], e.currentTarget) }, 'Open');
      return h('article', { class: 'card source' },
        h('h3', {}, src.title),
        h('p', { class: 'meta' }, [src.publisher, src.author, src.published].filter(Boolean).join(' · ')),
        src.published_note ? h('p', { class: 'hint' }, src.published_note) : null,
        src.url ? h('p', { class: 'meta' }, h('a', { href: src.url, rel: 'noopener noreferrer', target: '_blank' }, src.url)) : null,
        h('p', {}, h('code', {}, src.id), ` · ${src.paragraphs} paragraphs, ${c.cited.length} cited by the model`),
        strip,
        h('div', { class: 'inline-form' }, h('label', { for: `para-${src.id}` }, 'Paragraph'), input, open),
      );
    }),
  );
}

export const sources = { render: renderSources };
