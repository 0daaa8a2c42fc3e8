// The screen's service worker: keeps the display page, its script and
// style, and the photos of the current cards, so that a screen reloaded
// while the server is away still shows its wall. Everything is fetched
// from the network first — a photo whose consent ended must stop — and
// the cache is only the fallback when the network fails.
const CACHE = 'faces-screen';
const SHELL = ['/screen/', '{{wall.js}}', '{{wall.css}}'];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const shell = url.pathname === '/screen/' || url.pathname.startsWith('/static/');
  const photo = url.pathname.startsWith('/screen/photos/');
  if (!shell && !photo) return;
  e.respondWith(fetch(e.request).then((resp) => {
    if (resp.ok) {
      const copy = resp.clone();
      caches.open(CACHE).then((c) => c.put(e.request, copy));
    } else if (photo && resp.status !== 304) {
      caches.open(CACHE).then((c) => c.delete(e.request));
    }
    return resp;
  }).catch(() => caches.match(e.request, { ignoreSearch: true }).then((r) => r || Response.error())));
});

// The page sends the photos of its current manifest: the others go.
self.addEventListener('message', (e) => {
  if (!e.data || !Array.isArray(e.data.keep)) return;
  const keep = new Set(e.data.keep.map((p) => new URL(p, self.location.origin).pathname));
  e.waitUntil(caches.open(CACHE).then((c) => c.keys().then((keys) => Promise.all(keys
    .filter((k) => new URL(k.url).pathname.startsWith('/screen/photos/') && !keep.has(new URL(k.url).pathname))
    .map((k) => c.delete(k))))));
});
