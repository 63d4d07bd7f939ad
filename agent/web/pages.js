// 変更, 部署, ネットワーク構成図, 外部接続点, 調査回答, センサーの状態: each shows its data, or says
// that there is none yet and why.
import { el, t, table, section, note, evidenceText, when, categoryLabel, changeLabel, currentLang } from '/dom.js';
import { getJson, ApiError } from '/api.js';

const deviceLink = (id, text) => (id ? el('a', { href: '#/device/' + id }, text || String(id)) : text || '');

// 30 days before `iso` (the newest frame the sensor saw, else now): a ledger read from
// last month's captures still shows last month's changes.
function monthBefore(iso) {
  const end = iso ? new Date(iso).getTime() : Date.now();
  return new Date(end - 30 * 86400000).toISOString().slice(0, 10);
}

export async function changesPage(target) {
  let start = sessionStorage.getItem('daicho.since');
  if (!start) start = monthBefore((await getJson('/api/v1/sensor')).window_last);
  const since = el('input', { type: 'date', id: 'since', value: start });
  const button = el('button', { type: 'button', id: 'show-changes' }, t('show'));
  const out = el('div', { id: 'changes' });
  async function load() {
    sessionStorage.setItem('daicho.since', since.value);
    const report = await getJson('/api/v1/changes?since=' + encodeURIComponent(since.value));
    out.replaceChildren(
      note(`${when(report.period.since)} – ${when(report.period.until)}`),
      report.changes.length ? table([
        [t('change_kind'), (c) => changeLabel(c.kind)],
        [t('col_name'), (c) => deviceLink(c.device.id, c.device.name || c.device.mac)],
        ['IP', (c) => c.device.address || ''],
        [t('col_category'), (c) => categoryLabel(c.device.category || '')],
        [t('department'), (c) => c.device.department || ''],
        [t('field'), (c) => c.field], [t('before'), (c) => c.before], [t('after'), (c) => c.after],
        [t('when'), (c) => when(c.at)], [t('evidence'), (c) => evidenceText(c.evidence)],
      ], report.changes, { id: 'change-rows' }) : note(t('none')));
  }
  button.addEventListener('click', load);
  target.append(el('h1', {}, t('nav_changes')), el('div', { class: 'toolbar' }, el('label', { for: 'since' }, t('changes_since')), since, button), out);
  await load();
}

const CATEGORIES = ['server', 'pc', 'network', 'medical', 'printer', 'phone', 'iot', 'unknown'];

export async function departmentsPage(target) {
  const r = await getJson('/api/v1/departments');
  const deviceTable = (rows, extra) => table([
    ['ID', (d) => deviceLink(d.id)], [t('col_name'), (d) => d.name], ['MAC', (d) => d.mac], ['IP', (d) => (d.ips || []).join(' ')],
    [t('col_category'), (d) => categoryLabel(d.category)], ...extra,
  ], rows);
  target.append(el('h1', {}, t('nav_departments')),
    section(t('departments_title'), table([
      [t('site'), (d) => d.site], [t('department'), (d) => d.department || t('no_department')],
      ...CATEGORIES.map((c) => [categoryLabel(c), (d) => String(d.counts[c] ?? 0)]),
      [t('total'), (d) => String(d.total)],
    ], r.departments, { id: 'department-counts' })),
    section(t('unassigned'), r.unassigned.length ? deviceTable(r.unassigned, []) : note(t('none'))),
    section(t('conflicts'), r.conflicts.length ? deviceTable(r.conflicts, [
      [t('candidates'), (d) => (d.candidates || []).map((c) => `${c.department} (${c.source})`).join(', ')],
    ]) : note(t('none'))));
}

