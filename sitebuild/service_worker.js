// The site's service worker: what a reader has used works with the network off, and a reader who asks for it
// (离线使用, site.js) gets the whole site, for a training room without a network.
//
// The build (sitebuild/service_worker.py) writes this file to the site's root as sw.js, with VERSION (a hash of
// FILES) and FILES filled in: every file a reader may need, relative to this file, as
// [hash of its content, size in bytes, bytes to download, part]. The part says when the file is kept:
//   "pages"       on the first visit, whatever page it is: every page, the theme, the search, the question bank
//                 (about 0.4 MB to download, the page being read included);
//   "calculators" once a calculator has run in this browser: the runtime (about 3 MB);
//   "handbook"    once the PDF handbook has been opened;
// and all of them when the reader asks (离线使用).
//
// - install: this version's "pages" go into one cache, named after the version, and with them whatever else this
//   browser had kept of the version before (never more: an update is no download of what the reader never
//   used). A file whose hash is unchanged is copied from the version before; the rest is downloaded, the
//   browser's HTTP cache first (what the page has just fetched is not fetched twice). Every file is checked
//   against its hash, so a cache never holds a file of another version; if one fails, the version is not
//   installed and the one before stays in charge. The hashes are kept in the cache (FILES_KEY), written last,
//   so only a complete cache is copied from.
// - fetch: a file of the site is answered from this version's cache, so a page never mixes files of two
//   versions; policy/index.html is the file of policy/. A file of the site not kept yet goes to the network and
//   is kept as it passes (the calculators' runtime as their worker fetches it, the handbook as it opens) if its
//   hash is this version's. Anything else goes to the network (there is nothing else: the site loads nothing
//   from elsewhere).
// - activate: a new version takes over once no page of the old one is open (the browser's rule), or when the
//   reader accepts the update the page offers (message "skip-waiting"; the page then reloads whole, so no page
//   ever runs on files of two versions); then it takes over what the old one kept meanwhile, unchanged files
//   only, and deletes the old caches.
// - message { type: "offline-status" } with a port: the answer, on the port, is what is kept of each part:
//   { version, parts: { <part>: { size, bytes, missing: [[url, size, bytes], …] } } } (size: bytes on this
//   device; bytes: to download). The page keeps the missing files by fetching them (they are kept as they pass)
//   and counts their bytes as they arrive, for its progress bar.

const VERSION = "__VERSION__";
const FILES = __FILES__;
const FIRST_VISIT = "pages";
const CACHE = `jmf-${VERSION}`;
const scope = new URL("./", self.location.href);
const FILES_KEY = new URL("sw-files.json", scope).href;
const CONCURRENT_DOWNLOADS = 4;

const fileURL = (file) => new URL(file, scope).href;
const [HASH, SIZE, BYTES, PART] = [0, 1, 2, 3];

function decoded(path) {
  try {
    return decodeURIComponent(path);
  } catch (error) {
    return path;
  }
}

const FILE_BY_PATH = new Map(Object.keys(FILES).map((file) => [decoded(new URL(file, scope).pathname), file]));

// The file of FILES an address asks for, or null. A page's folder, whether asked as policy/ or as
// policy/index.html; the query (a calculator's inputs ride in it) and the fragment play no part.
function fileOf(url) {
  if (url.origin !== scope.origin) return null;
  let path = decoded(url.pathname);
  if (path.endsWith("/index.html")) path = path.slice(0, -"index.html".length);
  return FILE_BY_PATH.get(path) || null;
}

// A version before this one wrote its file list as { url: hash }; this one as { url: [hash, …] }.
function hashIn(files, file) {
  const entry = files[file];
  return Array.isArray(entry) ? entry[HASH] : entry;
}

async function hashOf(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.slice(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// The response to keep for `file`, or null unless it is this version's file, whole. Its body has been
// decompressed by the browser, so the server's encoding and length no longer describe it.
async function verified(file, response) {
  if (response.status !== 200 || response.type !== "basic") return null;
  const body = await response.arrayBuffer();
  if (await hashOf(body) !== FILES[file][HASH]) return null;
  const headers = new Headers(response.headers);
  for (const name of ["Content-Encoding", "Content-Length", "Vary"]) headers.delete(name);
  return new Response(body, { status: 200, statusText: response.statusText, headers });
}

// `file` of this version: from the browser's HTTP cache if it holds this version's copy, else from the server.
async function download(file) {
  for (const mode of ["force-cache", "reload"]) {
    const kept = await verified(file, await fetch(new Request(fileURL(file), { cache: mode })));
    if (kept) return kept;
  }
  throw new Error(`${file}: the server has another version of it than ${VERSION}`);
}

async function eachAtMost(limit, items, work) {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, async () => {
    while (queue.length) await work(queue.shift());
  }));
}

