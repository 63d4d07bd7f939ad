// Building the page from data. Every string from the network (host names, LLDP descriptions,
// AE titles) is hostile, so text only ever goes in through textContent and attributes through
// setAttribute on a fixed list: never innerHTML, never an attribute name from data.
import { MESSAGES } from '/messages.js';
// Categories, event and change kinds in the printed ledger's words, from the server's tables.
import { WORDS } from '/words.js';

let lang = localStorage.getItem('daicho.lang') === 'en' ? 'en' : 'ja';

export function currentLang() { return lang; }
export function setLang(l) { lang = l === 'en' ? 'en' : 'ja'; localStorage.setItem('daicho.lang', lang); }

// The message `key` in the page's language, {0} {1} ... replaced by `args`.
export function t(key, ...args) {
  const table = MESSAGES[lang] || MESSAGES.ja;
  const text = table[key] ?? MESSAGES.ja[key] ?? key;
  return text.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

// A category, change or event kind's label; the key itself when the table has none.
function label(prefix, key) {
  const table = WORDS[lang] || WORDS.ja;
  return table[prefix + key] ?? key;
}
export const categoryLabel = (key) => label('cat_', key);
export const changeLabel = (key) => label('chg_', key);
export const eventLabel = (key) => label('ev_', key);

const ATTRS = new Set(['class', 'href', 'type', 'value', 'placeholder', 'name', 'id', 'for',
  'title', 'src', 'alt', 'colspan', 'download', 'autocomplete', 'min', 'max', 'size', 'role',
  'aria-label', 'aria-sort', 'data-col', 'data-id', 'data-key', 'hidden']);

// el('td', {class: 'x'}, 'text', child, ...): strings become text nodes.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'onclick' || name === 'onchange' || name === 'oninput' || name === 'onsubmit') {
      node.addEventListener(name.slice(2), value);
    } else if (ATTRS.has(name)) {
      node.setAttribute(name, value === true ? '' : String(value));
    } else {
      throw new Error('attribute not allowed: ' + name);
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// A table of rows: `columns` are [header, (row) => cell content].
export function table(columns, rows, attrs = {}) {
  return el('table', attrs,
    el('thead', {}, el('tr', {}, columns.map(([h]) => el('th', {}, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, columns.map(([, f]) => el('td', {}, f(r)))))));
}

export function section(title, ...children) {
  return el('section', { class: 'card' }, el('h2', {}, title), ...children);
}

export function note(text, cls = 'note') { return el('p', { class: cls }, text); }

export function evidenceText(e) {
  if (!e || !e.capture) return '';
  const name = String(e.capture).split('/').pop();
  return name + ' #' + e.frame;
}

// "2026-03-02T08:01:55.058952Z" -> "2026-03-02 17:01" in the browser's zone (a hospital PC
// is set to the hospital's time).
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
