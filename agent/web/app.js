// The dashboard: login, the navigation and a page per hash route (#/devices, #/device/12,
// #/changes, #/departments, #/topology, #/connections, #/survey, #/sensor).
import { el, clear, t, currentLang, setLang } from '/dom.js';
import * as api from '/api.js';
import { devicesPage } from '/devices.js';
import { devicePage } from '/device.js';
import { changesPage, departmentsPage, topologyPage, connectionsPage, surveyPage, sensorPage } from '/pages.js';

const PAGES = [
  ['devices', 'nav_devices', devicesPage],
  ['changes', 'nav_changes', changesPage],
  ['departments', 'nav_departments', departmentsPage],
  ['topology', 'nav_topology', topologyPage],
  ['connections', 'nav_connections', connectionsPage],
  ['survey', 'nav_survey', surveyPage],
  ['sensor', 'nav_sensor', sensorPage],
];

const main = () => document.getElementById('main');

function renderChrome(loggedIn) {
  document.documentElement.lang = currentLang();
  document.title = t('title');
  document.getElementById('lang').textContent = t('switch_lang');
  const logout = document.getElementById('logout');
  logout.textContent = t('logout');
  logout.hidden = !loggedIn;
  document.getElementById('who').textContent = loggedIn ? api.session().actor : '';
  const nav = clear(document.getElementById('nav'));
  if (!loggedIn) return;
  const [route] = location.hash.replace(/^#\//, '').split('/');
  for (const [id, key] of PAGES) {
    nav.append(el('a', { href: '#/' + id, class: route === id ? 'active' : undefined }, t(key)));
  }
}

function renderLogin(failed) {
  renderChrome(false);
  const token = el('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'current-password', size: 40 });
  const name = el('input', { type: 'text', id: 'name', name: 'name', size: 24 });
  const form = el('form', { class: 'card login', id: 'login-form' },
    el('h1', {}, t('login')),
    el('p', {}, t('login_intro')),
    el('label', { for: 'token' }, t('token')), token,
    el('label', { for: 'name' }, t('your_name')), name,
    failed ? el('p', { class: 'error', id: 'login-error' }, t('login_failed')) : null,
    el('button', { type: 'submit', id: 'login-button' }, t('login')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (await api.login(token.value, name.value)) {
      if (!location.hash || location.hash === '#/login') location.hash = '#/devices';
      route();
    } else {
      renderLogin(true);
    }
  });
  clear(main()).append(form);
  token.focus();
}

let loggedIn = false;

async function route() {
  if (!loggedIn) {
    loggedIn = await api.resume();
    if (!loggedIn) { renderLogin(false); return; }
  }
  renderChrome(true);
  const [name, ...rest] = location.hash.replace(/^#\//, '').split('/');
  const target = clear(main());
  try {
    if (name === 'device' && rest[0]) {
      await devicePage(target, rest[0]);
    } else {
      const page = PAGES.find(([id]) => id === (name || 'devices'));
      if (!page) { target.append(el('p', {}, t('not_found'))); return; }
      await page[2](target);
    }
  } catch (e) {
    if (e.status === 401) return;  // the logged-out event shows the login
    target.append(el('p', { class: 'error' }, t('error', e.message)));
  }
}

window.addEventListener('daicho-logged-out', () => { loggedIn = false; renderLogin(false); });
window.addEventListener('hashchange', route);
document.getElementById('lang').addEventListener('click', () => {
  setLang(currentLang() === 'ja' ? 'en' : 'ja');
  if (loggedIn) route(); else renderLogin(false);
});
document.getElementById('logout').addEventListener('click', async () => {
  await api.logout();
  loggedIn = false;
  renderLogin(false);
});
route();
