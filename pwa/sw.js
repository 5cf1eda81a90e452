// Jibber's service worker: keeps this build's app shell (HTML, hashed WASM/JS/CSS, icons) so
// the app starts offline after one visit. scripts/pwa-build.mjs fills in BUILD and PRECACHE at
// build time, so every build is a new worker and a new cache; the page offers "Reload" while
// the new worker waits, and the worker takes over only when the page asks (SKIP_WAITING).
const BUILD = '__JIBBER_BUILD__';
const PRECACHE = __JIBBER_PRECACHE__;
const CACHE = `jibber-${BUILD}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith('jibber-') && name !== CACHE).map((name) => caches.delete(name)));
      // The first visit's page is controlled at once, so it works offline without a reload.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Only this origin's GETs: the XMPP WebSocket, uploads and other origins go straight out.
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fromNetwork(request, 'index.html'));
  } else if (PRECACHE.some((path) => new URL(path, self.registration.scope).href === url.href)) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
  } else {
    event.respondWith(fromNetwork(request));
  }
});

/**
 * The network's answer (kept for next time, e.g. config.json), else the cached copy; for
 * navigations (`fallback`) the cached app shell, whatever the route.
 */
async function fromNetwork(request, fallback) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !fallback) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = (await cache.match(request, { ignoreSearch: Boolean(fallback) })) ?? (fallback && (await cache.match(fallback)));
    if (hit) return hit;
    throw error;
  }
}
