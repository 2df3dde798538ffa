// The page's side of the one Web Worker that runs Python for every calculator (the protocol's types:
// ../protocol.mjs). The worker is created once per visit and kept in this module: Material's instant navigation
// swaps the page content without reloading scripts, so the worker (and Python in it) survives page changes and
// the second calculator a reader opens is ready at once. Pages without a calculator never start it.

/** @typedef {import("../protocol.mjs").WorkerMessage} WorkerMessage */
/** @typedef {import("../protocol.mjs").CalculationRequest} CalculationRequest */

import { wording, words } from "../dom.mjs";

const say = wording("calculators");

const WORKER_URL = new URL("../calculator-worker.mjs", import.meta.url);
export const PROGRESS_STEPS = ["runtime", "package", "import"]; // the worker's start-up steps, in order

// ---- The runtime: one worker, one ready promise -----------------------------------------------------
export const runtime = {
  worker: null,
  state: "idle", // idle → loading → ready | failed
  starts: 0,
  message: "",
  pending: new Map(),
  nextId: 1,
  listeners: new Set(),
};

function notify() {
  for (const listener of runtime.listeners) listener();
  // site.js waits for this before storing the site for offline use, which would compete with start-up.
  if (runtime.state === "ready" || runtime.state === "failed") document.dispatchEvent(new Event("jm:runtime-settled"));
}

export function start() {
  if (runtime.worker) return;
  runtime.starts += 1;
  runtime.state = "loading";
  runtime.message = say("loading");
  notify();
  try {
    runtime.worker = new Worker(WORKER_URL, { type: "module" });
    // The search index waits for the runtime once it has started (overrides/partials/search-after-python.js).
    document.dispatchEvent(new Event("jm:runtime-started"));
  } catch (error) {
    fail(say("browser_too_old"), error);
    return;
  }
  runtime.worker.onmessage = (/** @type {MessageEvent<WorkerMessage>} */ { data }) => {
    if (data.type === "progress") {
      // The worker says which step it is at; the page words it (page_words.toml, [calculators] progress).
      runtime.message = words("calculators", "progress")[data.step];
      runtime.step = PROGRESS_STEPS.indexOf(data.step) + 1;
      notify();
    } else if (data.type === "download") {
      runtime.download = { received: data.received, total: data.total };
      notify();
    } else if (data.type === "ready") {
      runtime.state = "ready";
      runtime.message = "";
      runtime.info = data;
      notify();
    } else if (data.type === "snapshot-kept") {
      runtime.snapshotKept = true;
    } else if (data.type === "failed") {
      fail(say("failed"), data.detail);
    } else if (data.type === "working") {
      const request = runtime.pending.get(data.id);
      if (request && request.onWorking) request.onWorking(data.done, data.total);
    } else if (runtime.pending.has(data.id)) {
      const { resolve, reject } = runtime.pending.get(data.id);
      runtime.pending.delete(data.id);
      if (data.type === "result") resolve(data.result);
      else reject(new Error(data.reason === "not-loaded" ? say("not_loaded") : say("unexpected")));
    }
  };
  runtime.worker.onerror = (event) => {
    event.preventDefault();
    fail(say("failed"), event.message);
  };
}

function fail(message, detail) {
  runtime.state = "failed";
  runtime.message = message;
  if (detail) console.error("calculators:", detail);
  for (const { reject } of runtime.pending.values()) reject(new Error(message));
  runtime.pending.clear();
  notify();
}

/**
 * @param {CalculationRequest["calculator"]} calculator
 * @param {CalculationRequest["inputs"]} inputs
 * @param {(done: number, total: number) => void} [onWorking] hears how far a long calculation has got
 * @returns {Promise<import("../protocol.mjs").CalculatorResult>}
 */
export function run(calculator, inputs, onWorking) {
  start();
  if (runtime.state === "failed") return Promise.reject(new Error(runtime.message));
  const id = runtime.nextId++;
  return new Promise((resolve, reject) => {
    runtime.pending.set(id, { resolve, reject, onWorking });
    /** @type {CalculationRequest} */
    const request = { id, calculator, inputs };
    runtime.worker.postMessage(request);
  });
}

/**
 * Ask the worker to add optional support to Python once it is up (the batch page: Excel workbooks), so it is
 * there by the time the reader has chosen a file. No answer: the requests that need it wait for it.
 * @param {import("../protocol.mjs").PrepareRequest["support"]} support
 */
export function prepare(support) {
  start();
  if (runtime.state === "failed") return;
  /** @type {import("../protocol.mjs").PrepareRequest} */
  const request = { type: "prepare", support };
  runtime.worker.postMessage(request);
}

// A small public handle, for the tests and for anyone scripting the page.
window.jmCalculators = {
  run,
  start,
  get state() { return runtime.state; },
  get starts() { return runtime.starts; },
  // Where Python's memory came from: "stored" (this browser) | "downloaded" (the site) | "none" (a slow link:
  // started anew, and a snapshot is made here for the next visit)
  get snapshot() { return runtime.info ? runtime.info.snapshot : null; },
  get snapshotKept() { return runtime.snapshotKept === true; }, // a snapshot is stored for the next visit
  get link() { return runtime.info ? runtime.info.link_bytes_per_second : null; }, // bytes/s, as the worker timed it
  get download() { return runtime.download ? { ...runtime.download } : null; }, // { received, total } bytes
};
