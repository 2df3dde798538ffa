// The calculators' Web Worker: Python (Pyodide) runs here, never on the page's main thread.
//
// ---- Protocol (the one place it is written down; calculators.js is the other side) ----------------------
// Worker → page, during start-up, in this order:
//   { type: "progress", step: "runtime" | "package" | "import", message: "<Chinese text for the user>" }
//   { type: "download", received: <bytes>, total: <bytes> }   (during the "runtime" step, as the files arrive;
//     total is what this visit has to fetch, from the manifest; received is counted as the bytes are read)
//   { type: "ready", pyodide: "<runtime version>", package_sha256: "<hash of the calculators zip>",
//     snapshot: "stored" | "downloaded" }   (where the memory snapshot came from: this browser's storage or the site)
//   { type: "snapshot-kept" }   (after "ready", once a downloaded snapshot is stored for the next visit)
//   or, if start-up fails:
//   { type: "failed", message: "<Chinese text for the user>", detail: "<technical reason>" }
// Page → worker, once ready (requests sent earlier wait for start-up):
//   { id: <number>, calculator: "ratio" | "grade" | "allowance" | "ratio-batch", inputs: { <parameter>: <value> } }
// Worker → page, one per request:
//   { id, type: "result", result: <the calculator's JSON: { ok: true, … } or { ok: false, errors: [...] }> }
//   { id, type: "error", message: "<Chinese text>", detail: "<technical reason>" }   (the runtime itself failed)
// Inputs and results are exactly calculators.browser.handle()'s JSON, so the browser and pytest share one form.
// ------------------------------------------------------------------------------------------------------------

import { loadPyodide, version as runtimeVersion } from "../pyodide/pyodide.mjs";

const runtimeURL = new URL("../pyodide/", import.meta.url).href;
const packageDir = new URL("../calculators/", import.meta.url);

function progress(step, message) {
  postMessage({ type: "progress", step, message });
}

// ---- Download progress: bytes received of the bytes this visit has to fetch ------------------------------
// Pyodide fetches its own files (the WebAssembly module, the standard library, the lock file), so the worker's
// fetch is wrapped for the start-up: every response body is counted as it is read, whoever reads it. The total
// comes from the manifest (sitebuild/browser_bundle.py writes each file's size), so the page can show
// 「已下载 3.2 MB / 共 14.5 MB」 on a slow link instead of a bar that does not move.
const download = { received: 0, total: 0, posted: 0 };
const POST_EVERY_MS = 100; // often enough to move the bar, rarely enough not to flood the page