// The cache of an earlier version, complete, with the file list it was filled from; null on a first install.
async function earlierVersion() {
  for (const name of await caches.keys()) {
    if (!name.startsWith("jmf-") || name === CACHE) continue;
    const cache = await caches.open(name);
    const list = await cache.match(FILES_KEY);
    if (list) return { cache, files: await list.json() };
  }
  return null;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const earlier = await earlierVersion();
    const toDownload = [];
    for (const file of Object.keys(FILES)) {
      const before = earlier ? await earlier.cache.match(fileURL(file), { ignoreVary: true }) : undefined;
      if (FILES[file][PART] !== FIRST_VISIT && !before) continue; // never kept here: not kept now either
      if (before && hashIn(earlier.files, file) === FILES[file][HASH]) await cache.put(fileURL(file), before);
      else toDownload.push(file);
    }
    await eachAtMost(CONCURRENT_DOWNLOADS, toDownload, async (file) => cache.put(fileURL(file), await download(file)));
    await cache.put(FILES_KEY, new Response(JSON.stringify(FILES), { headers: { "Content-Type": "application/json" } }));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const name of await caches.keys()) {
      if (!name.startsWith("jmf-") || name === CACHE) continue;
      // While this version waited, a page of the old one may have kept a calculator or the handbook.
      const old = await caches.open(name);
      const list = await old.match(FILES_KEY);
      const files = list ? await list.json() : {};
      for (const file of Object.keys(FILES)) {
        if (hashIn(files, file) !== FILES[file][HASH] || await cache.match(fileURL(file), { ignoreVary: true })) continue;
        const kept = await old.match(fileURL(file), { ignoreVary: true });
        if (kept) await cache.put(fileURL(file), kept);
      }
      await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Files on their way into the cache; what is kept is reported only once they are in.
const keeping = new Set();

function keepAsItPasses(cache, file, response) {
  const done = verified(file, response)
    .then((kept) => kept && cache.put(fileURL(file), kept))
    .catch(() => {}) // the page has its answer; the file is kept another time
    .finally(() => keeping.delete(done));
  keeping.add(done);
  return done;
}

// Offline, a page of the site not kept here (the handbook before it was opened), or an address the site does not
// have: say which, in the site's own words.
async function offlineAnswer(cache, file, request) {
  if (file && request.mode === "navigate") {
    return new Response(
      '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
      "<title>没有网络</title><h1>没有网络</h1><p>这个文件还没有保存在这台设备上，联网后才能打开。" +
      "要在没有网络的地方使用本站，请先联网，在“关于本站”页的“离线使用”一节保存全部内容。</p>" +
      `<p><a href="${scope.href}">回到首页</a></p>`,
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
  const notFound = !file && await cache.match(fileURL("404.html"), { ignoreVary: true });
  if (!notFound) return Response.error();
  return new Response(notFound.body, { status: 404, statusText: "Not Found", headers: notFound.headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const file = fileOf(url);
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (file) {
      const cached = await cache.match(fileURL(file), { ignoreVary: true });
      if (cached) return cached;
    }
    try {
      const response = await fetch(request);
      // A range (the PDF viewer may ask for one) is not the whole file.
      if (file && !request.headers.has("Range")) event.waitUntil(keepAsItPasses(cache, file, response.clone()));
      return response;
    } catch (error) {
      return offlineAnswer(cache, file, request);
    }
  })());
});

async function offlineStatus() {
  await Promise.all([...keeping]);
  const cache = await caches.open(CACHE);
  const kept = new Set((await cache.keys()).map((request) => request.url));
  const parts = {};
  for (const [file, entry] of Object.entries(FILES)) {
    const part = parts[entry[PART]] || (parts[entry[PART]] = { size: 0, bytes: 0, missing: [] });
    part.size += entry[SIZE];
    part.bytes += entry[BYTES];
    if (!kept.has(fileURL(file))) part.missing.push([fileURL(file), entry[SIZE], entry[BYTES]]);
  }
  return { version: VERSION, parts };
}

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") {
    self.skipWaiting();
  } else if (event.data && event.data.type === "offline-status" && event.ports[0]) {
    event.waitUntil(offlineStatus().then((status) => event.ports[0].postMessage(status)));
  }
});
