// Small helpers to build HTML and SVG without innerHTML (every text from the model is
// inserted as text, never parsed), and the formatters every view shares.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h('p', { class: 'x' }, 'text', h('b', {}, 'bold')). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces an element's children (arrays are flattened; null and false are skipped). */
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

/** A probability as a percentage with one decimal. */
export function pct(p) {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  return `${(100 * p).toFixed(1)}%`;
}

/** A number as the model writes it, with thousands separators. */
export function num(v) {
  if (typeof v !== 'number') return String(v);
  return v.toLocaleString('en-GB', { maximumFractionDigits: 3 });
}

/** A quantity: 92, or 20–26 for a range. */
export function quantity(q) {
  if (q === null || q === undefined) return '';
  if (typeof q === 'number') return num(q);
  return `${num(q.low)}–${num(q.high)}`;
}

export function low(q) {
  return typeof q === 'number' ? q : q.low;
}

export function high(q) {
  return typeof q === 'number' ? q : q.high;
}

/** The figure of an observation as one short string. */
export function figure(o) {
  if (o.value !== undefined) {
    return `${o.approximate ? '~' : ''}${quantity(o.value)} ${o.unit || ''}`.trim();
  }
  if (o.level) return `level: ${o.level}`;
  return '';
}

/** Parses `source ¶n` into { source, paragraph }. */
export function parseLocator(text) {
  const m = /^(.+?)\s*¶\s*(\d+)$/.exec(String(text).trim());
  return m ? { source: m[1], paragraph: Number(m[2]) } : null;
}

/** Normalises evidence (objects or `source ¶n` strings) to locator strings. */
export function locators(evidence) {
  return (evidence || [])
    .map((e) => (typeof e === 'string' ? e : `${e.source} ¶${e.paragraph}`))
    .filter((l) => parseLocator(l));
}

/** One button per locator; each opens the evidence drawer. */
export function evidenceChips(evidence, opts = {}) {
  const list = locators(evidence);
  if (list.length === 0) {
    return h('span', { class: 'chip assumption', title: opts.reason || 'No source states this: a modeller\'s assumption.' }, 'assumption');
  }
  return h(
    'span',
    { class: 'chips' },
    list.map((l) =>
      h('button', { type: 'button', class: 'chip', 'data-locators': l, title: `Open ${l}` }, l),
    ),
  );
}

/** Attributes that make an SVG element act as a keyboard-usable button opening evidence. */
export function evidenceTarget(evidence, label) {
  const list = locators(evidence);
  if (list.length === 0) return { 'aria-label': label };
  return {
    role: 'button',
    tabindex: '0',
    'aria-label': `${label}; open the evidence`,
    'data-locators': list.join(';'),
  };
}

/** Date strings: the first and last day of an ISO 8601 date at any precision. */
export function dateSpan(text) {
  const t = String(text);
  if (t.includes('/')) {
    const [a, b] = t.split('/');
    return [dateSpan(a)[0], dateSpan(b)[1]];
  }
  let m = /^(\d{3})0s$/.exec(t);
  if (m) return [`${m[1]}0-01-01`, `${m[1]}9-12-31`];
  m = /^(\d{4})$/.exec(t);
  if (m) return [`${m[1]}-01-01`, `${m[1]}-12-31`];
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) {
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return [`${t}-01`, `${t}-${String(last).padStart(2, '0')}`];
  }
  return [t, t];
}

/** A date as a fractional year, for plotting. */
export function yearOf(day) {
  const [y, mo, d] = day.split('-').map(Number);
  return y + ((mo - 1) * 30.44 + (d - 1)) / 365.25;
}

/** The midpoint of a date, as a fractional year; and its span. */
export function yearSpan(text) {
  const [a, b] = dateSpan(text);
  const start = yearOf(a);
  const end = yearOf(b) + 1 / 365.25;
  return { start, end, mid: (start + end) / 2 };
}

/** Colours of the PLOVER categories: cooperation in greens and blues, conflict in reds. */
export const PLOVER = {
  AGREE: '#1b7f5a',
  CONSULT: '#2f8fb3',
  SUPPORT: '#3aa876',
  CONCEDE: '#77b255',
  COOPERATE: '#137a9c',
  AID: '#4f9d2d',
  RETREAT: '#8a9a3b',
  REQUEST: '#6b7fc0',
  ACCUSE: '#d08a1e',
  REJECT: '#c9701b',
  THREATEN: '#d1492e',
  PROTEST: '#b8860b',
  SANCTION: '#b23a48',
  MOBILIZE: '#9c4dcc',
  COERCE: '#a12f6a',
  ASSAULT: '#7f1d1d',
};

/** Colours of the channel kinds. */
export const KINDS = {
  trade: '#2f6fb3',
  labour: '#c2571a',
  investment: '#2e8b57',
  debt: '#8e44ad',
  finance: '#b8860b',
  fishing: '#1a9ba1',
  aviation: '#5d6d7e',
  transport: '#d35400',
  education: '#7d3c98',
  energy: '#c0392b',
  military: '#6e2c00',
  diplomatic: '#34495e',
  geography: '#7f8c8d',
};

/** A short message in the page's status line. */
export function announce(text) {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
}

/** A problem from the API, as a paragraph naming the field. */
export function problemView(error) {
  const p = error && error.problem;
  if (p && p.title) {
    return h(
      'p',
      { class: 'problem', role: 'alert' },
      h('strong', {}, `${p.title}${p.field ? ` (${p.field})` : ''}: `),
      p.detail || '',
    );
  }
  return h('p', { class: 'problem', role: 'alert' }, String(error && error.message ? error.message : error));
}
