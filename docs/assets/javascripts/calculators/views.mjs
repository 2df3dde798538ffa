// Calculators whose inputs are not plain fields and whose results have a view of their own: the batch check
// and the organisation self-check.

import { element, clauseLinks, wording, words } from "../dom.mjs";
import { download, downloadMade } from "./downloads.mjs";
import { chineseDate, fillRecord } from "./print-record.mjs";
import { resultLink } from "./form-state.mjs";
import { fingerprint } from "./record-qr.mjs";
import { verdictBlock } from "./results.mjs";
import { run } from "./worker-client.mjs";

const say = wording("calculators");

// ---- The batch check: the chosen file's bytes go to Python, which reads UTF-8 or GBK itself ------------
function base64Of(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function batchInputs(root) {
  const file = root.querySelector('input[type="file"]').files[0];
  if (!file) return {};
  const bytes = await file.arrayBuffer();
  // The file's fingerprint, printed with the results: a reviewer who checks the same file sees the same.
  root.jmFileFingerprint = fingerprint(bytes);
  return { data_base64: base64Of(bytes) };
}

// A page of the table at a time: a province's file holds tens of thousands of units. They stay in the worker
// (calculators/browser.py keeps the last batch), which sends the first page with the summary and each other page
// when asked; the page never holds a row per unit, and the downloads cover them all.
const PAGE_ROWS = 100;

function batchRow(unit) {
  const row = element("tr");
  row.dataset.jmRow = String(unit.row);
  const r = unit.result;
  row.dataset.jmOutcome = !r.ok ? "invalid" : r.compliant === true ? "compliant" : r.compliant === false ? "not-compliant" : "not-applicable";
  const verdict = r.ok ? r.verdict : say("batch_row_invalid", { messages: r.errors.map((e) => e.message).join(" ") });
  // A bad row shows what it held, so the reader sees the slip without going back to the file.
  const cells = r.ok ? [r.org_type_name, r.total_posts ?? "", r.social_work_posts ?? ""]
    : [unit.org_type_text, unit.total_text, unit.social_work_text];
  for (const cell of [unit.row, unit.unit, ...cells, verdict]) {
    row.append(element("td", String(cell)));
  }
  return row;
}

/**
 * The table's view of the batch: which units (all, or those that need attention) and which page of them. The
 * pager and the filter ask the worker for the page they show; the print record follows what is shown.
 */
function batchView(root, batch, table, fileOnRecord, summary) {
  const nav = element("nav", undefined, "jm-calc__pager");
  nav.setAttribute("aria-label", say("batch_pager"));
  const status = element("p", undefined, "jm-calc__pager-status");
  status.setAttribute("role", "status");
  const previous = element("button", say("batch_previous"), "md-button");
  const next = element("button", say("batch_next"), "md-button");
  previous.type = next.type = "button";
  nav.append(previous, status, next);
  const filter = element("label", undefined, "jm-calc__filter");
  const only = element("input");
  only.type = "checkbox";
  filter.append(only, say("batch_attention_only", { count: batch.attention }));
  const view = { first: 0, attentionOnly: false, rows: batch.rows };
  const draw = () => {
    const { first, total, units } = view.rows;
    table.tBodies[0].replaceChildren(...units.map(batchRow));
    status.textContent = total ? say("batch_page", { first: first + 1, last: first + units.length, total })
      : say("batch_none");
    previous.disabled = first === 0;
    next.disabled = first + PAGE_ROWS >= total;
    nav.hidden = total <= PAGE_ROWS;
    fillRecord(root, [element("p", batch.verdict), fileOnRecord, element("p", status.textContent),
      table.parentElement.cloneNode(true)], batch.clauses, undefined, summary);
  };
  const show = async (first, attentionOnly) => {
    for (const control of [previous, next, only]) control.disabled = true;
    try {
      const rows = await run("ratio-batch-rows",
        { batch_key: batch.batch_key, first, count: PAGE_ROWS, attention_only: attentionOnly });
      if (rows.ok) Object.assign(view, { first, attentionOnly, rows });
      else status.textContent = rows.errors.map((e) => e.message).join(" ");
    } finally {
      only.disabled = false;
      only.checked = view.attentionOnly;
      if (view.rows) draw();
    }
  };
  previous.addEventListener("click", () => show(view.first - PAGE_ROWS, view.attentionOnly));
  next.addEventListener("click", () => show(view.first + PAGE_ROWS, view.attentionOnly));
  only.addEventListener("change", () => show(0, only.checked));
  // The filter is offered only when it leaves out some units and keeps some.
  const filtering = batch.attention > 0 && batch.attention < batch.summary.units ? [filter] : [];
  return { controls: [...filtering], pager: nav, draw };
}

/** The page the record was made on, without its query and fragment (for a record's verification note). */
function toolAddress() {
  return new URL(window.location.pathname, window.location.href).href;
}

// The files are written by Python only when asked for: the table is shown without waiting for them.
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function asked(calculator, inputs) {
  const result = await run(calculator, inputs);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join(" "));
  return result;
}

