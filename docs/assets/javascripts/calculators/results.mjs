// Showing a calculator's state, result and errors.

import { element, clauseLinks } from "../dom.mjs";
import { fieldsOf } from "./form-state.mjs";
import { setResultActions, writeRecord } from "./print-record.mjs";
import { PROGRESS_STEPS, runtime } from "./worker-client.mjs";

export const STATES = { loading: "loading", ready: "ready", busy: "busy", error: "error" };

function figures(calculator, result) {
  const rows = [];
  if (calculator === "ratio" && result.applies) {
    rows.push(["社会工作专业岗位占比", result.ratio_percent], ["要求", `不低于 ${result.threshold_percent}`],
      [`${result.total_posts} 个岗位至少需要`, `${result.min_social_work_posts} 个社会工作专业岗位`]);
    if (result.max_total_text) rows.push(["现有社会工作专业岗位能支撑的岗位总数", result.max_total_text]);
  } else if (calculator === "ratio") {
    rows.push(["比例要求", "不适用"], ["本文件的有关规定", result.asks]);
    for (const tier of result.tier_posts) rows.push([`${tier.tier}专业技术岗位`, tier.posts_text]);
  } else if (calculator === "grade") {
    if (result.qualification) rows.push(["社会工作专业岗位", result.qualification + (result.level || "")]);
    if (result.tier) rows.push(["岗位层级", result.tier]);
    if (result.grade_names.length) rows.push(["专业技术岗位等级", result.grade_names.join("、")]);
    if (result.not_specified) rows.push(["本文件未规定", result.not_specified]);
  } else if (calculator === "allowance") {
    rows.push(["职业津贴", result.occupational_allowance_label]);
    if (result.estimate) rows.push(["按你填写的标准估算（全年）", `${result.estimate.yearly} 元`]);
  }
  const list = element("dl", undefined, "jm-calc__figures");
  for (const [term, value] of rows) list.append(element("dt", term), element("dd", value));
  return list;
}

// The verdict: a heading with an icon and words, coloured by outcome — never colour alone.
const OUTCOMES = {
  met: "✓",
  "not-met": "✗",
  "not-applicable": "–",
  incomplete: "!",
  info: "ℹ",
};

export function verdictBlock(outcome, title, text) {
  const block = element("div", undefined, "jm-calc__verdict");
  block.dataset.outcome = outcome;
  const heading = element("p", undefined, "jm-calc__verdict-title");
  const icon = element("span", OUTCOMES[outcome], "jm-calc__verdict-icon");
  icon.setAttribute("aria-hidden", "true");
  heading.append(icon, title);
  block.append(heading, element("p", text, "jm-calc__verdict-text"));
  return block;
}

function outcomeOf(calculator, result) {
  if (calculator === "ratio") {
    if (result.compliant === true) return ["met", "符合比例要求"];
    if (result.compliant === false) return ["not-met", "未达到比例要求"];
    return ["not-applicable", "比例要求不适用"];
  }
  if (calculator === "grade") return ["info", "对照结果"];
  return ["info", "与你有关的规定"];
}

// After the ratio: how to reach it (both routes, from Python), or how much room there is, and where to look next.
function nextSteps(root, result) {
  if (!result.next_steps || !result.next_steps.length) return [];
  const list = element("ul", undefined, "jm-calc__next");
  for (const step of result.next_steps) list.append(element("li", step));
  const pointer = element("p", "比例之外，本文件对这类单位还有其他要求，可以用", "jm-calc__note");
  const link = element("a", "单位自查");
  link.href = `${root.dataset.siteRoot}tools/selfcheck/?selfcheck-org_type=${encodeURIComponent(result.org_type)}`;
  pointer.append(link, "逐项对照。");
  return [element("p", result.compliant ? "还有多少余量" : "怎样达到要求", "jm-calc__subhead"), list, pointer];
}

