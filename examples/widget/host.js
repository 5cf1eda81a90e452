// The host page's own script: one call starts Jibber. The mode (and any option) can come from
// this page's query string, e.g. ?mode=embedded&jid=alice@example.org&theme=dark.
const query = new URLSearchParams(location.search);
const mode = query.get('mode') || 'overlay';
const options = { mode, mount: mode === 'embedded' ? document.getElementById('chat') : undefined };
for (const name of ['websocket_url', 'domain', 'jid', 'theme', 'lang', 'auto_join']) {
  if (query.has(name)) options[name] = query.get(name);
}
const jibber = Jibber.init(options);
// Host pages listen to Jibber's events on the mount element.
const log = [];
for (const name of ['jibber:connected', 'jibber:unread', 'jibber:message']) {
  jibber.element.addEventListener(name, (event) => log.push({ type: name, detail: event.detail }));
}
globalThis.jibberHost = { jibber, log };
