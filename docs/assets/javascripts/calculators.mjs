// The calculators on the page: the entry module, wiring each calculator's form to the one Web Worker
// (calculators/worker-client.mjs), its results (results.mjs, views.mjs) and its print record (print-record.mjs).
// A module runs once per full load; Material's instant navigation then calls setUpPage for every new page.

import { element, wording } from "./dom.mjs";
import {
  RELEASE_PARAMETER, RULES_PARAMETER, copyLink, readAddress, readInputs, recorded, updateGroups, writeAddress,
} from "./calculators/form-state.mjs";
import { printRecord, setResultActions } from "./calculators/print-record.mjs";
import { STATES, clearErrors, showErrors, showResult, showState, showWorking } from "./calculators/results.mjs";
import { SPECIAL, showChecklist } from "./calculators/views.mjs";
import { prepare, run, runtime, start } from "./calculators/worker-client.mjs";

const say = wording("calculators");
const RELEASE = /^\d{1,4}(\.\d{1,4}){1,3}$/; // 0.1.0, as pyproject.toml numbers a release

async function calculate(root) {
  const special = SPECIAL[root.dataset.jmCalculator];
  root.jmCalculating = true;
  root.dataset.jmState = STATES.busy;
  clearErrors(root);
  setResultActions(root, false);
  if (runtime.state !== "ready") {
    // Pressed while the calculator is still loading: the request waits in the worker and is answered then.
    root.querySelector("[data-jm-result]").replaceChildren(
      element("p", say("waiting"), "jm-calc__waiting"));
  } else if (special && special.working) {
    // A calculation that may take a while (a file of thousands of units) says so until it reports progress.
    showWorking(root, special.working());
  }
  try {
    const inputs = special ? await special.inputs(root) : readInputs(root);
    // The address first, so the record printed with the result carries this result's link.
    const address = special ? special.address && special.address(root) : inputs;
    if (address) writeAddress(root, address);
    const result = await run(root.dataset.jmCalculator, inputs,
      (done, total) => showWorking(root, special && special.working ? special.working() : "", done, total));
    if (!result.ok) showErrors(root, result.errors);
    else if (special) special.show(root, result);
    else showResult(root, result);
  } catch (error) {
    root.querySelector("[data-jm-result]").replaceChildren(element("p", error.message, "jm-calc__invalid"));
  } finally {
    root.jmCalculating = false;
    showState(root);
  }
}

// A link from a record made with other rules than today's: Python says which and what changed (its words,
// calculators/record.py), above the result computed under the rules in force. A record made by another release
// of the site says that too, since the calculators' code may have changed with the same rules.
async function showRecordNotice(root, rules, release) {
  const notices = [];
  if (rules && rules !== root.dataset.jmRules) {
    const answer = await run("record-rules", { fingerprint: rules });
    notices.push(answer.ok ? answer.notice : answer.errors.map((e) => e.message).join(" "));
  }
  if (release && release !== root.dataset.jmSiteRelease) {
    // Only a release number is repeated on the page: an address is anybody's text.
    notices.push(RELEASE.test(release)
      ? say("record_other_release", { made: release, now: root.dataset.jmSiteRelease })
      : say("record_unknown_release"));
    // The rules notice already says the result below is today's; said once.
    if (notices.length === 1) notices.push(say("record_current_result"));
  }
  if (!notices.length) return;
  const region = root.querySelector("[data-jm-result]");
  const paragraph = element("p", notices.join(""), "jm-calc__rules-notice");
  paragraph.dataset.jmRulesNotice = "";
  region.prepend(paragraph);
}

function bind(root) {
  if (root.dataset.jmBound) return;
  root.dataset.jmBound = "";
  const form = root.querySelector("form");
  updateGroups(root);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    calculate(root);
  });
  form.addEventListener("change", (event) => {
    updateGroups(root);
    if (root.dataset.jmCalculator === "selfcheck" && event.target.name === "org_type") showChecklist(root);
  });
  form.addEventListener("focusin", start, { once: true });
  root.querySelector('[data-jm-action="print"]').addEventListener("click", () => printRecord(root));
  const copy = root.querySelector('[data-jm-action="copy-link"]');
  if (copy) copy.addEventListener("click", () => copyLink(root));
  const listener = () => {
    if (!root.isConnected) {
      runtime.listeners.delete(listener);
      return;
    }
    showState(root);
  };
  runtime.listeners.add(listener);
  showState(root);

  const special = SPECIAL[root.dataset.jmCalculator];
  const fromAddress = special && special.restore ? special.restore(root) : readAddress(root);
  updateGroups(root);
  if (fromAddress) {
    const folded = root.closest("details");
    if (folded) folded.open = true; // a link to a calculator beside its clause shows it
    const [rules, release] = [recorded(root, RULES_PARAMETER), recorded(root, RELEASE_PARAMETER)];
    calculate(root).then(() => showRecordNotice(root, rules, release));
  }
  else if (root.dataset.jmStart === "eager") start();
  else if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        start();
      }
    }, { rootMargin: "200px" });
    observer.observe(root);
  }
  if (special && special.prepare) prepare(special.prepare);
}

function setUpPage() {
  for (const root of document.querySelectorAll("[data-jm-calculator]")) bind(root);
}

if (typeof window.document$ !== "undefined") window.document$.subscribe(setUpPage);
else document.addEventListener("DOMContentLoaded", setUpPage);
