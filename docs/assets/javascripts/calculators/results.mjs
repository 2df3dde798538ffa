// Showing a calculator's state, result and errors.

import { element, clauseLinks, wording } from "../dom.mjs";
import { fieldsOf } from "./form-state.mjs";
import { setResultActions, writeRecord } from "./print-record.mjs";
import { PROGRESS_STEPS, runtime } from "./worker-client.mjs";

export const STATES = { loading: "loading", ready: "ready", busy: "busy", error: "error" };

const say = wording("calculators");

// The figures under the verdict, worded by Python (calculators/display.py) as [term, value] rows.
function figures(display) {
  const list = element("dl", undefined, "jm-calc__figures");
  for (const [term, value] of display.figures) list.append(element("dt", term), element("dd", value));
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
  const { display } = result;
  region.replaceChildren(verdictBlock(display.outcome, display.title, result.verdict), figures(display),
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

/**
 * While a long calculation runs: what it is doing and, once it reports, how far it has got, with a bar. The
 * words are the page's own ([calculators] working_*); the status is announced politely, a step at a time.
 * @param {HTMLElement} root
 * @param {string} doing what the calculation does, in words (say("batch_reading"))
 * @param {number} [done]
 * @param {number} [total]
 */
export function showWorking(root, doing, done, total) {
  const region = root.querySelector("[data-jm-result]");
  let status = /** @type {HTMLElement | null} */ (region.querySelector("[data-jm-working]"));
  if (!status) {
    status = element("div", undefined, "jm-calc__working");
    status.dataset.jmWorking = "";
    status.append(element("p", "", "jm-calc__waiting"), element("progress"));
    status.querySelector("p").setAttribute("role", "status");
    region.replaceChildren(status);
  }
  const text = status.querySelector("p");
  const bar = status.querySelector("progress");
  bar.setAttribute("aria-label", doing || say("working"));
  if (total) {
    text.textContent = say("working_progress", { done: done.toLocaleString("zh-CN"), total: total.toLocaleString("zh-CN") });
    bar.max = total;
    bar.value = done;
  } else {
    text.textContent = doing || say("working");
    bar.removeAttribute("value"); // indeterminate until the first report
  }
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
