// Runs the calculators' scenario files inside real Pyodide under Node, from the pinned npm `pyodide` package, on
// the trimmed standard library the site ships (sitebuild/trim_stdlib.mjs).
//
// Reads one JSON object on standard input:
//   { "package": "<path of the calculators zip>", "stdlib": "<path of the trimmed standard library zip>",
//     "runner": "<path of scenarios/run.py>", "scenarios": { "ratio": "<jsonl text>", ... },
//     "requests": [[<calculator>, "<inputs as JSON>"], ...],
//     "workbook": { "stdlib": "<workbook-stdlib.zip>", "wheels": ["<.whl>", ...] },
//     "workbook_requests": [[<calculator>, "<inputs as JSON>"], ...] }
// and prints { "ratio": "<outputs as JSON text>", ..., "requests": ["<handle()'s answer>", ...],
// "python": "<version>", "stdlib": { "json": "<where json came from>", "missing": ["<module>", ...] } },
// and "workbook_requests": [...], answered after the workbook support is added as the worker adds it on the batch
// page: the same forms run_file() and calculators.browser.handle() give natively.
// Nothing is fetched from the network: the runtime comes from node_modules and the code from the zips.

import { readFile } from "node:fs/promises";
import { loadPyodide } from "pyodide";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf-8"));

const pyodide = await loadPyodide({ stdLibURL: request.stdlib });
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
// A Node Buffer must be wrapped in a Uint8Array for unpackArchive.
pyodide.unpackArchive(new Uint8Array(await readFile(request.package)), "zip", { extractDir: sitePackages });
pyodide.FS.mkdirTree("/home/pyodide/scenarios");
pyodide.FS.writeFile("/home/pyodide/scenarios/__init__.py", "");
pyodide.FS.writeFile("/home/pyodide/scenarios/run.py", await readFile(request.runner, "utf-8"));
pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide')");

const runFile = pyodide.pyimport("scenarios.run").run_file;
const outputs = { python: pyodide.runPython("import sys; sys.version.split()[0]") };
for (const [calculator, text] of Object.entries(request.scenarios)) {
  outputs[calculator] = runFile(calculator, text);
}
const handle = pyodide.pyimport("calculators.browser").handle;
outputs.requests = request.requests.map(([calculator, inputs]) => handle(calculator, inputs));
// Which library ran: where json came from, and which modules of the whole library it does not have.
outputs.stdlib = JSON.parse(pyodide.runPython(`
import importlib.util, json
missing = [name for name in ("email", "xml", "unittest") if importlib.util.find_spec(name) is None]
json.dumps({"json": json.__spec__.origin, "missing": missing})
`));
// The workbook support, added as calculator-worker.mjs adds it (workbookSupport()).
pyodide.FS.writeFile("/lib/workbook-stdlib.zip", new Uint8Array(await readFile(request.workbook.stdlib)));
for (const wheel of request.workbook.wheels) {
  pyodide.unpackArchive(new Uint8Array(await readFile(wheel)), "wheel", { extractDir: sitePackages });
}
pyodide.runPython(`import sys
sys.path.append("/lib/workbook-stdlib.zip")
import openpyxl`);
outputs.workbook_requests = request.workbook_requests.map(([calculator, inputs]) => handle(calculator, inputs));
process.stdout.write(JSON.stringify(outputs));
