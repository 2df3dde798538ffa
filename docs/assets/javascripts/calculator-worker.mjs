// The calculators' Web Worker: Python (Pyodide) runs here, never on the page's main thread.
//
// ---- Protocol (the one place it is written down; calculators.js is the other side) ----------------------
// Worker → page, during start-up, in this order:
//   { type: "progress", step: "runtime" | "package" | "import", message: "<Chinese text for the user>" }
//   { type: "ready", pyodide: "<runtime version>", package_sha256: "<hash of the calculators zip>" }
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

async function fetchOrFail(url, what) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} for ${url}`);
  return response;
}

// The bytes at `url` (gunzipped first if `gzipped`), refused unless their SHA-256 is the one the manifest gives.
async function verifiedBytes(url, expectedSha256, what, gzipped = false) {
  const response = await fetchOrFail(url, what);
  const body = gzipped ? new Response(response.body.pipeThrough(new DecompressionStream("gzip"))) : response;
  const bytes = await body.arrayBuffer();
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== expectedSha256) throw new Error(`${what} does not match its manifest (${hex} ≠ ${expectedSha256})`);
  return new Uint8Array(bytes);
}

// Pyodide 314 reports a failed WebAssembly download or instantiation only on the console and leaves
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
  progress("runtime", "正在加载计算引擎（Python 运行环境，首次需要下载，之后从缓存读取）…");
  const manifest = await (await fetchOrFail(new URL("manifest.json", packageDir), "manifest")).json();
  const { snapshot } = manifest;
  // A snapshot fits only the runtime and package that made it: a mismatch stops start-up and is shown,
  // never papered over.
  if (snapshot.pyodide !== runtimeVersion || snapshot.package_sha256 !== manifest.package_sha256) {
    throw new Error(`the snapshot was made for Pyodide ${snapshot.pyodide} and package ${snapshot.package_sha256}; ` +
      `this is Pyodide ${runtimeVersion} and package ${manifest.package_sha256}`);
  }
  const snapshotBytes = verifiedBytes(new URL(snapshot.file, packageDir), snapshot.sha256, "snapshot", true);
  const packageBytes = verifiedBytes(new URL(manifest.package, packageDir), manifest.package_sha256, "calculators package");
  packageBytes.catch(() => {}); // awaited below; a failure then is reported there, not as an unhandled rejection
  // packageBaseUrl points at the site itself, so nothing is ever fetched from a CDN.
  const pyodide = await Promise.race([
    loadPyodide({ indexURL: runtimeURL, packageBaseUrl: runtimeURL, _loadSnapshot: snapshotBytes }),
    whenInstantiationFails(),
  ]);
  progress("package", "正在载入本站的计算规则…");
  // The snapshot holds Python's memory, not its files: the package's files are unpacked again for anything
  // that reads them later.
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(await packageBytes, "zip", { extractDir: sitePackages });
  progress("import", "正在准备计算器…");
  const handle = pyodide.pyimport("calculators.browser").handle;
  return { handle, ready: { type: "ready", pyodide: pyodide.version, package_sha256: manifest.package_sha256 } };
}

const started = start();
started.then(
  ({ ready }) => postMessage(ready),
  (error) => postMessage({
    type: "failed",
    message: "计算引擎无法加载：可能是浏览器版本过旧、WebAssembly 被禁用，或网络中断。下方的规则表仍可查阅。",
    detail: String(error && error.stack ? error.stack : error),
  }),
);

self.onmessage = async ({ data }) => {
  const { id, calculator, inputs } = data;
  let handle;
  try {
    ({ handle } = await started);
  } catch (error) {
    postMessage({ id, type: "error", message: "计算引擎没有加载成功，无法计算。", detail: String(error) });
    return;
  }
  try {
    postMessage({ id, type: "result", result: JSON.parse(handle(calculator, JSON.stringify(inputs ?? {}))) });
  } catch (error) {
    postMessage({ id, type: "error", message: "计算时出现意外错误，请刷新页面后重试。", detail: String(error) });
  }
};