export function showResult(root, result) {
  const region = root.querySelector("[data-result]");
  const [outcome, title] = outcomeOf(root.dataset.calculator, result);
  region.replaceChildren(verdictBlock(outcome, title, result.verdict), figures(root.dataset.calculator, result),
    ...nextSteps(root, result));
  if (result.local_amount_source) region.append(element("p", result.local_amount_source, "jm-calc__note"));
  if (result.provisions && result.provisions.length) {
    region.append(element("p", "与你有关的规定", "jm-calc__subhead"));
    const list = element("ul", undefined, "jm-calc__provisions");
    for (const provision of result.provisions) {
      const item = element("li");
      const link = clauseLinks(root, [provision.clause]).querySelector("a");
      item.append(link, ` 【${provision.strength_label}；对象：${provision.addressee}】`, element("q", provision.text, "jm-quote"));
      if (provision.note) item.append(element("span", ` ${provision.note}`, "jm-calc__note"));
      list.append(item);
    }
    region.append(list);
  }
  region.append(element("p", "计算过程", "jm-calc__subhead"));
  const steps = element("ol", undefined, "jm-calc__steps");
  for (const step of result.steps) steps.append(element("li", step));
  region.append(steps, clauseLinks(root, result.clauses));
  writeRecord(root, result);
}

export function clearErrors(root) {
  for (const box of root.querySelectorAll("[data-error-for]")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const control of fieldsOf(root)) control.removeAttribute("aria-invalid");
}

export function showErrors(root, errors) {
  const region = root.querySelector("[data-result]");
  region.replaceChildren(element("p", `请检查输入：${errors.map((e) => e.message).join(" ")}`, "jm-calc__invalid"));
  for (const { field, message } of errors) {
    const box = root.querySelector(`[data-error-for="${field}"]`) || root.querySelector('[data-error-for=""]');
    box.hidden = false;
    box.textContent = box.textContent ? `${box.textContent} ${message}` : message;
    const control = root.querySelector(`[name="${field}"]`);
    if (control) control.setAttribute("aria-invalid", "true");
  }
  const first = errors.map((e) => root.querySelector(`[name="${e.field}"]`)).find(Boolean);
  if (first) first.focus();
  setResultActions(root, false);
}

// While loading: the bytes downloaded so far (most of the wait on a slow link), then the start-up steps.
const DOWNLOAD_SHARE = 80; // of the bar's 100
const MEGABYTE = 1024 * 1024;

function loadingText() {
  const download = runtime.download;
  if (runtime.step > 1 || !download || !download.total) return runtime.message;
  const mb = (bytes) => (bytes / MEGABYTE).toFixed(1);
  return `${runtime.message}：已下载 ${mb(download.received)} MB / 共 ${mb(download.total)} MB`;
}

function loadingPercent() {
  const download = runtime.download;
  if (runtime.step > 1) return DOWNLOAD_SHARE + (runtime.step - 1) * ((100 - DOWNLOAD_SHARE) / PROGRESS_STEPS.length);
  return download && download.total ? Math.round((DOWNLOAD_SHARE * download.received) / download.total) : 0;
}

export function showState(root) {
  const loading = root.querySelector("[data-loading]");
  const status = root.querySelector("[data-status]");
  const bar = loading.querySelector("progress");
  if (runtime.state === "failed") {
    root.dataset.state = STATES.error;
    status.textContent = runtime.message;
    bar.hidden = true;
    loading.hidden = false;
  } else if (runtime.state === "ready") {
    root.dataset.state = root.jmCalculating ? STATES.busy : STATES.ready;
    loading.hidden = true;
  } else {
    root.dataset.state = STATES.loading;
    status.textContent = runtime.state === "idle" ? "计算器将在你开始填写时加载。" : loadingText();
    bar.value = loadingPercent();
    bar.hidden = runtime.state === "idle";
    loading.hidden = false;
  }
  root.querySelector('[data-action="calculate"]').disabled = runtime.state === "failed";
}
