// 機器の詳細: every fact with its evidence, the classification and why (daicho explain), the
// interfaces and linked MACs, the switch port, the history, and the annotation form with its
// change log.
import { el, t, table, section, note, evidenceText, when, categoryLabel, eventLabel, currentLang } from '/dom.js';
import { getJson, getText, postJson } from '/api.js';

// The annotation keys the form offers (ledger/annotations.h kAnnotationKeys, the ones a
// person fills in most); their labels are messages.js's ann_<key>.
const FORM_KEYS = ['name', 'asset_tag', 'location', 'user', 'department', 'maint_vendor', 'maint_until', 'note'];

const PORT_KINDS = new Set(['port_id', 'port_description', 'system_name', 'vlan_announced', 'chassis_id']);

function annotationForm(d, onSaved) {
  // {key: value} (README "Device JSON"); keys are the ledger's fixed list.
  const current = d.annotations || {};
  const inputs = FORM_KEYS.map((key) => {
    const input = el('input', { type: 'text', name: key, id: 'ann-' + key, value: (Object.hasOwn(current, key) ? current[key] : ''), size: 40 });
    return [key, input, el('label', { for: 'ann-' + key }, t('ann_' + key))];
  });
  const message = el('p', { class: 'note', id: 'ann-message' });
  const form = el('form', { class: 'annotate', id: 'annotate-form' },
    inputs.map(([, input, label]) => el('div', { class: 'field' }, label, input)),
    el('button', { type: 'submit', id: 'ann-save' }, t('save')), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const changed = {};
    for (const [key, input] of inputs) {
      if (((Object.hasOwn(current, key) ? current[key] : '')) !== input.value) changed[key] = input.value;
    }
    if (Object.keys(changed).length === 0) return;
    try {
      await postJson(`/api/v1/devices/${d.id}/annotations`, changed);
      message.textContent = t('saved');
      message.className = 'note ok';
      onSaved();
    } catch (err) {
      message.textContent = t('error', err.message);
      message.className = 'error';
    }
  });
  return form;
}

export async function devicePage(target, id) {
  if (!/^\d+$/.test(id)) throw new Error('device id');
  const [list, events, explain] = await Promise.all([
    getJson('/api/v1/devices/' + id),
    getJson('/api/v1/events?device=' + id),
    getText(`/api/v1/devices/${id}/explain?lang=${currentLang()}`),
  ]);
  const d = list[0];
  const name = (d.annotations && Object.hasOwn(d.annotations, 'name') && d.annotations.name) || (d.hostnames || [])[0] || d.mac;
  target.append(el('h1', { id: 'device-title' }, t('device', d.id), ' ', el('span', { class: 'devname' }, name)));

  target.append(section(t('overview'), table([
    [t('field'), (r) => r[0]], [t('value'), (r) => r[1]],
  ], [
    ['MAC', d.mac + (d.vendor ? ` (${d.vendor})` : '')],
    ['IP', (d.ips || []).join(' ')],
    ['VLAN', (d.vlans || []).join(' ')],
    [t('hostnames'), (d.hostnames || []).join(' ')],
    [t('col_category'), categoryLabel(d.category) + (d.subtype ? ' / ' + d.subtype : '')],
    [t('col_confidence'), `${d.confidence} (${t('band_' + d.band)})`],
    [t('department'), d.department ? `${d.department} (${d.department_source})` : t('none')],
    [t('site'), d.site || ''],
    [t('first_seen'), when(d.first_seen)], [t('last_seen'), when(d.last_seen)],
  ], { class: 'kv' })));

  const rules = d.classification || [];
  target.append(section(t('classification'),
    rules.length ? table([
      [t('rule'), (r) => r.rule], [t('col_category'), (r) => categoryLabel(r.category) + (r.subtype ? ' / ' + r.subtype : '')],
      [t('weight'), (r) => String(r.weight)],
      [t('evidence'), (r) => (r.evidence || []).map((e) => el('div', {}, `${e.kind}: ${e.value} [${e.source}] ${evidenceText(e.evidence)}`))],
    ], rules, { id: 'rules' }) : note(t('none')),
    el('h3', {}, t('explain')), el('pre', { class: 'explain', id: 'explain' }, explain)));

  target.append(section(t('facts'), table([
    [t('kind'), (f) => f.kind], [t('value'), (f) => f.value], [t('source'), (f) => f.source],
    [t('count'), (f) => String(f.count)], [t('first_seen'), (f) => when(f.first_seen)],
    [t('last_seen'), (f) => when(f.last_seen)], [t('evidence'), (f) => evidenceText(f.evidence)],
  ], d.facts || [], { id: 'facts', class: 'facts' })));

  const linked = [...(d.interfaces || []).map((l) => ({ ...l, how: 'interface' })), ...(d.linked || []).map((l) => ({ ...l, how: 'linked' }))];
  target.append(section(t('interfaces'), linked.length ? table([
    ['ID', (l) => el('a', { href: '#/device/' + l.id }, String(l.id))], ['MAC', (l) => l.mac],
    [t('first_seen'), (l) => when(l.first_seen)], [t('last_seen'), (l) => when(l.last_seen)], [t('reason'), (l) => l.reason],
  ], linked) : note(t('none'))));

  const ports = (d.facts || []).filter((f) => PORT_KINDS.has(f.kind));
  target.append(section(t('switch_port'), ports.length ? table([
    [t('kind'), (f) => f.kind], [t('value'), (f) => f.value], [t('source'), (f) => f.source], [t('evidence'), (f) => evidenceText(f.evidence)],
  ], ports) : note(t('switch_port_none'))));

  const changes = events.filter((e) => e.kind === 'annotation_change');
  const wire = events.filter((e) => e.kind !== 'annotation_change');
  target.append(section(t('annotations'), annotationForm(d, () => { target.replaceChildren(); devicePage(target, id); })),
    section(t('change_log'), changes.length ? table([
      [t('when'), (e) => when(e.at)], [t('who'), (e) => e.actor], [t('field'), (e) => e.field],
      [t('before'), (e) => e.before], [t('after'), (e) => e.after],
    ], changes, { id: 'change-log' }) : note(t('none'))),
    section(t('history'), wire.length ? table([
      [t('when'), (e) => when(e.at)], [t('kind'), (e) => eventLabel(e.kind)], [t('field'), (e) => e.field],
      [t('before'), (e) => e.before], [t('after'), (e) => e.after], [t('evidence'), (e) => evidenceText(e.evidence)],
    ], wire, { id: 'history' }) : note(t('none'))));
}