function postDownload(force = false) {
  const now = performance.now();
  if (!force && now - download.posted < POST_EVERY_MS) return;
  download.posted = now;
  postMessage({ type: "download", received: Math.min(download.received, download.total), total: download.total });
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

const nativeFetch = self.fetch.bind(self);
function countDownloads(total) {
  download.total = total;
  postDownload(true);
  self.fetch = async (...args) => counted(await nativeFetch(...args));
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

// The bytes at `url`, refused unless their SHA-256 is the one the manifest gives.
async function verifiedBytes(url, expectedSha256, what) {
  const bytes = await (await fetchOrFail(url, what)).arrayBuffer();
  const hex = await sha256Hex(bytes);
  if (hex !== expectedSha256) throw new Error(`${what} does not match its manifest (${hex} ≠ ${expectedSha256})`);
  return new Uint8Array(bytes);
}

// ---- The memory snapshot: downloaded once, then kept in this browser ------------------------------------
// The snapshot ships gzipped (about a quarter of its size) and is unpacked here with the browser's own
// DecompressionStream, so no server set-up is needed. The gzipped file is checked against the manifest while it
// is unpacked (the hash runs on the compressed bytes, a quarter of the work); gzip's own checksum covers the rest.
async function downloadedSnapshot(snapshot) {
  const response = await fetchOrFail(new URL(snapshot.file, packageDir), "snapshot");
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
// worker, a few milliseconds) instead of downloading and unpacking it again: most of a warm start-up. The file is
// named after the SHA-256 of the unpacked snapshot that the manifest gives, so only the snapshot this runtime
// and package were checked against is ever found; it was checked before it was stored. Storage that is missing,
// refused (private windows) or holds a file of the wrong size just means the download path.
const STORE_DIRECTORY = "calculators-snapshot";

async function storeDirectory(create) {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(STORE_DIRECTORY, { create });
}

async function storedSnapshot(snapshot) {
  try {
    const file = await (await storeDirectory(false)).getFileHandle(snapshot.sha256);
    const access = await file.createSyncAccessHandle();
    try {
      if (access.getSize() !== snapshot.bytes) return null;
      const bytes = new Uint8Array(snapshot.bytes);
      return access.read(bytes, { at: 0 }) === snapshot.bytes ? bytes : null;
    } finally {
      access.close();
    }
  } catch {
    return null;
  }
}

// Keeps this snapshot and removes any other (an older version's, or a copy cut short), after start-up, so it
// never delays an answer. It is written under a temporary name and renamed when complete, so a tab closed
// mid-write never leaves a file under the name that is read; without rename (move) support nothing is kept.
async function storeSnapshot(snapshot, bytes) {
  const directory = await storeDirectory(true);
  // Only called when no usable copy was found, so whatever the folder holds goes.
  const names = [];
  for await (const name of directory.keys()) names.push(name);
  for (const name of names) await directory.removeEntry(name);
  const file = await directory.getFileHandle(`${snapshot.sha256}.partial`, { create: true });
  if (typeof file.move !== "function") return false;
  const access = await file.createSyncAccessHandle();
  try {
    access.truncate(0);
    access.write(bytes, { at: 0 });
    access.flush();
  } finally {
    access.close();
  }
  await file.move(snapshot.sha256);
  return true;
}

// Pyodide 0.29 reports a failed WebAssembly download or instantiation only on the console and leaves
// loadPyodide() pending for ever; this turns that report into a failure the page can show.
function whenInstantiationFails() {
  return new Promise((_, reject) => {
    for (const level of ["warn", "error"]) {
      const original = console[level].bind(console);
      console[level] = (...args) => {
        original(...args);
        if (String(args[0]).includes("wasm instantiation failed")) reject(new Error(args.map(String).join(" ")));
      };
    }
  });
}

// Start-up restores Python from the memory snapshot made at build time (sitebuild/make_snapshot.mjs), with the
// calculators already imported, instead of starting Python anew: most of the wait for a first answer.
async function start() {
  if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available in this browser");
  progress("runtime", "正在下载计算器（首次需要下载，之后从本机缓存读取）");
  const manifest = await (await fetchOrFail(new URL("manifest.json", packageDir), "manifest")).json();
  const { snapshot } = manifest;
  // A snapshot fits only the runtime and package that made it: a mismatch stops start-up and is shown,
  // never papered over.
  if (snapshot.pyodide !== runtimeVersion || snapshot.package_sha256 !== manifest.package_sha256) {
    throw new Error(`the snapshot was made for Pyodide ${snapshot.pyodide} and package ${snapshot.package_sha256}; ` +
      `this is Pyodide ${runtimeVersion} and package ${manifest.package_sha256}`);
  }
  const stored = await storedSnapshot(snapshot);
  // A snapshot kept in this browser is not fetched, so it is not part of what there is to download.
  countDownloads(manifest.download_bytes.runtime + manifest.download_bytes.package + (stored ? 0 : snapshot.gzip_bytes));
  const snapshotBytes = stored ? Promise.resolve(stored) : downloadedSnapshot(snapshot);
  snapshotBytes.catch(() => {}); // awaited by loadPyodide; a failure is reported there, not as an unhandled rejection
  const packageBytes = verifiedBytes(new URL(manifest.package, packageDir), manifest.package_sha256, "calculators package");
  packageBytes.catch(() => {});
  // packageBaseUrl points at the site itself, so nothing is ever fetched from a CDN.
  const pyodide = await Promise.race([
    loadPyodide({ indexURL: runtimeURL, packageBaseUrl: runtimeURL, _loadSnapshot: snapshotBytes }),
    whenInstantiationFails(),
  ]);
  stopCountingDownloads();
  postDownload(true);
  progress("package", "正在载入本站的计算规则…");
  // The snapshot holds Python's memory, not its files: the package's files are unpacked again for anything
  // that reads them later.
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(await packageBytes, "zip", { extractDir: sitePackages });
  progress("import", "正在准备计算器…");
  const handle = pyodide.pyimport("calculators.browser").handle;
  const ready = {
    type: "ready", pyodide: pyodide.version, package_sha256: manifest.package_sha256,
    snapshot: stored ? "stored" : "downloaded",
  };
  const keep = stored ? null : () => snapshotBytes.then((bytes) => storeSnapshot(snapshot, bytes));
  return { handle, ready, keep };
}

// Resolves to the calculators' entry point. Only the handle is kept for the worker's life: the snapshot bytes
// (21 MB) are let go once they are stored.
const started = start().then(({ handle, ready, keep }) => {
  postMessage(ready);
  // Storing is only a shortcut for the next visit: if it fails, that visit downloads the snapshot again.
  if (keep) {
    keep().then(
      (kept) => kept && postMessage({ type: "snapshot-kept" }),
      (error) => console.info("calculators: the snapshot was not kept:", String(error)),
    );
  }
  return handle;
});
started.catch((error) => postMessage({
  type: "failed",
  message: "计算器无法加载：可能是浏览器版本过旧，或网络中断。下方的规则表仍可查阅。",
  detail: String(error && error.stack ? error.stack : error),
}));

self.onmessage = async ({ data }) => {
  const { id, calculator, inputs } = data;
  let handle;
  try {
    handle = await started;
  } catch (error) {
    postMessage({ id, type: "error", message: "计算器没有加载成功，无法计算。", detail: String(error) });
    return;
  }
  try {
    postMessage({ id, type: "result", result: JSON.parse(handle(calculator, JSON.stringify(inputs ?? {}))) });
  } catch (error) {
    postMessage({ id, type: "error", message: "计算时出现意外错误，请刷新页面后重试。", detail: String(error) });
  }
};
