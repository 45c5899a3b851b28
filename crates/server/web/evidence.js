// The evidence drawer: any element with data-locators="source ¶n;source ¶m" opens it,
// by click or by Enter/Space, and it shows each cited paragraph — its text when the
// server has the source texts, else the locator and the hash the model records — with
// the source's metadata and the data that cite the same paragraph.

import { get } from './api.js';
import { h, clear, parseLocator, problemView } from './dom.js';

let opener = null;

function drawer() {
  return document.getElementById('evidence');
}

function metaLine(meta) {
  const parts = [meta.publisher, meta.author, meta.published].filter(Boolean);
  return parts.join(' · ');
}

function paragraphView(p) {
  const meta = p.meta || {};
  const text = p.text
    ? h('blockquote', { class: 'paragraph', lang: 'en' }, p.text)
    : h(
        'p',
        { class: 'paragraph missing' },
        'The text is not loaded on this server (start it with --sources DIR to show it). ',
        'The locator and the hash the model records identify the paragraph.',
      );
  let check = null;
  if (p.hash_matches === true) check = h('span', { class: 'ok' }, 'hash matches the text');
  if (p.hash_matches === false) check = h('span', { class: 'bad' }, 'hash differs: the text has changed since it was cited');
  return h(
    'article',
    { class: 'evidence-item' },
    h('h3', {}, p.locator),
    h('p', { class: 'source-title' }, meta.title || p.source),
    h('p', { class: 'meta' }, metaLine(meta)),
    meta.url ? h('p', { class: 'meta' }, h('a', { href: meta.url, rel: 'noopener noreferrer', target: '_blank' }, meta.url)) : null,
    text,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'hash'),
      h('dd', {}, h('code', {}, p.hash || '—'), ' ', check),
      p.cited_by && p.cited_by.length
        ? [h('dt', {}, 'cited by'), h('dd', {}, p.cited_by.join('; '))]
        : null,
    ),
  );
}

/** Opens the drawer on a list of `source ¶n` locators. */
export async function openEvidence(list, from) {
  const el = drawer();
  const body = document.getElementById('evidence-body');
  opener = from || document.activeElement;
  clear(body);
  body.append(h('p', { class: 'loading' }, 'Loading…'));
  el.hidden = false;
  document.body.classList.add('drawer-open');
  document.getElementById('evidence-title').focus();
  const items = list.map(parseLocator).filter(Boolean);
  try {
    const paragraphs = await Promise.all(
      items.map((l) => get(`/api/sources/${encodeURIComponent(l.source)}/paragraphs/${l.paragraph}`)),
    );
    clear(body);
    body.append(...paragraphs.map(paragraphView));
    el.dataset.loaded = list.join(';');
  } catch (error) {
    clear(body);
    body.append(problemView(error));
  }
}

export function closeEvidence() {
  const el = drawer();
  if (el.hidden) return;
  el.hidden = true;
  document.body.classList.remove('drawer-open');
  if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  opener = null;
}

function target(event) {
  const t = event.target;
  return t && t.closest ? t.closest('[data-locators]') : null;
}

/** Installs the document-wide listeners. */
export function installEvidence() {
  document.addEventListener('click', (event) => {
    const t = target(event);
    if (t && !t.closest('#evidence')) {
      event.preventDefault();
      openEvidence(t.dataset.locators.split(';'), t);
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      closeEvidence();
      return;
    }
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const t = target(event);
    // Buttons already turn Enter and Space into clicks; SVG targets do not.
    if (t && t.tagName !== 'BUTTON' && t.tagName !== 'A') {
      event.preventDefault();
      openEvidence(t.dataset.locators.split(';'), t);
    }
  });
  document.getElementById('evidence-close').addEventListener('click', closeEvidence);
}
