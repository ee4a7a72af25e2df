// The shop's service worker: the page, its modules, the edgerec package's files, the wasm and
// the catalogue kept in the Cache API, so the shop opens offline after the first visit.
//
// - install: the page's own files (SHELL) are cached.
// - message {type: 'keep', urls}: the page lists what it loaded (performance resource entries:
//   the package's modules, dist/edgerec.wasm, the catalogue), once it runs; they are cached too,
//   so no list of the package's files is kept here. Answers {missing: [urls neither fetched
//   now nor in the cache]} (an answer that is not a 200, e.g. a 404, is not kept and not missed).
// - fetch: same-origin GETs go to the network first (a page being edited is never stale) and
//   fall back to the cache when it fails or takes longer than NETWORK_TIMEOUT_MS; every good
//   answer refreshes the cache. Requests to other origins (edgerec serve: the edge bundles, which
//   Runtime.fromCampaign keeps in a cache of its own, and event uploads, which the EventTracker
//   keeps in IndexedDB until they are acknowledged) are left alone.
const CACHE = 'edgerec-shop-v1';
const SHELL = ['./', './index.html', './shop.js', './ui.js', './shop.css'];
const NETWORK_TIMEOUT_MS = 5_000;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('edgerec-shop-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

const sameOrigin = (url) => new URL(url, self.location.href).origin === self.location.origin;

/** Whether `response` is worth keeping: a whole, good answer from this origin. */
const keepable = (response) => response.ok && response.status === 200 && response.type === 'basic';

self.addEventListener('message', (event) => {
  if (event.data?.type !== 'keep' || !Array.isArray(event.data.urls)) return;
  const reply = event.ports[0];
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const urls = [...new Set(event.data.urls.filter((u) => typeof u === 'string' && sameOrigin(u)))];
    const unreachable = [];
    await Promise.all(urls.map(async (url) => {
      try {
        const response = await fetch(url, { cache: 'no-cache' });
        if (keepable(response)) await cache.put(url, response);
      } catch {
        unreachable.push(url); // offline: what the cache holds stays
      }
    }));
    const missing = [];
    for (const url of unreachable) if (!(await cache.match(url))) missing.push(url);
    reply?.postMessage({ missing });
  })());
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

async function networkFirst(event) {
  const { request } = event;
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(request);
  try {
    const response = await withTimeout(fromNetwork, NETWORK_TIMEOUT_MS);
    if (keepable(response)) event.waitUntil(cache.put(request, response.clone()).catch(() => {}));
    return response;
  } catch (e) {
    const kept = (await cache.match(request))
      ?? (request.mode === 'navigate' ? (await cache.match(request, { ignoreSearch: true })) ?? (await cache.match('./index.html')) : undefined);
    if (kept) {
      // A slow network may still answer: refresh the cache for next time.
      event.waitUntil(fromNetwork.then((r) => (keepable(r) ? cache.put(request, r) : undefined)).catch(() => {}));
      return kept;
    }
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !sameOrigin(request.url)) return;
  event.respondWith(networkFirst(event));
});
