// A calculator's form: which inputs it sends, which groups show, and the address bar holding the inputs
// (?ratio-total=10&…), so a result can be bookmarked and shared.

import { element, wording } from "../dom.mjs";

const say = wording("calculators");

// The calculator's inputs. Controls marked data-jm-local belong to the page alone (the unit name printed on the
// record, the grade tool's direction) and are never sent to Python.
export function fieldsOf(root) {
  return [...root.querySelectorAll('input[name]:not([type="file"]):not([data-jm-local]), select[name]:not([data-jm-local])')];
}

// The value a group's trigger has now: a select's value, or the checked radio's.
function triggerValue(root, name) {
  const controls = [...root.querySelectorAll(`[name="${name}"]`)];
  if (controls.length && controls[0].type === "radio") return (controls.find((c) => c.checked) || {}).value;
  return controls.length ? controls[0].value : undefined;
}

export function isShown(control) {
  const group = control.closest("[data-jm-show-when]");
  if (!group) return true;
  return triggerValue(group.closest(".jm-calc"), group.dataset.jmShowWhen) === group.dataset.jmShowValue;
}

export function readInputs(root) {
  const inputs = {};
  for (const control of fieldsOf(root)) {
    if (!isShown(control)) continue;
    if (control.type === "checkbox") {
      if (control.checked) inputs[control.name] = true;
    } else if (control.value.trim() !== "") {
      inputs[control.name] = control.value;
    }
  }
  return inputs;
}

export function updateGroups(root) {
  for (const group of root.querySelectorAll("[data-jm-show-when]")) group.hidden = !isShown(group.querySelector("[name]"));
  updateLevels(root);
}

// The grade tool offers only the post levels 59号 names for the chosen post (助理社会工作师: 一级、二级 …).
function updateLevels(root) {
  const level = root.querySelector('select[name="level"]');
  const qualification = root.querySelector('[name="qualification"]');
  if (!level || !qualification || !root.dataset.jmLevels) return;
  const levels = JSON.parse(root.dataset.jmLevels)[qualification.value] || [];
  const chosen = level.value;
  level.replaceChildren(new Option(say("any_level"), ""), ...levels.map((name) => new Option(name, name)));
  level.value = levels.includes(chosen) ? chosen : "";
  level.closest(".jm-field").hidden = qualification.value !== "" && levels.length === 0;
}

// ---- The address bar: inputs as ?ratio-total=10&…, so a result can be bookmarked and shared ------------
export function writeAddress(root, inputs) {
  const url = new URL(window.location.href);
  const prefix = `${root.dataset.jmCalculator}-`;
  for (const key of [...url.searchParams.keys()]) if (key.startsWith(prefix)) url.searchParams.delete(key);
  for (const [name, value] of Object.entries(inputs)) url.searchParams.set(prefix + name, String(value));
  // The rules the result is computed with: a link opened after they change says so (calculators/record.py).
  url.searchParams.set(prefix + RULES_PARAMETER, root.dataset.jmRules);
  // And the site release that computed it: the calculators' code can change between releases, the rules not.
  url.searchParams.set(prefix + RELEASE_PARAMETER, root.dataset.jmSiteRelease);
  window.history.replaceState(window.history.state, "", url);
}

// ratio-rules=06226707: the fingerprint of the rules data (calculators/rules/history.toml). Not a field.
export const RULES_PARAMETER = "rules";
// ratio-site=0.1.0: the site release (pyproject.toml's version). Not a field.
export const RELEASE_PARAMETER = "site";

/**
 * What the address carries for this calculator under `parameter` (RULES_PARAMETER, RELEASE_PARAMETER), or null.
 * @param {HTMLElement} root
 * @param {string} parameter
 */
export function recorded(root, parameter) {
  return new URLSearchParams(window.location.search).get(`${root.dataset.jmCalculator}-${parameter}`);
}

export function readAddress(root) {
  const params = new URLSearchParams(window.location.search);
  const prefix = `${root.dataset.jmCalculator}-`;
  let found = false;
  for (const control of fieldsOf(root)) {
    const value = params.get(prefix + control.name);
    if (value === null) continue;
    found = true;
    if (control.type === "checkbox") control.checked = value === "true";
    else if (control.type === "radio") control.checked = control.value === value;
    else control.value = value;
    if (control.tagName === "SELECT") updateLevels(root); // the level options depend on the post chosen
    // A field restored from a link is shown: its mode is chosen, its folded group opened.
    const group = control.closest("[data-jm-show-when], details");
    if (group && group.tagName === "DETAILS") group.open = true;
    else if (group) {
      const trigger = root.querySelector(`[name="${group.dataset.jmShowWhen}"][value="${group.dataset.jmShowValue}"]`);
      if (trigger && trigger.type === "radio") trigger.checked = true;
    }
  }
  return found;
}

// The address of the result to share: the inputs are in the query; the fragment is dropped, since Material's
// navigation tracking sets it to the heading scrolled to, and a colleague opening the link would land below
// the result.
export function resultLink(root) {
  const url = new URL(window.location.href);
  url.hash = "";
  if (!root.closest(".jm-calc-embed")) return url.href;
  // A calculator folded beside its clause is shared as its own tool page, where the result is in view.
  const tool = new URL(`${root.dataset.jmSiteRoot}tools/${root.dataset.jmCalculator}/`, url);
  const prefix = `${root.dataset.jmCalculator}-`;
  for (const [key, value] of url.searchParams) if (key.startsWith(prefix)) tool.searchParams.append(key, value);
  return tool.href;
}

export async function copyLink(root) {
  const status = root.querySelector("[data-jm-copy-status]");
  const link = resultLink(root);
  try {
    await navigator.clipboard.writeText(link);
    status.textContent = say("link_copied");
  } catch (error) {
    // No clipboard (a page not served over https, an older browser): the link is shown to copy by hand.
    const field = element("input", undefined, "jm-calc__link");
    Object.assign(field, { type: "text", value: link, readOnly: true });
    field.setAttribute("aria-label", say("link_label"));
    status.replaceChildren(say("link_copy_by_hand"), field);
    field.select();
  }
}
