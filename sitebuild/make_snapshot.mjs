// Makes the memory snapshot the calculators' worker starts from on a fast link: Python started on the trimmed
// standard library (sitebuild/trim_stdlib.mjs), the calculators package unpacked and imported, every calculator
// run once (so what they import and the rules they read are in memory). Restoring it in the browser skips
// Python's start-up. It fits only the library it was made with (zipimport's table of contents is in memory).
//
// Pyodide's snapshot API is experimental (`_makeSnapshot`, `makeMemorySnapshot`, `_loadSnapshot`): a snapshot
// only fits the exact runtime that made it, so it is made at build time from the pinned npm package the site
// ships, and the worker refuses one made by another version (sitebuild/browser_bundle.py writes the manifest).
//
// The worker makes the same snapshot on the reader's device when it started without one (calculator-worker.mjs).
//
// Usage: node make_snapshot.mjs <calculators.zip> <stdlib.zip> <output file>
// Prints {"pyodide": "<version>", "bytes": <size>} on standard output.

import { readFile, writeFile } from "node:fs/promises";
import { loadPyodide, version } from "pyodide";

const [packagePath, stdlibPath, outputPath] = process.argv.slice(2);
if (!packagePath || !stdlibPath || !outputPath) {
  console.error("usage: node make_snapshot.mjs <calculators.zip> <stdlib.zip> <output file>");
  process.exit(2);
}

const pyodide = await loadPyodide({ _makeSnapshot: true, stdLibURL: stdlibPath });
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
// A Node Buffer must be wrapped in a Uint8Array for unpackArchive.
pyodide.unpackArchive(new Uint8Array(await readFile(packagePath)), "zip", { extractDir: sitePackages });
pyodide.runPython(`
import json
from calculators.browser import CALCULATORS, handle

# One call of each calculator, valid or not, loads its modules and rules before the snapshot is taken.
for name in CALCULATORS:
    json.loads(handle(name, "{}"))
json.loads(handle("ratio", json.dumps({"org_type": "sw-org", "total": "11", "social_work": "7"})))
`);
const snapshot = pyodide.makeMemorySnapshot();
await writeFile(outputPath, snapshot);
process.stdout.write(JSON.stringify({ pyodide: version, bytes: snapshot.length }));
