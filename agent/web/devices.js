// 機器一覧: one page of the list at a time from the server (it filters, sorts and pages its
// in-memory copy), so 12,000 devices never reach the browser at once.
import { el, clear, t, categoryLabel, currentLang } from '/dom.js';
import { getJson } from '/api.js';

export const COLUMNS = ['id', 'name', 'category', 'department', 'site', 'ip', 'mac', 'maker',
  'model', 'os', 'support', 'last_seen', 'confidence'];
const DEFAULT_COLUMNS = ['name', 'category', 'department', 'ip', 'mac', 'maker', 'os', 'support', 'last_seen', 'confidence'];

function chosenColumns() {
  try {
    const saved = JSON.parse(localStorage.getItem('daicho.columns') || 'null');
    if (Array.isArray(saved)) return COLUMNS.filter((c) => saved.includes(c));
  } catch (_) { /* a broken saved value: the defaults */ }
  return DEFAULT_COLUMNS;
}

// The list's state lives in the URL's query after the hash, so a view can be bookmarked.
const state = { q: '', department: '', category: '', sort: 'name', dir: 'asc', offset: 0, limit: 50 };

function query(extra = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state, ...extra })) {
    if (v !== '' && v !== undefined) p.set(k, String(v));
  }
  return p.toString();
}

function today() { return new Date().toISOString().slice(0, 10); }

function cell(d, col) {
  switch (col) {
    case 'name': return el('a', { href: '#/device/' + d.id, class: 'devlink' }, d.name || d.hostnames || '—');
    case 'category': return [categoryLabel(d.category), d.subtype ? el('span', { class: 'sub' }, ' / ' + d.subtype) : null];
    case 'support':
      // The server judged it (as Q12/Q13 do) when the ledger last changed; the date decides
      // again here, so a page left open past the end still says so.
      if (!d.support_end) return '';
      if (d.support_state === 'ended' || d.support_end < today()) {
        return el('span', { class: 'badge bad', title: d.support_end }, t('support_ended'));
      }
      if (d.support_state === 'ended_unless_ltsc') {
        return el('span', { class: 'badge warn', title: d.support_end }, t('support_ltsc'));
      }
      return el('span', { class: 'badge ok' }, t('support_until', d.support_end));
    case 'confidence': return el('span', { class: 'badge band-' + d.band }, d.confidence + ' ' + t('band_' + d.band));
    case 'last_seen': return d.last_seen ? d.last_seen.slice(0, 16).replace('T', ' ') : '';
    case 'ip': return d.ip;
    case 'id': return el('a', { href: '#/device/' + d.id }, String(d.id));
    default: return d[col] ?? '';
  }
}

export async function devicesPage(target) {
  const columns = chosenColumns();
  const search = el('input', { type: 'search', id: 'search', placeholder: t('search'), value: state.q, size: 28 });
  const dept = el('select', { id: 'department' });
  const cat = el('select', { id: 'category' });
  const status = el('span', { id: 'count', class: 'count' });
  const csv = el('a', { id: 'export-csv', class: 'button', download: 'daicho-devices.csv' }, t('export_csv'));
  const xlsx = el('a', { id: 'export-xlsx', class: 'button', download: 'daicho-devices.xlsx' }, t('export_xlsx'));
  const colBox = el('details', { class: 'columns' }, el('summary', {}, t('columns')),
    COLUMNS.map((c) => el('label', {}, el('input', { type: 'checkbox', 'data-col': c, value: c }), t('col_' + c))));
  for (const box of colBox.querySelectorAll('input')) {
    box.checked = columns.includes(box.value);
    box.addEventListener('change', () => {
      const next = [...colBox.querySelectorAll('input')].filter((b) => b.checked).map((b) => b.value);
      localStorage.setItem('daicho.columns', JSON.stringify(next));
      devicesPage(clear(target));
    });
  }
  const prev = el('button', { type: 'button', id: 'prev' }, t('prev'));
  const next = el('button', { type: 'button', id: 'next' }, t('next'));
  const size = el('select', { id: 'limit' }, [50, 100, 200].map((n) => el('option', { value: n }, `${n} ${t('per_page')}`)));
  size.value = String(state.limit);
  const tbody = el('tbody', { id: 'device-rows' });
  const headRow = el('tr', {}, columns.map((c) => {
    const th = el('th', { 'data-col': c, class: 'sortable', 'aria-sort': state.sort === c ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined },
      t('col_' + c), state.sort === c ? (state.dir === 'asc' ? ' ▲' : ' ▼') : '');
    th.addEventListener('click', () => {
      state.dir = state.sort === c && state.dir === 'asc' ? 'desc' : 'asc';
      state.sort = c;
      state.offset = 0;
      devicesPage(clear(target));
    });
    return th;
  }));
  target.append(
    el('div', { class: 'toolbar no-print' }, search, dept, cat, colBox, csv, xlsx),
    el('table', { class: 'devices', id: 'devices' }, el('thead', {}, headRow), tbody),
    el('div', { class: 'pager no-print' }, prev, status, next, size));

  let facetsFilled = false;
  async function load() {
    const page = await getJson('/api/v1/devices?' + query());
    if (!facetsFilled) {
      facetsFilled = true;
      dept.append(el('option', { value: '' }, t('all_departments')),
        ...page.departments.map((f) => el('option', { value: f.name === '' ? '-' : f.name }, `${f.name || t('no_department')} (${f.count})`)));
      cat.append(el('option', { value: '' }, t('all_categories')),
        ...page.categories.map((f) => el('option', { value: f.name }, `${categoryLabel(f.name)} (${f.count})`)));
      dept.value = state.department;
      cat.value = state.category;
    }
    clear(tbody).append(...page.devices.map((d) => el('tr', { 'data-id': d.id }, columns.map((c) => el('td', { class: 'c-' + c }, cell(d, c))))));
    if (page.devices.length === 0) tbody.append(el('tr', {}, el('td', { colspan: columns.length }, t('none'))));
    const first = page.total === 0 ? 0 : page.offset + 1;
    status.textContent = t('showing', page.total, first, page.offset + page.devices.length, page.all);
    prev.disabled = page.offset === 0;
    next.disabled = page.offset + page.devices.length >= page.total;
    const exportQuery = query({ offset: undefined, limit: undefined, columns: columns.join(','), lang: currentLang() });
    csv.setAttribute('href', '/api/v1/export/devices?format=csv&' + exportQuery);
    xlsx.setAttribute('href', '/api/v1/export/devices?format=xlsx&' + exportQuery);
  }
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.q = search.value.trim(); state.offset = 0; load(); }, 250);
  });
  dept.addEventListener('change', () => { state.department = dept.value; state.offset = 0; load(); });
  cat.addEventListener('change', () => { state.category = cat.value; state.offset = 0; load(); });
  size.addEventListener('change', () => { state.limit = Number(size.value); state.offset = 0; load(); });
  prev.addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); load(); });
  next.addEventListener('click', () => { state.offset += state.limit; load(); });
  await load();
}
