// Jibber's login shell: the first thing the page runs. A first visit needs only the login form,
// and the app's WebAssembly module is large, so this small module draws the same form (same
// markup, texts from the same catalogues) at once and only then loads the app behind it. The
// app adopts the form when it starts (src/login_shell.rs): what was typed, the focus, and a
// "Log in" or "Create an account" already pressed carry over. A device with a signed-in
// account goes straight to the app. scripts/login-shell.mjs fills in TEXTS at build time.
const TEXTS = __JIBBER_LOGIN_TEXTS__;

const script = document.querySelector('script[data-jibber-app]');
const root = document.getElementById('app');

function stored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The same order as the app (src/i18n/browser.rs): `?lang=`, the saved choice, the browser. */
function pickLanguage() {
  const supported = (tag) => {
    const primary = String(tag ?? '').trim().split(/[-_]/)[0].toLowerCase();
    return Object.hasOwn(TEXTS, primary) ? primary : undefined;
  };
  const query = new URLSearchParams(location.search).get('lang');
  return supported(query) ?? supported(stored('jibber.lang')) ?? (navigator.languages ?? []).map(supported).find(Boolean) ?? 'en';
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The form of src/views/login.rs, with the ids and test ids the app and its tests use. */
function drawLoginForm(text) {
  const jid = element('input', {
    id: 'login-jid', 'data-testid': 'login-jid', type: 'text', inputmode: 'email', autocomplete: 'username',
    placeholder: 'alice@example.org', required: '', autocapitalize: 'off', spellcheck: 'false',
  });
  jid.value = new URLSearchParams(location.search).get('jid') ?? '';
  const password = element('input', {
    id: 'login-password', 'data-testid': 'login-password', type: 'password', autocomplete: 'current-password', required: '',
  });
  const websocketUrl = element('input', {
    id: 'login-ws-url', 'data-testid': 'login-ws-url', type: 'url', placeholder: text['websocket-url-placeholder'],
    autocapitalize: 'off', spellcheck: 'false',
  });
  const advanced = element('details', { 'data-testid': 'login-advanced' },
    element('summary', {}, text['connection-settings']),
    element('label', { for: 'login-ws-url' }, text['websocket-url']),
    websocketUrl,
    element('p', { class: 'hint' }, text['login-ws-hint']));
  const error = element('p', { class: 'error', role: 'alert', 'data-testid': 'login-error', hidden: '' });
  const submit = element('button', { type: 'submit', 'data-testid': 'login-submit' }, text['login-submit']);
  const createAccount = element('button', { type: 'button', class: 'ghost small', 'data-testid': 'login-create-account' }, text['login-create-account']);
  const form = element('form', { class: 'login-card', novalidate: '', 'aria-labelledby': 'login-title' },
    element('h1', { id: 'login-title' }, 'Jibber'),
    element('p', { class: 'tagline' }, text['login-tagline']),
    element('label', { for: 'login-jid' }, text['login-address']),
    jid,
    element('label', { for: 'login-password' }, text['login-password']),
    password,
    advanced,
    error,
    submit,
    element('p', { class: 'hint' }, text['login-new-here'], ' ', createAccount));

  const wait = (pending, button, label) => {
    form.dataset.pending = pending;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    if (label) button.textContent = label;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (form.dataset.pending) return;
    const problem = !jid.value.trim().includes('@') ? text['login-enter-address'] : password.value === '' ? text['login-enter-password'] : undefined;
    error.textContent = problem ?? '';
    error.hidden = !problem;
    if (!problem) wait('login', submit, text['login-connecting']);
  });
  createAccount.addEventListener('click', () => {
    if (!form.dataset.pending) wait('signup', createAccount);
  });
  root.replaceChildren(element('main', { class: 'login', 'data-testid': 'login-view', 'data-login-shell': '' }, form));
  performance.mark('jibber:login-form');
}

function showLoading(text) {
  root.replaceChildren(element('p', { class: 'loading', role: 'status' }, text['app-loading']));
}

/** The app could not be fetched or started (offline on a first visit, a broken deployment). */
function showFailure(text) {
  const reload = element('button', { type: 'button' }, text.reload);
  reload.addEventListener('click', () => location.reload());
  root.replaceChildren(element('main', { class: 'login' },
    element('div', { class: 'login-card' },
      element('p', { class: 'error', role: 'alert', 'data-testid': 'app-load-failed' }, text['app-load-failed']),
      reload)));
}

async function startApp(text) {
  try {
    const app = await import(script.dataset.jibberApp);
    const wasm = await app.default({ module_or_path: script.dataset.jibberWasm });
    dispatchEvent(new CustomEvent('jibber:started', { detail: { wasm } }));
  } catch (error) {
    console.error('Jibber could not start', error);
    showFailure(text);
  }
}

const language = pickLanguage();
const text = TEXTS[language];
document.documentElement.lang = language;
// As src/theme.rs: the choice made in the app, else the `theme` option of the address (the
// app applies config.json's when it starts).
const themes = { system: 'system', auto: 'system', light: 'light', dark: 'dark' };
const themeOf = (value) => themes[String(value ?? '').trim().toLowerCase()];
const theme = themeOf(stored('jibber.theme')) ?? themeOf(new URLSearchParams(location.search).get('theme'));
if (theme) document.documentElement.dataset.theme = theme;

if (stored('jibber.account') === 'signed-in') {
  showLoading(text);
  startApp(text);
} else {
  drawLoginForm(text);
  // After the form's first frame, so the form never waits for the app's bytes.
  requestAnimationFrame(() => setTimeout(() => startApp(text), 0));
}