export async function topologyPage(target) {
  const url = '/api/v1/topology.svg?lang=' + currentLang();
  target.append(el('h1', {}, t('nav_topology')));
  // The picture is an image (a script inside an SVG never runs as an <img>); when it cannot
  // be drawn the same URL says why.
  const img = el('img', { src: url, alt: t('nav_topology'), class: 'topology', id: 'topology' });
  const holder = el('div', { class: 'picture' }, img);
  img.addEventListener('error', async () => {
    let why = '';
    try { await getJson(url); } catch (e) { why = e instanceof ApiError ? e.message : String(e); }
    holder.replaceChildren(note(t('topology_none', why), 'note empty'));
  });
  target.append(holder);
}

export async function connectionsPage(target) {
  const r = await getJson('/api/v1/connections');
  target.append(el('h1', {}, t('nav_connections')));
  const groups = r.departments || [];
  if (groups.length === 0) { target.append(note(t('connections_none'), 'note empty')); return; }
  for (const g of groups) {
    target.append(section(g.department || t('no_department'), table([
      [t('direction'), (p) => p.direction], [t('service'), (p) => `${p.service_class} ${p.protocol || ''}`],
      [t('inside'), (p) => deviceLink(p.inside?.device, `${p.inside?.name || ''} ${p.inside?.address || ''}`)],
      [t('remote'), (p) => `${(p.remote?.names || []).map((n) => n.name).join(' ')} ${p.remote?.address || ''}:${p.remote?.port ?? ''}`],
      [t('sessions'), (p) => String(p.sessions)], [t('first_seen'), (p) => when(p.first_seen)], [t('last_seen'), (p) => when(p.last_seen)],
      [t('evidence'), (p) => evidenceText(p.evidence)],
    ], g.points || [])));
  }
}

export async function surveyPage(target) {
  target.append(el('h1', {}, t('nav_survey')));
  let r;
  try {
    r = await getJson('/api/v1/survey?lang=' + currentLang());
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) { target.append(note(t('survey_none', e.message), 'note empty')); return; }
    throw e;
  }
  target.append(note(`${r.survey} — ${r.as_of} (${r.window.from} – ${r.window.to})`));
  for (const a of r.answers) {
    target.append(section(`${a.question_id} ${a.question}`,
      el('p', { class: 'answer' }, `${t('answer')}: `, el('strong', {}, a.option_text), ` — ${t('confidence')} ${Math.round(a.confidence * 100)}% (${t('band_' + a.band)})`),
      table([[t('criteria'), (c) => c.text], [t('value'), (c) => c.value], ['', (c) => (c.pass ? t('pass') : t('fail'))]], a.criteria || []),
      (a.gaps || []).length ? el('ul', { class: 'gaps' }, a.gaps.map((g) => el('li', {}, `${g.device ? g.device + ': ' : ''}${g.missing?.text || ''} → ${g.action?.text || ''}`))) : null));
  }
  if ((r.hints || []).length) {
    target.append(section(t('hints'), el('ul', {}, r.hints.map((h) => el('li', {}, `${h.question_id}: ${h.text?.text || ''}`)))));
  }
}

export async function sensorPage(target) {
  const s = await getJson('/api/v1/sensor');
  target.append(el('h1', {}, t('sensor_title')),
    section(s.live ? t('sensor_live') : t('sensor_stored'), s.interfaces.length ? table([
      [t('interface'), (i) => i.interface], [t('received'), (i) => i.received.toLocaleString()],
      [t('kernel_dropped'), (i) => i.kernel_dropped.toLocaleString()], [t('interface_dropped'), (i) => i.interface_dropped.toLocaleString()],
      [t('opened'), (i) => when(i.opened)], [t('updated'), (i) => when(i.updated)],
    ], s.interfaces, { id: 'sensor-interfaces' }) : note(t('sensor_none'))),
    section(t('overview'), table([[t('field'), (r) => r[0]], [t('value'), (r) => r[1]]], [
      [t('captures'), String(s.captures)],
      [t('window'), `${when(s.window_first)} – ${when(s.window_last)}`],
      [t('last_commit'), when(s.last_commit)],
      [t('devices'), String(s.devices)],
    ], { class: 'kv' })));
}
