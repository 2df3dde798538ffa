// The one-page print record: inputs, result, clauses, date, site version, and what it is not; and the
// result's actions (打印, 复制结果链接), offered only while a result is shown.

import { element, listed, wording } from "../dom.mjs";
import { fieldsOf, isShown, resultLink } from "./form-state.mjs";
import { qrFigure } from "./record-qr.mjs";

// A result link longer than this goes on the record as text only: a QR code of more would be too dense for a
// phone to read from paper at the size printed (26 mm, site.css). Such a record's code holds its summary and
// fingerprint instead.
const MAX_LINK_IN_QR = 300;

// 打印 and 复制结果链接 act on a result, so they are offered only while one is shown.
export function setResultActions(root, enabled) {
  root.querySelector("[data-jm-share]").hidden = !enabled;
  for (const button of root.querySelectorAll('[data-jm-action="print"], [data-jm-action="copy-link"]')) button.disabled = !enabled;
  const status = root.querySelector("[data-jm-copy-status]");
  if (status) status.replaceChildren();
}

const say = wording("calculators");

// 2026年12月1日, as dates are written on Chinese documents (toLocaleDateString gives 2026/12/1).
export function chineseDate(day = new Date()) {
  return say("date", { year: day.getFullYear(), month: day.getMonth() + 1, day: day.getDate() });
}

// Every calculator's record has the same frame; `nodes` is what this calculator has to say in it. The unit
// name is read when printing, so a name typed after the result still reaches the paper. The QR code holds the
// result link (inputs and rules version), or, for a record without one or with one too long, `summary`: the
// text of its summary and fingerprint (or a promise of it).
export function fillRecord(root, nodes, clauses, date = chineseDate(), summary = null) {
  const record = root.querySelector("[data-jm-record]");
  const unit = element("p", "", "jm-calc__record-unit");
  unit.dataset.jmRecordUnit = "";
  record.replaceChildren(element("p", say("record_title", { title: root.dataset.jmTitle }), "jm-calc__record-title"),
    unit, ...nodes);
  // The record's foot: the QR code at the right of the clauses, date, link and disclaimer, so it adds little
  // height and the record keeps to one page (site.css floats it in print).
  const foot = element("div", undefined, "jm-calc__record-foot");
  const notes = element("div");
  if (clauses.length) notes.append(element("p", say("record_clauses", { clauses: listed(clauses) })));
  notes.append(element("p", say("record_date", { date, version: root.dataset.jmSiteVersion })));
  const address = root.querySelector('[data-jm-action="copy-link"]') ? resultLink(root) : null;
  let code = null;
  if (address && address.length <= MAX_LINK_IN_QR) {
    const link = element("p", say("record_link"), "jm-calc__record-link");
    link.append(element("span", address));
    code = qrFigure(address, say("record_qr_label"));
    notes.append(link, element("p", say("record_qr_link"), "jm-calc__qr-note"));
  } else if (summary) {
    // A link too long for the code is of no use on paper either (nobody types 400 characters): the record
    // carries the summary's code, and the data file the link.
    code = qrFigure(summary, say("record_qr_label"));
    notes.append(element("p", say("record_qr_summary"), "jm-calc__qr-note"));
  } else if (address) {
    const link = element("p", say("record_link"), "jm-calc__record-link"); // no summary to put in a code
    link.append(element("span", address));
    notes.append(link);
  }
  notes.append(element("p", say("record_disclaimer"), "jm-calc__disclaimer"));
  foot.append(...(code ? [code] : []), notes);  // the code first, so the text runs beside it
  record.append(foot);
  setResultActions(root, true);
}

export function writeRecord(root, result) {
  const inputs = element("dl", undefined, "jm-calc__figures");
  for (const control of fieldsOf(root)) {
    if (!isShown(control)) continue;
    const label = root.querySelector(`label[for="${control.id}"]`).textContent;
    let value = control.value.trim();
    if (control.tagName === "SELECT") value = control.value ? control.selectedOptions[0].textContent : say("record_not_chosen");
    if (control.type === "checkbox") value = control.checked ? say("record_yes") : say("record_no");
    if (!value) continue; // an optional field left empty says nothing, and the record must fit one page
    inputs.append(element("dt", label), element("dd", value));
  }
  const steps = element("ol");
  for (const step of result.steps) steps.append(element("li", step));
  for (const provision of result.provisions || []) {
    steps.append(element("li", say("record_provision",
      { clause: provision.clause, force: provision.strength_label, addressee: provision.addressee, text: provision.text })));
  }
  fillRecord(root, [element("p", say("record_inputs"), "jm-calc__subhead"), inputs,
    element("p", say("record_result"), "jm-calc__subhead"), element("p", result.verdict), steps], result.clauses);
}

export function printRecord(root) {
  const name = root.querySelector("[data-jm-unit-name]");
  const unit = root.querySelector("[data-jm-record-unit]");
  if (unit) unit.textContent = name && name.value.trim() ? say("record_unit", { name: name.value.trim() }) : "";
  document.documentElement.dataset.jmPrinting = "record";
  root.dataset.jmPrinted = "";
  const done = () => {
    delete document.documentElement.dataset.jmPrinting;
    delete root.dataset.jmPrinted;
    window.removeEventListener("afterprint", done);
  };
  window.addEventListener("afterprint", done);
  window.print();
}