function batchDownloads(root, batch) {
  const csv = downloadMade(async () => {
    const { csv: text } = await asked("ratio-batch-csv", { batch_key: batch.batch_key });
    return new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" }); // Excel needs the BOM to read UTF-8
  }, say("batch_file"), say("batch_download"), say("batch_making"));
  const workbook = downloadMade(async () => {
    const { xlsx_base64: data } = await asked("ratio-batch-workbook", {
      batch_key: batch.batch_key, site_version: root.dataset.jmSiteVersion, file_fingerprint: await root.jmFileFingerprint,
    });
    const binary = atob(data);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type: XLSX_TYPE });
  }, say("batch_xlsx_file"), say("batch_xlsx_download"), say("batch_making"));
  const downloads = element("p", undefined, "jm-calc__downloads");
  downloads.append(csv, " ", workbook);
  return downloads;
}

function showBatch(root, batch) {
  const region = root.querySelector("[data-jm-result]");
  const table = element("table", undefined, "jm-calc__batch");
  const head = element("tr");
  for (const name of words("calculators", "batch_columns")) head.append(element("th", name));
  table.append(element("thead"), element("tbody"));
  table.tHead.append(head);
  const wrapper = element("div", undefined, "jm-calc__table");
  wrapper.append(table);
  const file = element("p", undefined, "jm-calc__note");
  const fileOnRecord = element("p");
  const summary = root.jmFileFingerprint.then((print) => {
    file.textContent = fileOnRecord.textContent = say("batch_file_fingerprint", { fingerprint: print });
    return say("record_qr_batch", { verdict: batch.verdict, file: print, rules: root.dataset.jmRules,
      version: root.dataset.jmSiteVersion, page: toolAddress() });
  });
  const view = batchView(root, batch, table, fileOnRecord, summary);
  region.replaceChildren(verdictBlock(batch.display.outcome, batch.display.title, batch.verdict),
    element("p", batch.source, "jm-calc__note"), file, batchDownloads(root, batch), ...view.controls, wrapper, view.pager);
  // The clauses come from the units' results (calculators/browser.py gathers them), so the page names the same
  // clauses as the calculator.
  if (batch.clauses.length) region.append(clauseLinks(root, batch.clauses));
  view.draw();
}

// ---- The organisation self-check: the checklist of the chosen type, then a record from Python ------------
export function showChecklist(root) {
  // The build renders every org type's checklist into a <template> (sitebuild/calculator_forms.py).
  const code = root.querySelector('[name="org_type"]').value;
  const template = /** @type {HTMLTemplateElement | null} */ (
    root.querySelector(`template[data-jm-checklist="${CSS.escape(code)}"]`));
  root.querySelector("[data-jm-points]").replaceChildren(...(template ? [template.content.cloneNode(true)] : []));
}

function selfcheckInputs(root) {
  const inputs = { org_type: root.querySelector('[name="org_type"]').value, answers: {} };
  for (const fieldset of root.querySelectorAll("[data-jm-point]")) {
    const chosen = fieldset.querySelector("input[type=radio]:checked");
    if (chosen) inputs.answers[fieldset.dataset.jmPoint] = chosen.value;
  }
  for (const name of ["total", "social_work"]) {
    const input = root.querySelector(`[name="${name}"]`);
    if (input && input.value.trim()) inputs[name] = input.value;
  }
  return inputs;
}

function selfcheckAddress(root) {
  const { org_type: orgType, answers, ...counts } = selfcheckInputs(root);
  const address = { org_type: orgType, ...counts };
  for (const [point, answer] of Object.entries(answers)) address[point] = answer;
  return address;
}

