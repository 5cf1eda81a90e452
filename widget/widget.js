// Jibber as a widget on any page: <script src="https://chat.example.org/widget.js"></script>
// then Jibber.init({ mount, mode, websocket_url, domain, jid, auto_join, theme, lang }).
// The app runs in a shadow root on `mount` with its own stylesheet, so the page's CSS and
// Jibber's never touch each other. Events (jibber:connected, jibber:unread, jibber:message)
// are CustomEvents on the mount element; the returned handle has openChat(jid) and logout().
(function () {
  'use strict';
  // Everything (assets.json, the app's JS, WASM and CSS, config.json) is beside this script.
  const base = new URL('.', document.currentScript ? document.currentScript.src : location.href);
  const MODES = ['overlay', 'embedded', 'fullscreen'];
  let started = null;

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children || []) node.append(child);
    return node;
  }

  /** The launcher's speech bubble (drawn, so no emoji font or image request is needed). */
  function bubbleIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
    svg.append(path);
    return svg;
  }

  function stylesheet(href) {
    return element('link', { rel: 'stylesheet', href: new URL(href, base).href });
  }

  // The launcher's words, before the app (and its catalogues) has loaded: the `lang` option,
  // else the browser's language, else English.
  const LABELS = {
    en: { launcher: 'Chat', panel: 'Jibber chat' },
    it: { launcher: 'Chat', panel: 'Chat di Jibber' },
  };

  function labels(lang) {
    const primary = String(lang || navigator.language || 'en').toLowerCase().split(/[-_]/)[0];
    return LABELS[primary] || LABELS.en;
  }

  /** The shadow content: the app's root, plus a launcher and a floating window in overlay mode. */
  function frame(shadow, mode, words) {
    const root = element('div', { class: 'jibber-root', 'data-testid': 'widget-root' });
    if (mode !== 'overlay') {
      const wrapper = element('div', { class: `jibber-frame jibber-${mode}` }, [root]);
      shadow.append(wrapper);
      return { root, setUnread() {} };
    }
    const badge = element('span', { class: 'jibber-badge', 'data-testid': 'widget-unread', hidden: '' });
    const launcher = element('button', { type: 'button', class: 'jibber-launcher', 'data-testid': 'widget-launcher', 'aria-expanded': 'false', 'aria-label': words.launcher }, [bubbleIcon(), badge]);
    const panel = element('div', { class: 'jibber-panel', role: 'dialog', 'aria-label': words.panel, 'data-testid': 'widget-panel', hidden: '' }, [root]);
    launcher.addEventListener('click', () => {
      const open = panel.hidden;
      panel.hidden = !open;
      launcher.setAttribute('aria-expanded', String(open));
    });
    shadow.append(element('div', { class: 'jibber-frame jibber-overlay' }, [panel, launcher]));
    return {
      root,
      open() {
        panel.hidden = false;
        launcher.setAttribute('aria-expanded', 'true');
      },
      setUnread(count) {
        badge.hidden = count === 0;
        badge.textContent = String(count);
      },
    };
  }

  // The app's files may live on another origin than the page: they are read with CORS and
  // without cookies (the deployment answers with Access-Control-Allow-Origin, see README).
  const CORS = { mode: 'cors', credentials: 'omit' };

  async function load(mount, options, view) {
    const assets = await (await fetch(new URL('assets.json', base), CORS)).json();
    const shadow = mount.attachShadow({ mode: 'open' });
    shadow.append(stylesheet(assets.css), stylesheet('widget.css'));
    const parts = frame(shadow, options.mode, labels(options.lang));
    view.parts = parts;
    mount.addEventListener('jibber:unread', (event) => parts.setUnread(event.detail.count));
    // The app's entry point would mount into the hosted page's #app; this tells it not to.
    globalThis.__jibberEmbedded = true;
    const app = await import(new URL(assets.js, base).href);
    await app.default({ module_or_path: new Request(new URL(assets.wasm, base), CORS) });
    const { mode, mount: _mount, ...appOptions } = options;
    return app.start_widget(parts.root, mount, JSON.stringify(appOptions), base.href);
  }

  function init(options = {}) {
    if (started) throw new Error('Jibber.init was already called on this page');
    const mode = options.mode || 'overlay';
    if (!MODES.includes(mode)) throw new Error(`Jibber.init: mode must be one of ${MODES.join(', ')}`);
    let mount = options.mount;
    if (typeof mount === 'string') mount = document.querySelector(mount);
    if (!mount) {
      // Overlay and fullscreen need no place on the page: the widget brings its own.
      if (mode === 'embedded') throw new Error('Jibber.init: embedded mode needs a mount element');
      mount = document.body.appendChild(document.createElement('div'));
    }
    const view = {};
    const app = load(mount, { ...options, mode }, view);
    started = {
      element: mount,
      ready: app.then(() => undefined),
      /** Opens the 1:1 chat with `jid` (after login), showing the window in overlay mode. */
      openChat(jid) {
        return app.then((handle) => {
          view.parts.open?.();
          handle.open_chat(String(jid));
        });
      },
      logout() {
        return app.then((handle) => handle.logout());
      },
    };
    app.catch((error) => console.error('Jibber could not start:', error));
    return started;
  }

  globalThis.Jibber = Object.freeze({ init });
})();
