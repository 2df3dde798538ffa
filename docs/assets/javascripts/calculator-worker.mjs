// The calculators' Web Worker: Python (Pyodide) runs here, never on the page's main thread.
//
// The page ↔ worker protocol is written down, as types, in protocol.mjs; calculators/worker-client.mjs is the
// other side. Every message this worker posts is a WorkerMessage, every message it receives a CalculationRequest.

/** @typedef {import("./protocol.mjs").WorkerMessage} WorkerMessage */
/** @typedef {import("./protocol.mjs").CalculationRequest} CalculationRequest */
/** @typedef {import("./protocol.mjs").PrepareRequest} PrepareRequest */
/** @typedef {import("./protocol.mjs").Ready} Ready */

/**
 * Every message to the page goes through here, so tsc checks it against the protocol.
 * @param {WorkerMessage} message
 */
function send(message) {
  postMessage(message);
}

const runtimeURL = new URL("../pyodide/", import.meta.url).href;
const packageDir = new URL("../calculators/", import.meta.url);
// The names sitebuild/browser_bundle.py gives the standard library and the package, so both are requested the
// moment the worker starts, beside the manifest (which still decides: another name there is fetched instead).
const STDLIB_FILE = "stdlib.zip";
const PACKAGE_FILE = "calculators.zip";

/**
 * The step start-up has reached; the page words it, as it words every message (sitebuild/page_words.toml).
 * @param {import("./protocol.mjs").Progress["step"]} step
 */
function progress(step) {
  send({ type: "progress", step });
}

// ---- Download progress: bytes received of the bytes this visit has to fetch ------------------------------
// Pyodide fetches its own files (the WebAssembly module, the lock file), so the worker's fetch is wrapped for
// the start-up: every response body is counted as it is read, whoever reads it. The total comes from the
// manifest (sitebuild/browser_bundle.py writes each file's size), so the page can show 「已下载 3.2 MB / 共 4.6 MB」
// on a slow link instead of a bar that does not move. Nothing is posted before the total is known (whether the
// snapshot is fetched is decided a moment into the download).
const download = { received: 0, total: 0, posted: 0 };
const POST_EVERY_MS = 100; // often enough to move the bar, rarely enough not to flood the page

function postDownload(force = false) {
  const now = performance.now();
  if (!download.total || (!force && now - download.posted < POST_EVERY_MS)) return;
  download.posted = now;
  send({ type: "download", received: Math.min(download.received, download.total), total: download.total });
}

