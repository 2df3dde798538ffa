// The one-page print record: inputs, result, clauses, date, site version, and what it is not; and the
// result's actions (打印, 复制结果链接), offered only while a result is shown.

import { element } from "../dom.mjs";
import { fieldsOf, isShown, resultLink } from "./form-state.mjs";

// 打印 and 复制结果链接 act on a result, so they are offered only while one is shown.
export function setResultActions(root, enabled) {
  root.querySelector("[data-share]").hidden = !enabled;
  for (const button of root.querySelectorAll('[data-action="print"], [data-action="copy-link"]')) button.disabled = !enabled;
  const status = root.querySelector("[data-copy-status]");
  if (status) status.replaceChildren();
}

const DISCLAIMER = "说明：本记录是依据晋民发〔2022〕59号所作的自查，不是官方认定或审批结论；具体以主管部门的认定和当地规定为准。";

// 2026年12月1日, as dates are written on Chinese documents (toLocaleDateString gives 2026/12/1).
export function chineseDate(day = new Date()) {
  return `${day.getFullYear()}年${day.getMonth() + 1}月${day.getDate()}日`;
}

// Every calculator's record has the same frame; `nodes` is what this calculator has to say in it. The unit
// name is read when printing, so a name typed after the result still reaches the paper.
export function fillRecord(root, nodes, clauses, date = chineseDate()) {
  const record = root.querySelector("[data-record]");
  const unit = element("p", "", "jm-calc__record-unit");
  unit.dataset.recordUnit = "";
  record.replaceChildren(element("p", `${root.dataset.title} · 自查记录`, "jm-calc__record-title"), unit, ...nodes);
  if (clauses.length) record.append(element("p", `依据条款（晋民发〔2022〕59号）：${clauses.join("、")}`));
  record.append(element("p", `自查日期：${date}　网站版本：${root.dataset.siteVersion}`));
  if (root.querySelector('[data-action="copy-link"]')) {
    const link = element("p", "结果链接（打开即可恢复本次填写和结果）：", "jm-calc__record-link");
    link.append(element("span", resultLink(root)));
    record.append(link);
  }
  record.append(element("p", DISCLAIMER, "jm-calc__disclaimer"));
  setResultActions(root, true);
}

export function writeRecord(root, result) {
  const inputs = element("dl", undefined, "jm-calc__figures");
  for (const control of fieldsOf(root)) {
    if (!isShown(control)) continue;
    const label = root.querySelector(`label[for="${control.id}"]`).textContent;
    let value = control.value.trim();
    if (control.tagName === "SELECT") value = control.value ? control.selectedOptions[0].textContent : "（未选）";
    if (control.type === "checkbox") value = control.checked ? "是" : "否";
    if (!value) continue; // an optional field left empty says nothing, and the record must fit one page
    inputs.append(element("dt", label), element("dd", value));
  }
  const steps = element("ol");
  for (const step of result.steps) steps.append(element("li", step));
  for (const provision of result.provisions || []) {
    steps.append(element("li", `${provision.clause}【${provision.strength_label}；对象：${provision.addressee}】「${provision.text}」`));
  }
  fillRecord(root, [element("p", "填写的内容", "jm-calc__subhead"), inputs, element("p", "结果", "jm-calc__subhead"),
    element("p", result.verdict), steps], result.clauses);
}

export function printRecord(root) {
  const name = root.querySelector("[data-unit-name]");
  const unit = root.querySelector("[data-record-unit]");
  if (unit) unit.textContent = name && name.value.trim() ? `单位名称：${name.value.trim()}` : "";
  document.documentElement.dataset.jmPrinting = "record";
  root.dataset.printing = "";
  const done = () => {
    delete document.documentElement.dataset.jmPrinting;
    delete root.dataset.printing;
    window.removeEventListener("afterprint", done);
  };
  window.addEventListener("afterprint", done);
  window.print();
}
