// Runs the calculators' scenario files inside real Pyodide under Node, from the pinned npm `pyodide` package.
//
// Reads one JSON object on standard input:
//   { "package": "<path of the calculators zip>", "runner": "<path of scenarios/run.py>",
//     "scenarios": { "ratio": "<jsonl text>", ... } }
// and prints { "ratio": "<outputs as JSON text>", ... }, the same form run_file() gives natively.
// Nothing is fetched from the network: the runtime comes from node_modules and the code from the zip.

import { readFile } from "node:fs/promises";
import { loadPyodide } from "pyodide";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf-8"));

const pyodide = await loadPyodide();
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
process.stdout.write(JSON.stringify(outputs));
