// The site's service worker: after a first visit, the whole site works with the network off.
//
// The build (sitebuild/service_worker.py) writes this file to the site's root as sw.js, with FILES (every page
// and file of the site, relative to this file, each with a hash of its content) and VERSION (a hash of FILES)
// filled in.
//
// - install: every file of this version goes into one cache, named after the version; if any fails, the
//   version is not installed and the one before stays in charge. A file whose hash is unchanged is copied
//   from the version before, not downloaded again: an update that changes one page costs that page, not the
//   whole site (about 20 MB, most of it the calculators' runtime). The hashes a cache was filled from are kept
//   in it (FILES_KEY), written last, so only a complete cache is copied from.
// - fetch: a file of the site is answered from this version's cache, so a page never mixes files of two
//   versions; anything else goes to the network (there is nothing else: the site loads nothing from elsewhere).
// - activate: a new version takes over once no page of the old one is open (the browser's rule), or when the
//   reader accepts the update the page offers (message "skip-waiting"; the page then reloads whole, so no page
//   ever runs on files of two versions); then it deletes the old caches.

const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `jmf-${VERSION}`;
const scope = new URL("./", self.location.href);
const FILES_KEY = new URL("sw-files.json", scope);

// The cache of an earlier version, complete, with the hashes it was filled from; null on a first install.
async function earlierVersion() {
  for (const name of await caches.keys()) {
    if (!name.startsWith("jmf-") || name === CACHE) continue;
    const cache = await caches.open(name);
    const hashes = await cache.match(FILES_KEY);
    if (hashes) return { cache, hashes: await hashes.json() };
  }
  return null;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const earlier = await earlierVersion();
    const download = [];
    await Promise.all(Object.entries(FILES).map(async ([file, hash]) => {
      const request = new Request(new URL(file, scope));
      const kept = earlier && earlier.hashes[file] === hash ? await earlier.cache.match(request) : undefined;
      if (kept) await cache.put(request, kept);
      else download.push(file);
    }));
    // cache: "reload" skips the HTTP cache, which may still hold a file of the previous version.
    await cache.addAll(download.map((file) => new Request(new URL(file, scope), { cache: "reload" })));
    await cache.put(FILES_KEY, new Response(JSON.stringify(FILES), { headers: { "Content-Type": "application/json" } }));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("jmf-") && name !== CACHE).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // A calculator's inputs ride in the query (?ratio-total=10…); the page is the same file. The exact match
    // comes first: a match that ignores the query has to look through every entry of the cache.
    const cached = await cache.match(event.request) ||
      (url.search ? await cache.match(event.request, { ignoreSearch: true }) : undefined);
    if (cached) return cached;
    try {
      return await fetch(event.request);
    } catch (error) {
      // Offline and not a file of the site: the site's own "not found" page.
      return (await cache.match(new URL("404.html", scope))) || Response.error();
    }
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});
