// Makes the standard library the calculators' worker ships instead of Pyodide's whole python_stdlib.zip (2.4 MB):
// only the modules that Pyodide's own start-up and the calculators import, found by running them, and compiled
// to bytecode by this very runtime, so that Python in the browser does not compile them from source at every
// start (most of a start-up without the memory snapshot).
//
// The modules are found by doing, under Node, what the worker does: start Python, unpack and import the
// calculators package, run every calculator — on every scenario given, on the batch check's encodings and its
// errors, on the self-check for every organisation type — format a Python error, and make a memory snapshot (as
// the worker does on a slow link). Every module of the standard library then in sys.modules is kept. A module only
// some other input would import is not: tests/test_calculators_in_pyodide.py runs every scenario against the
// trimmed library, and the browser tests run the site's.
//
// Then, as the worker does on the batch page, the wheels of the Excel workbook support (openpyxl) are unpacked
// and a workbook is read, checked and written. The library modules that brings in (xml.etree, hashlib …) go into
// a second zip, workbook-stdlib.zip, which only the batch page loads, so no other page pays for them. A module
// of a package the first zip already has (encodings.cp437) goes into the first: Python looks for a package's
// submodules only where the package itself came from.
//
// The bytecode is PEP 552's unchecked hash-based .pyc (never compared with a source, which is not shipped), made
// with a fixed hash seed and written into a zip with fixed timestamps: the same inputs give the same bytes.
// Tracebacks still name the file and line; they cannot show the source line.
//
// Bytes, measured on Pyodide 0.29.5's library (134 modules): deflated entries 1,231,720 B on the wire (a deflated
// zip does not compress again); stored entries 2,929,305 B, 866,719 B in brotli, as the site serves it (brotli
// finds what the files share, which per-file deflate cannot); compiled with docstrings and asserts left out
// (optimize=2, as `python -OO`) 2,435,652 B, 727,831 B in brotli. Source instead of bytecode would be 480 KB in
// brotli, but every start would compile 2.5 MB of it. Leaving out docstrings changes nothing the calculators do:
// nothing they or Pyodide's start-up run reads a standard-library docstring, and the scenario tests compare
// every output with native Python's.
//
// Usage: node trim_stdlib.mjs <calculators.zip> <output folder> <wheels folder> [<scenario .jsonl> …]
// Writes stdlib.zip and workbook-stdlib.zip into the output folder; prints {"modules": [<module names kept>],
// "workbook_modules": [<the second zip's>], "bytes": <size of stdlib.zip>} on standard output.

import { readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { loadPyodide } from "pyodide";

const [packagePath, outputDir, wheelsDir, ...scenarioPaths] = process.argv.slice(2);
if (!packagePath || !outputDir || !wheelsDir) {
  console.error("usage: node trim_stdlib.mjs <calculators.zip> <output folder> <wheels folder> [<scenario .jsonl> …]");
  process.exit(2);
}

// A fixed hash seed: the order of a set constant in the bytecode follows the hashes of its members.
const pyodide = await loadPyodide({ _makeSnapshot: true, env: { PYTHONHASHSEED: "0" } });
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
// A Node Buffer must be wrapped in a Uint8Array for unpackArchive.
pyodide.unpackArchive(new Uint8Array(await readFile(packagePath)), "zip", { extractDir: sitePackages });
const handle = pyodide.pyimport("calculators.browser").handle;
for (const path of scenarioPaths) {
  const calculator = basename(path, ".jsonl");
  for (const line of (await readFile(path, "utf-8")).split("\n")) {
    if (line.trim()) handle(calculator, JSON.stringify(JSON.parse(line).input));
  }
}
pyodide.runPython(`
import base64, json
from calculators.browser import CALCULATORS, handle
from calculators.rules import ratio_rules
from calculators.selfcheck import checklist

for name in CALCULATORS:
    json.loads(handle(name, "{}"))
    json.loads(handle(name, "[]"))
    json.loads(handle(name, "not json"))
json.loads(handle("no-such-calculator", "{}"))
rows = "单位名称,单位类型,岗位总数,社会工作专业岗位数\\r\\n甲中心,以社会工作服务为主的社会组织,10,7\\r\\n乙站,sw-org,11,x\\r\\n"
for data in (rows.encode("utf-8-sig"), rows.encode("utf-8"), rows.encode("gb18030"), b"\\xff\\xfe\\x00\\x81", b""):
    json.loads(handle("ratio-batch", json.dumps({"data_base64": base64.b64encode(data).decode("ascii")})))
json.loads(handle("ratio-batch", json.dumps({"data_base64": "not base64!"})))
key = json.loads(handle("ratio-batch", json.dumps({"data_base64": base64.b64encode(rows.encode()).decode("ascii")})))["batch_key"]
for attention_only in (False, True):
    json.loads(handle("ratio-batch-rows", json.dumps({"batch_key": key, "first": 0, "count": 10, "attention_only": attention_only})))
json.loads(handle("ratio-batch-csv", json.dumps({"batch_key": key})))
for org_type in ratio_rules().org_types:
    code = org_type.code
    answers = {point.id: "是" for point in checklist(code) if point.kind != "ratio"}
    json.loads(handle("selfcheck", json.dumps({"org_type": code, "answers": answers, "total": "10", "social_work": "7"})))
    json.loads(handle("selfcheck", json.dumps({"org_type": code, "answers": {}})))
`);
try {
  pyodide.runPython("raise ValueError('an error, formatted as the worker would report it')");
} catch (error) {
  String(error);
}
pyodide.makeMemorySnapshot();

// What the calculators need is known; now what the workbook support adds.
pyodide.runPython(`
import sys
STDLIB = "/lib/python%d%d.zip" % sys.version_info[:2]

def origin(module):
    spec = getattr(module, "__spec__", None)
    return getattr(spec, "origin", None) or getattr(module, "__file__", None) or ""

def library_modules():
    return {name: origin(module)[len(STDLIB) + 1:] for name, module in list(sys.modules.items())
            if origin(module).startswith(STDLIB + "/")}

kept = library_modules()
`);
for (const wheel of (await readdir(wheelsDir)).filter((name) => name.endsWith(".whl")).sort()) {
  pyodide.unpackArchive(new Uint8Array(await readFile(join(wheelsDir, wheel))), "wheel", { extractDir: sitePackages });
}
pyodide.runPython(`
import base64, io, json
import openpyxl
from calculators.browser import handle

book = openpyxl.Workbook()
sheet = book.active
for row in (["单位名称", "单位类型", "岗位总数", "社会工作专业岗位数"], ["甲中心", "sw-org", 10, 7], ["乙站", None, 10.0, "6"]):
    sheet.append(row)
sheet.merge_cells("B2:B3")
out = io.BytesIO()
book.save(out)
for data in (out.getvalue(), out.getvalue()[:500], b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1"):
    answer = json.loads(handle("ratio-batch", json.dumps({"data_base64": base64.b64encode(data).decode("ascii")})))
    if answer["ok"]:
        request = {"batch_key": answer["batch_key"], "site_version": "trace", "file_fingerprint": "0123456789abcdef"}
        json.loads(handle("ratio-batch-workbook", json.dumps(request)))

added = {name: entry for name, entry in library_modules().items() if name not in kept}
packages = {name.split(".")[0] for name in kept}
# A submodule of a package in the first zip must be in the first zip to be found at all.
for name in [name for name in added if name.split(".")[0] in packages]:
    kept[name] = added.pop(name)
`);

pyodide.runPython(`
import importlib._bootstrap_external as bootstrap
import importlib.util
import zipfile

FIXED_ZIP_TIME = (2022, 1, 1, 0, 0, 0)
OPTIMIZE = 2  # as python -OO: no docstrings, no asserts (see the top of trim_stdlib.mjs)

def write_zip(path, modules):
    with zipfile.ZipFile(STDLIB) as source, zipfile.ZipFile(path, "w") as trimmed:
        for entry in sorted(set(modules.values())):
            text = source.read(entry)
            # The file name a module imported from the whole library would have, so tracebacks read the same.
            code = compile(text, f"{STDLIB}/{entry}", "exec", dont_inherit=True, optimize=OPTIMIZE)
            pyc = bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(text), checked=False)
            info = zipfile.ZipInfo(entry + "c", FIXED_ZIP_TIME)
            info.create_system, info.external_attr = 3, 0o644 << 16
            # Stored, not deflated: the site's brotli copy of the whole zip is smaller than per-file deflate.
            trimmed.writestr(info, bytes(pyc), zipfile.ZIP_STORED)

write_zip("/tmp/stdlib.zip", kept)
write_zip("/tmp/workbook-stdlib.zip", added)
kept_modules = sorted(kept)
workbook_modules = sorted(added)
`);
const zip = pyodide.FS.readFile("/tmp/stdlib.zip");
await writeFile(join(outputDir, "stdlib.zip"), zip);
await writeFile(join(outputDir, "workbook-stdlib.zip"), pyodide.FS.readFile("/tmp/workbook-stdlib.zip"));
const modules = pyodide.globals.get("kept_modules").toJs();
const workbookModules = pyodide.globals.get("workbook_modules").toJs();
process.stdout.write(JSON.stringify({ modules, workbook_modules: workbookModules, bytes: zip.length }));