function counted(response) {
  if (!response.body) return response;
  const counter = new TransformStream({
    transform(chunk, controller) {
      download.received += chunk.byteLength;
      postDownload();
      controller.enqueue(chunk);
    },
    flush() {
      postDownload(true);
    },
  });
  // The same status and headers (WebAssembly.instantiateStreaming needs the wasm MIME type), the body counted.
  return new Response(response.body.pipeThrough(counter), {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
}

// Files the worker has already fetched and checked, by URL: Pyodide's own fetch of them is answered from here
// (the trimmed standard library, which the worker times and checks before Pyodide asks for it).
const fetched = new Map();
const nativeFetch = self.fetch.bind(self);
function countDownloads() {
  self.fetch = async (resource, options) => {
    const bytes = fetched.get(String(resource instanceof Request ? resource.url : resource));
    if (bytes) return new Response(await bytes);
    return counted(await nativeFetch(resource, options));
  };
}

function stopCountingDownloads() {
  self.fetch = nativeFetch;
}

async function fetchOrFail(url, what) {
  const response = await self.fetch(url);
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} for ${url}`);
  return response;
}

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The bytes at `url`, requested now and checked later, when the manifest that names their SHA-256 is in.
 * @param {URL | string} url
 * @param {string} what
 * @returns {Promise<Uint8Array>}
 */
function requestBytes(url, what) {
  const bytes = fetchOrFail(url, what).then((response) => response.arrayBuffer()).then((b) => new Uint8Array(b));
  bytes.catch(() => {}); // awaited later; a failure is reported there, not as an unhandled rejection
  return bytes;
}

/**
 * The bytes of `file` in the package folder, refused unless their SHA-256 is the one the manifest gives; those
 * requested early are used when the manifest names the same file.
 * @param {{file: string, sha256: string}} expected
 * @param {{file: string, bytes: Promise<Uint8Array>} | null} early
 * @param {string} what
 */
function verifiedBytes(expected, early, what) {
  const bytes = early && expected.file === early.file ? early.bytes
    : requestBytes(new URL(expected.file, packageDir), what);
  const verified = bytes.then(async (b) => {
    const hex = await sha256Hex(b);
    if (hex !== expected.sha256) throw new Error(`${what} does not match its manifest (${hex} ≠ ${expected.sha256})`);
    return b;
  });
  verified.catch(() => {});
  return verified;
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// ---- Whether the snapshot pays: the link, timed on the standard library ---------------------------------
// The memory snapshot saves Python's start-up (sitebuild/browser_bundle.py says how much) and costs its download
// (4 MB and more); a link that brings it in less time than it saves is worth it, a slower one is not. The trimmed
// standard library, which every start fetches first, is the measure: the snapshot is fetched when the library
// came at the manifest's fetch_above_bytes_per_second or faster, counted from the request (on a slow or distant
// link the wait for the first byte is time too). A slower link is known without waiting for the whole library:
// once the time the library may take has passed, the answer is no, and Pyodide starts fetching the rest.
async function linkIsFast(stdlib, requested, bytes, fastEnough) {
  // Counted from the request, which went out before the manifest came. setTimeout takes at most 2^31 - 1 ms
  // (about 25 days); a longer delay would fire at once.
  const deadline = Math.min(Math.max(0, requested + (bytes / fastEnough) * 1000 - performance.now()), 2 ** 31 - 1);
  const arrived = stdlib.then(() => performance.now(), () => performance.now());
  const fast = await Promise.race([arrived.then(() => true), sleep(deadline).then(() => false)]);
  // The rate itself, for the ready message, once the library is in (which start-up waits for anyway).
  const bytesPerSecond = arrived.then((at) => Math.round((bytes * 1000) / Math.max(1, at - requested)));
  return { fast, bytesPerSecond };
}

// ---- The memory snapshot: downloaded once, or made here, then kept in this browser ----------------------
// The snapshot ships gzipped (about a fifth of its size) and is unpacked here with the browser's own
// DecompressionStream, so no server set-up is needed. The gzipped file is checked against the manifest while it
// is unpacked (the hash runs on the compressed bytes, a fifth of the work); gzip's own checksum covers the rest.
// A snapshot that could not be fetched at all (no network: a training room's browser that kept the site with
// 离线使用, which leaves the snapshot out; or the link dropped). Only a shortcut is lost: Python starts anew. A
// snapshot that arrives but does not match its manifest is another matter, and stops start-up visibly.
class SnapshotUnreachable extends Error {}

async function downloadedSnapshot(snapshot) {
  let response;
  try {
    response = await fetchOrFail(new URL(snapshot.file, packageDir), "snapshot");
  } catch (error) {
    throw new SnapshotUnreachable(String(error));
  }
  const [forHash, forUnpacking] = response.body.tee();
  const [hex, unpacked] = await Promise.all([
    new Response(forHash).arrayBuffer().then(sha256Hex),
    new Response(forUnpacking.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer(),
  ]);
  if (hex !== snapshot.gzip_sha256) {
    throw new Error(`snapshot does not match its manifest (${hex} ≠ ${snapshot.gzip_sha256})`);
  }
  if (unpacked.byteLength !== snapshot.bytes) {
    throw new Error(`snapshot does not match its manifest (${unpacked.byteLength} bytes ≠ ${snapshot.bytes})`);
  }
  return new Uint8Array(unpacked);
}

// A later visit reads the unpacked snapshot from the origin private file system (a synchronous read in this
// worker, a few milliseconds) instead of downloading and unpacking it again, or starting Python anew: most of a
// warm start-up. One snapshot is kept, under one of two names the manifest gives: the SHA-256 of the site's
// snapshot (checked before it was stored, and read only at its size), or device_snapshot for one made here by
// this worker (named after the runtime, standard library, package and worker that made it, so another version
// never finds it). Storage that is missing, refused (private windows) or holds nothing usable just means the
// longer start.
const STORE_DIRECTORY = "calculators-snapshot";

async function storeDirectory(create) {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(STORE_DIRECTORY, { create });
}

async function readStored(directory, name, size) {
  try {
    const access = await (await directory.getFileHandle(name)).createSyncAccessHandle();
    try {
      const bytes = new Uint8Array(size ?? access.getSize());
      if (bytes.length === 0 || access.getSize() !== bytes.length) return null;
      return access.read(bytes, { at: 0 }) === bytes.length ? bytes : null;
    } finally {
      access.close();
    }
  } catch {
    return null;
  }
}

async function storedSnapshot(manifest) {
  let directory;
  try {
    directory = await storeDirectory(false);
  } catch {
    return null;
  }
  const downloaded = await readStored(directory, manifest.snapshot.sha256, manifest.snapshot.bytes);
  if (downloaded) return { name: manifest.snapshot.sha256, bytes: downloaded };
  const made = await readStored(directory, manifest.device_snapshot);
  return made ? { name: manifest.device_snapshot, bytes: made } : null;
}

// Keeps this snapshot under `name` and removes any other (an older version's, or a copy cut short), after
// start-up, so it never delays an answer. It is written under a temporary name and renamed when complete, so a
// tab closed mid-write never leaves a file under the name that is read; without rename (move) support nothing
// is kept.
/**
 * @param {string} name
 * @param {Uint8Array} bytes
 */
async function storeSnapshot(name, bytes) {
  const directory = await storeDirectory(true);
  // Only called when no usable copy was found, so whatever the folder holds goes.
  const names = [];
  for await (const entry of directory.keys()) names.push(entry);
  for (const entry of names) await directory.removeEntry(entry);
  // move() is Chromium's and not yet in TypeScript's DOM types, hence the cast.
  const file = /** @type {FileSystemFileHandle & { move?: (name: string) => Promise<void> }} */ (
    await directory.getFileHandle(`${name}.partial`, { create: true })
  );
  if (typeof file.move !== "function") return false;
  const access = await file.createSyncAccessHandle();
  try {
    access.truncate(0);
    access.write(bytes, { at: 0 });
    access.flush();
  } finally {
    access.close();
  }
  await file.move(name);
  return true;
}

async function forgetStored(name) {
  try {
    await (await storeDirectory(false)).removeEntry(name);
  } catch {
    // nothing to forget
  }
}

// Pyodide 0.29 reports a failed WebAssembly download or instantiation only on the console and leaves
// loadPyodide() pending for ever; this turns that report into a failure of the attempt under way.
/** @type {(error: Error) => void} */
let instantiationFailed = () => {};
for (const level of ["warn", "error"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    original(...args);
    if (String(args[0]).includes("wasm instantiation failed")) instantiationFailed(new Error(args.map(String).join(" ")));
  };
}

function whenInstantiationFails() {
  return new Promise((_, reject) => { instantiationFailed = reject; });
}

// What the snapshot the build makes (sitebuild/make_snapshot.mjs) holds beyond the first answer: every
// calculator run once, so what each imports and the rules each reads are in memory. A snapshot made here does
// the same before it is taken.
const WARM_UP = `
import json
from calculators.browser import CALCULATORS, handle
for name in CALCULATORS:
    json.loads(handle(name, "{}"))
`;

// Python, from `snapshotBytes` (a promise of the unpacked snapshot) or, without, started anew on the trimmed
// standard library, ready for makeMemorySnapshot() later. packageBaseUrl points at the site itself, so nothing
// is ever fetched from a CDN. A standard library that fails its check stops the start.
function loadPython(loadPyodide, lock, stdlibURL, stdlib, snapshotBytes) {
  // The lock file comes with the manifest, emptied of packages the calculators never load (runtime_lock() in
  // sitebuild/browser_bundle.py), so Pyodide fetches none.
  const options = { indexURL: runtimeURL, packageBaseUrl: runtimeURL, stdLibURL: stdlibURL, lockFileContents: lock };
  if (snapshotBytes) options._loadSnapshot = snapshotBytes;
  else options._makeSnapshot = true;
  return Promise.race([loadPyodide(options), whenInstantiationFails(), stdlib.then(() => new Promise(() => {}))]);
}

// Start-up: Python restored from a memory snapshot kept in this browser, or downloaded when the link is fast
// enough for it to pay, or else started anew from the trimmed standard library (compiled, so there is less to
// do) — and then a snapshot is made here, once the worker is idle, for the next visit.
async function start() {
  if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available in this browser");
  progress("runtime");
  countDownloads();
  // Everything every start needs is requested at once: Pyodide's module, the manifest, the standard library
  // and the package. One after the other they would cost three more round trips (0.45 s on a 150 ms link)
  // before the large downloads begin.
  const runtime = import("../pyodide/pyodide.mjs");
  const requested = performance.now();
  const early = {
    stdlib: { file: STDLIB_FILE, bytes: requestBytes(new URL(STDLIB_FILE, packageDir), "standard library") },
    package: { file: PACKAGE_FILE, bytes: requestBytes(new URL(PACKAGE_FILE, packageDir), "calculators package") },
  };
  const manifest = await (await fetchOrFail(new URL("manifest.json", packageDir), "manifest")).json();
  const { loadPyodide, version: runtimeVersion } = await runtime;
  const { snapshot } = manifest;
  // A snapshot fits only the runtime, package and standard library that made it: a mismatch stops start-up
  // and is shown, never papered over.
  if (snapshot.pyodide !== runtimeVersion || snapshot.package_sha256 !== manifest.package_sha256 ||
      snapshot.stdlib_sha256 !== manifest.stdlib.sha256) {
    throw new Error(`the snapshot was made for Pyodide ${snapshot.pyodide}, package ${snapshot.package_sha256} ` +
      `and standard library ${snapshot.stdlib_sha256}; this is Pyodide ${runtimeVersion}, package ` +
      `${manifest.package_sha256} and standard library ${manifest.stdlib.sha256}`);
  }
  const stdlibURL = new URL(manifest.stdlib.file, packageDir).href;
  const stdlib = verifiedBytes(manifest.stdlib, early.stdlib, "standard library");
  fetched.set(stdlibURL, stdlib); // from now on, Pyodide's request for it gets these bytes
  const packageBytes = verifiedBytes(
    { file: manifest.package, sha256: manifest.package_sha256 }, early.package, "calculators package");

  const stored = await storedSnapshot(manifest);
  let link = { fast: false, bytesPerSecond: Promise.resolve(null) };
  if (!stored) link = await linkIsFast(stdlib, requested, manifest.stdlib.bytes, snapshot.fetch_above_bytes_per_second);
  // A snapshot kept in this browser, or not worth its download, is not fetched, so it is not part of the total.
  download.total = manifest.download_bytes.runtime + manifest.download_bytes.package + (link.fast ? snapshot.gzip_bytes : 0);
  postDownload(true);

  let pyodide;
  /** @type {Ready["snapshot"]} */
  let source;
  if (stored) {
    try {
      pyodide = await loadPython(loadPyodide, manifest.lock, stdlibURL, stdlib, Promise.resolve(stored.bytes));
      source = "stored";
    } catch (error) {
      // A kept copy is only a shortcut: one that does not restore (cut short, damaged) is dropped, and Python
      // starts anew; the next idle moment keeps a good one.
      console.info("calculators: the kept snapshot was refused:", String(error));
      await forgetStored(stored.name);
    }
  }
  let snapshotBytes = null;
  if (!pyodide && link.fast) {
    snapshotBytes = downloadedSnapshot(snapshot);
    const unreachable = snapshotBytes.then(() => false, (error) => error instanceof SnapshotUnreachable);
    try {
      pyodide = await loadPython(loadPyodide, manifest.lock, stdlibURL, stdlib, snapshotBytes);
      source = "downloaded";
    } catch (error) {
      if (!(await unreachable)) throw error;
      console.info("calculators: the snapshot could not be fetched; Python starts anew:", String(error));
      download.total -= snapshot.gzip_bytes;
    }
  }
  if (!pyodide) {
    pyodide = await loadPython(loadPyodide, manifest.lock, stdlibURL, stdlib, null);
    source = "none";
  }
  stopCountingDownloads();
  postDownload(true);
  progress("package");
  // The snapshot holds Python's memory, not its files: the package's files are unpacked again for anything
  // that reads them later.
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(await packageBytes, "zip", { extractDir: sitePackages });
  progress("import");
  const handle = pyodide.pyimport("calculators.browser").handle;
  /** @type {Ready} */
  const ready = {
    type: "ready", pyodide: pyodide.version, package_sha256: manifest.package_sha256, snapshot: source,
    link_bytes_per_second: await link.bytesPerSecond,
  };
  let keep = null;
  if (source === "downloaded") keep = () => snapshotBytes.then((bytes) => storeSnapshot(snapshot.sha256, bytes));
  if (source === "none") {
    keep = async () => {
      await storeDirectory(true); // no storage (a private window): no snapshot made for nothing
      return storeSnapshot(manifest.device_snapshot, snapshotOf(pyodide));
    };
  }
  return { python: { handle, pyodide, manifest, sitePackages }, ready, keep };
}

// The snapshot of this Python, as the build makes it: it was started with _makeSnapshot and nothing the
// calculators do leaves a JavaScript object in Python's hands, so its memory can be taken as it is.
function snapshotOf(pyodide) {
  pyodide.runPython(WARM_UP);
  return pyodide.makeMemorySnapshot();
}

// Making and keeping a snapshot here takes the worker about a second; it waits for a moment without requests
// after start-up or the last answer (IDLE_MS), so it never delays an answer the reader is waiting for.
const IDLE_MS = 1000;
let idle = { timer: null, work: null };

function whenIdle(work) {
  idle.work = work;
  rearmIdle();
}

function rearmIdle() {
  clearTimeout(idle.timer);
  if (!idle.work) return;
  idle.timer = setTimeout(() => {
    const work = idle.work;
    idle = { timer: null, work: null };
    work();
  }, IDLE_MS);
}

// Resolves to Python with the calculators' entry point. The snapshot bytes (21 MB) are let go once they are
// stored; `keeping` settles when that is done (or given up), so nothing is added to Python before a snapshot of
// the calculators alone is taken.
let keeping = Promise.resolve();
const started = start().then(({ python, ready, keep }) => {
  send(ready);
  // Keeping is only a shortcut for the next visit: if it fails, that visit starts the longer way again.
  if (keep) {
    const kept = () => keep().then(
      (done) => done && send({ type: "snapshot-kept" }),
      (error) => console.info("calculators: the snapshot was not kept:", String(error)),
    );
    if (ready.snapshot === "none") keeping = new Promise((resolve) => { whenIdle(() => kept().finally(resolve)); });
    else keeping = kept();
  }
  return python;
});
started.catch((error) => send({
  type: "failed",
  detail: String(error && error.stack ? error.stack : error),
}));

// ---- Excel workbooks, for the batch page only ------------------------------------------------------------
// openpyxl's wheels and the library modules they need (sitebuild/browser_bundle.py), fetched when the batch page
// asks (a PrepareRequest) and checked against the manifest, then added to Python. The library modules go on
// sys.path as a zip of their own, after the trimmed library. A failure is forgotten, so the next request tries
// again (a dropped Wi-Fi link); until then a workbook gets the calculators' own message, and CSV files work.
const WORKBOOK_LIBRARY = "/lib/workbook-stdlib.zip";
/** @type {Promise<void> | null} */
let workbook = null;

function workbookSupport() {
  if (!workbook) {
    workbook = started.then(async ({ pyodide, manifest, sitePackages }) => {
      const { stdlib, wheels } = manifest.workbook;
      const files = await Promise.all([stdlib, ...wheels].map((entry) => verifiedBytes(entry, null, entry.file)));
      await keeping;
      pyodide.FS.writeFile(WORKBOOK_LIBRARY, files[0]);
      for (const wheel of files.slice(1)) pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
      pyodide.runPython(`import sys
sys.path.append("${WORKBOOK_LIBRARY}")
import openpyxl`);
    });
    workbook.catch((error) => {
      console.info("calculators: the workbook support did not load:", String(error));
      workbook = null;
    });
  }
  return workbook;
}

// The requests that read or write a workbook wait for it; a CSV file never does. A workbook's bytes begin with
// "PK\x03\x04", which base64 writes as "UEsDB".
function needsWorkbook(calculator, inputs) {
  if (calculator === "ratio-batch-workbook") return true;
  return calculator === "ratio-batch" && typeof inputs.data_base64 === "string" && inputs.data_base64.startsWith("UEsDB");
}

self.onmessage = async (/** @type {MessageEvent<CalculationRequest | PrepareRequest>} */ { data }) => {
  if ("type" in data) {
    if (data.support === "workbook") workbookSupport();
    return;
  }
  const { id, calculator, inputs } = data;
  let handle;
  try {
    ({ handle } = await started);
  } catch (error) {
    send({ id, type: "error", reason: "not-loaded", detail: String(error) });
    return;
  }
  try {
    if (needsWorkbook(calculator, inputs ?? {})) await workbookSupport().catch(() => {});
    const working = (done, total) => send({ id, type: "working", done, total });
    send({ id, type: "result", result: JSON.parse(handle(calculator, JSON.stringify(inputs ?? {}), working)) });
  } catch (error) {
    send({ id, type: "error", reason: "unexpected", detail: String(error) });
  } finally {
    rearmIdle();
  }
};
