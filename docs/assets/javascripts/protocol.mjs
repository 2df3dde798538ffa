// The page ↔ calculator worker protocol: the one place it is written down. calculator-worker.mjs sends and
// receives these messages, calculators/worker-client.mjs is the other side; both refer to the types here
// (`make lint` checks them with tsc). Inputs and results are exactly calculators.browser.handle()'s JSON, so the browser and pytest
// share one form. The module holds types only; it exports nothing at run time.
//
// Worker → page, during start-up, in this order: Progress (for each step), Download (during the "runtime"
// step, as the files arrive), then Ready and, later, SnapshotKept; or Failed if start-up fails.
// Page → worker, once ready (requests sent earlier wait for start-up): CalculationRequest; and, from the batch
// page, a PrepareRequest, which has no answer: the worker adds what it names to Python (fetched, checked) and
// the requests that need it wait for it.
// Worker → page, one per CalculationRequest: Answer (Result, or RuntimeError when the runtime itself failed),
// after any number of Working messages from a long calculation (the batch check) saying how far it has got.
// The worker holds no words: it says which step, failure or error it is, and the page words it for the reader
// (sitebuild/page_words.toml, [calculators]). The calculators' own answers are worded by Python.

/**
 * A start-up step; the page words each (progress.runtime … in [calculators]).
 * @typedef {object} Progress
 * @property {"progress"} type
 * @property {"runtime" | "package" | "import"} step
 */

/**
 * Bytes received of the bytes this visit has to fetch. `total` comes from the manifest:
 * download_bytes.runtime + download_bytes.package, and snapshot.gzip_bytes when the snapshot is downloaded;
 * `received` is counted as the bytes are read.
 * @typedef {object} Download
 * @property {"download"} type
 * @property {number} received
 * @property {number} total
 */

/**
 * Python is up. `snapshot` says where its memory came from: this browser's storage, the site, or nowhere
 * (Python started anew, on a link too slow for the snapshot to pay). `link_bytes_per_second` is how fast the
 * trimmed standard library came, which decided; null when a kept snapshot made the question moot.
 * @typedef {object} Ready
 * @property {"ready"} type
 * @property {string} pyodide the runtime's version
 * @property {string} package_sha256 the hash of the calculators zip
 * @property {"stored" | "downloaded" | "none"} snapshot
 * @property {number | null} link_bytes_per_second
 */

/**
 * After Ready, once this browser keeps a snapshot for the next visit: the one downloaded, or, after
 * snapshot "none", one made here once the worker has been idle for a moment.
 * @typedef {object} SnapshotKept
 * @property {"snapshot-kept"} type
 */

/**
 * Start-up failed; `detail` is the technical reason (the page tells the reader its words for `failed`).
 * @typedef {object} Failed
 * @property {"failed"} type
 * @property {string} detail
 */

/**
 * The calculators, the batch check's follow-up requests (a page of its units, its CSV, its workbook) and the
 * check of a record's rules version.
 * @typedef {"ratio" | "grade" | "allowance" | "ratio-batch" | "ratio-batch-rows" | "ratio-batch-csv"
 *   | "ratio-batch-workbook" | "selfcheck" | "record-rules"} CalculatorName
 */

/**
 * A calculation the page asks for; `inputs` are the calculator's parameters by name.
 * @typedef {object} CalculationRequest
 * @property {number} id
 * @property {CalculatorName} calculator
 * @property {Record<string, unknown>} inputs
 */

/**
 * Add optional support to Python ahead of need: "workbook" is the reading and writing of Excel workbooks
 * (openpyxl and the library modules it needs), which only the batch page asks for.
 * @typedef {object} PrepareRequest
 * @property {"prepare"} type
 * @property {"workbook"} support
 */

/**
 * What the page shows of a valid result above its steps, worded by Python (calculators/display.py): the
 * verdict's outcome (icon and colour) and heading, and the figures under it as [term, value] rows.
 * @typedef {object} Display
 * @property {"met" | "not-met" | "not-applicable" | "incomplete" | "info"} outcome
 * @property {string} title
 * @property {[string, string][]} figures
 */

/**
 * The calculator's JSON: `{ ok: true, display, … }` or `{ ok: false, errors: [...] }`.
 * @typedef {{ ok: boolean, display?: Display, [field: string]: any }} CalculatorResult
 */

/**
 * @typedef {object} Result
 * @property {number} id the request's
 * @property {"result"} type
 * @property {CalculatorResult} result
 */

/**
 * How far a long calculation has got: `done` of `total` (rows of the batch check's file).
 * @typedef {object} Working
 * @property {number} id the request's
 * @property {"working"} type
 * @property {number} done
 * @property {number} total
 */

/**
 * The runtime itself failed to answer a request: Python never started ("not-loaded"), or the call threw
 * ("unexpected"); the page words each. `detail` is the technical reason.
 * @typedef {object} RuntimeError
 * @property {number} id the request's
 * @property {"error"} type
 * @property {"not-loaded" | "unexpected"} reason
 * @property {string} detail
 */

/** @typedef {Progress | Download | Ready | SnapshotKept | Failed} StartUpMessage */
/** @typedef {Result | RuntimeError} Answer */
/** @typedef {StartUpMessage | Working | Answer} WorkerMessage */

export {};