// A link to the self-check restores the unit type, the checklist and its answers; it computes the record only
// when it carries answers (a link that only names the unit type opens its checklist to fill in).
function restoreSelfcheck(root) {
  const params = new URLSearchParams(window.location.search);
  const orgType = params.get("selfcheck-org_type");
  const select = root.querySelector('[name="org_type"]');
  if (orgType === null || ![...select.options].some((option) => option.value === orgType)) return false;
  select.value = orgType;
  showChecklist(root);
  let answered = false;
  for (const fieldset of root.querySelectorAll("[data-jm-point]")) {
    const answer = params.get(`selfcheck-${fieldset.dataset.jmPoint}`);
    const radio = answer && fieldset.querySelector(`input[type=radio][value="${CSS.escape(answer)}"]`);
    if (radio) radio.checked = answered = true;
  }
  for (const name of ["total", "social_work"]) {
    const input = root.querySelector(`[name="${name}"]`);
    const value = params.get(`selfcheck-${name}`);
    if (input && value !== null) {
      input.value = value;
      answered = true;
    }
  }
  return answered;
}

function showSelfcheck(root, record) {
  const columns = words("calculators", "selfcheck_columns");
  const table = element("table", undefined, "jm-calc__selfcheck");
  const head = element("tr");
  for (const name of columns) head.append(element("th", name));
  table.append(element("thead"), element("tbody"));
  table.tHead.append(head);
  for (const point of record.points) {
    const row = element("tr");
    row.dataset.jmPoint = point.id;
    row.dataset.jmStatus = point.status;
    const clause = element("td");
    clause.append(clauseLinks(root, [point.clause]).querySelector("a"));
    row.append(element("td", point.question), clause, element("td", point.strength_label),
      element("td", point.detail ? say("selfcheck_status_detail", { status: point.status_label, detail: point.detail }) : point.status_label),
      element("td", point.suggestion || ""));
    // On a phone the rows are stacked (site.css); each cell then says what it is.
    columns.forEach((name, index) => { row.cells[index].dataset.jmLabel = name; });
    table.tBodies[0].append(row);
  }
  const today = new Date();
  // The data file keeps the date as ISO (2026-12-01) for other systems; the printed record writes it in Chinese.
  const isoDate = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
  // With what a reviewer needs to re-run it: the rules version and the result link (or, beside it, the answers'
  // fingerprint, which the page prints and the code on the printed record holds).
  const json = JSON.stringify({ ...record, csv: undefined, date: isoDate, site_version: root.dataset.jmSiteVersion,
    rules: root.dataset.jmRules, result_link: resultLink(root) }, null, 2);
  const wrapper = element("div", undefined, "jm-calc__table");
  wrapper.append(table);
  const region = root.querySelector("[data-jm-result]");
  const downloads = element("p", undefined, "jm-calc__downloads");
  downloads.append(download(json, "application/json", say("selfcheck_data_file"), say("selfcheck_data_download")), " ",
    download("\ufeff" + record.csv, "text/csv;charset=utf-8", say("selfcheck_table_file"), say("selfcheck_table_download")));
  region.replaceChildren(verdictBlock(record.display.outcome, record.display.title, record.verdict), downloads, wrapper);
  const steps = element("ol", undefined, "jm-calc__steps");
  for (const step of record.steps) steps.append(element("li", step));
  region.append(steps);
  // The answers' fingerprint: the same answers, entered again by a reviewer, give the same.
  const answers = new URLSearchParams(Object.entries(selfcheckAddress(root)).sort()).toString();
  const print = fingerprint(answers);
  const printed = element("p", undefined, "jm-calc__note");
  const printedOnRecord = element("p");
  const summary = print.then((value) => {
    printed.textContent = printedOnRecord.textContent = say("selfcheck_answers_fingerprint", { fingerprint: value });
    return say("record_qr_selfcheck", { org_type: record.org_type_name, verdict: record.verdict, answers: value,
      rules: root.dataset.jmRules, version: root.dataset.jmSiteVersion, page: toolAddress() });
  });
  region.append(printed);
  fillRecord(root, [element("p", say("record_org_type", { name: record.org_type_name })), element("p", record.verdict),
    printedOnRecord, wrapper.cloneNode(true)], record.clauses, chineseDate(today), summary);
}

// Calculators whose inputs are not plain fields, and whose results have a view of their own. The self-check's
// answers go into the address one per point (selfcheck-<point>=yes); a file does not fit in a link.
export const SPECIAL = {
  selfcheck: { inputs: selfcheckInputs, show: showSelfcheck, address: selfcheckAddress, restore: restoreSelfcheck },
  // `working` words what a long run is doing, when it is shown (each page brings its own words).
  "ratio-batch": { inputs: batchInputs, show: showBatch, prepare: "workbook", working: () => say("batch_reading") },
};
