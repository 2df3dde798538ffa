// Showing a calculator's state, result and errors.

import { element, clauseLinks, listed, wording } from "../dom.mjs";
import { fieldsOf } from "./form-state.mjs";
import { setResultActions, writeRecord } from "./print-record.mjs";
import { PROGRESS_STEPS, runtime } from "./worker-client.mjs";

export const STATES = { loading: "loading", ready: "ready", busy: "busy", error: "error" };

const say = wording("calculators");

function figures(calculator, result) {
  const rows = [];
  if (calculator === "ratio" && result.applies) {
    rows.push([say("ratio_share"), result.ratio_percent],
      [say("ratio_requirement"), say("ratio_requirement_value", { threshold: result.threshold_percent })],
      [say("ratio_minimum", { total: result.total_posts }), say("ratio_minimum_value", { minimum: result.min_social_work_posts })]);
    if (result.max_total_text) rows.push([say("ratio_max_total"), result.max_total_text]);
  } else if (calculator === "ratio") {
    rows.push([say("ratio_requirement_label"), say("not_applicable")], [say("ratio_provisions"), result.asks]);
    for (const tier of result.tier_posts) rows.push([say("tier_posts", { tier: tier.tier }), tier.posts_text]);
  } else if (calculator === "grade") {
    if (result.qualification) rows.push([say("grade_qualification"), result.qualification + (result.level || "")]);
    if (result.tier) rows.push([say("grade_tier"), result.tier]);
    if (result.grade_names.length) rows.push([say("grade_grades"), listed(result.grade_names)]);
    if (result.not_specified) rows.push([say("grade_not_specified"), result.not_specified]);
  } else if (calculator === "allowance") {
    rows.push([say("allowance_occupational"), result.occupational_allowance_label]);
    if (result.estimate) rows.push([say("allowance_estimate"), say("allowance_estimate_value", { yearly: result.estimate.yearly })]);
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
  block.dataset.jmOutcome = outcome;
  const heading = element("p", undefined, "jm-calc__verdict-title");
  const icon = element("span", OUTCOMES[outcome], "jm-calc__verdict-icon");
  icon.setAttribute("aria-hidden", "true");
  heading.append(icon, title);
  block.append(heading, element("p", text, "jm-calc__verdict-text"));
  return block;
}

function outcomeOf(calculator, result) {
  if (calculator === "ratio") {
    if (result.compliant === true) return ["met", say("ratio_met")];
    if (result.compliant === false) return ["not-met", say("ratio_not_met")];
    return ["not-applicable", say("ratio_not_applicable")];
  }
  if (calculator === "grade") return ["info", say("grade_result")];
  return ["info", say("related_provisions")];
}

// After the ratio: how to reach it (both routes, from Python), or how much room there is, and where to look next.
function nextSteps(root, result) {
  if (!result.next_steps || !result.next_steps.length) return [];
  const list = element("ul", undefined, "jm-calc__next");
  for (const step of result.next_steps) list.append(element("li", step));
  const pointer = element("p", say("selfcheck_pointer"), "jm-calc__note");
  const link = element("a", say("selfcheck_pointer_link"));
  link.href = `${root.dataset.jmSiteRoot}tools/selfcheck/?selfcheck-org_type=${encodeURIComponent(result.org_type)}`;
  pointer.append(link, say("selfcheck_pointer_end"));
  const heading = result.compliant ? say("headroom_heading") : say("reach_heading");
  return [element("p", heading, "jm-calc__subhead"), list, pointer];
}

export function showResult(root, result) {
  const region = root.querySelector("[data-jm-result]");
  const [outcome, title] = outcomeOf(root.dataset.jmCalculator, result);
  region.replaceChildren(verdictBlock(outcome, title, result.verdict), figures(root.dataset.jmCalculator, result),
    ...nextSteps(root, result));
  if (result.local_amount_source) region.append(element("p", result.local_amount_source, "jm-calc__note"));
  if (result.provisions && result.provisions.length) {
    region.append(element("p", say("related_provisions"), "jm-calc__subhead"));
    const list = element("ul", undefined, "jm-calc__provisions");
    for (const provision of result.provisions) {
      const item = element("li");
      const link = clauseLinks(root, [provision.clause]).querySelector("a");
      item.append(link, say("provision_force", { force: provision.strength_label, addressee: provision.addressee }),
        element("q", provision.text, "jm-quote"));
      if (provision.note) item.append(element("span", ` ${provision.note}`, "jm-calc__note"));
      list.append(item);
    }
    region.append(list);
  }
  region.append(element("p", say("steps_heading"), "jm-calc__subhead"));
  const steps = element("ol", undefined, "jm-calc__steps");
  for (const step of result.steps) steps.append(element("li", step));
  region.append(steps, clauseLinks(root, result.clauses));
  writeRecord(root, result);
}

export function clearErrors(root) {
  for (const box of root.querySelectorAll("[data-jm-error-for]")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const control of fieldsOf(root)) control.removeAttribute("aria-invalid");
}

export function showErrors(root, errors) {
  const region = root.querySelector("[data-jm-result]");
  region.replaceChildren(element("p", say("check_inputs", { messages: errors.map((e) => e.message).join(" ") }), "jm-calc__invalid"));
  for (const { field, message } of errors) {
    const box = root.querySelector(`[data-jm-error-for="${field}"]`) || root.querySelector('[data-jm-error-for=""]');
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
  return say("loading_download", { step: runtime.message, received: mb(download.received), total: mb(download.total) });
}

function loadingPercent() {
  const download = runtime.download;
  if (runtime.step > 1) return DOWNLOAD_SHARE + (runtime.step - 1) * ((100 - DOWNLOAD_SHARE) / PROGRESS_STEPS.length);
  return download && download.total ? Math.round((DOWNLOAD_SHARE * download.received) / download.total) : 0;
}

export function showState(root) {
  const loading = root.querySelector("[data-jm-loading]");
  const status = root.querySelector("[data-jm-status]");
  const bar = loading.querySelector("progress");
  if (runtime.state === "failed") {
    root.dataset.jmState = STATES.error;
    status.textContent = runtime.message;
    bar.hidden = true;
    loading.hidden = false;
  } else if (runtime.state === "ready") {
    root.dataset.jmState = root.jmCalculating ? STATES.busy : STATES.ready;
    loading.hidden = true;
  } else {
    root.dataset.jmState = STATES.loading;
    status.textContent = runtime.state === "idle" ? say("idle") : loadingText();
    bar.value = loadingPercent();
    bar.hidden = runtime.state === "idle";
    loading.hidden = false;
  }
  root.querySelector('[data-jm-action="calculate"]').disabled = runtime.state === "failed";
}
