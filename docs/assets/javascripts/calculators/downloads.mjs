// Files the page offers to download (the batch check's CSV and workbook, the self-check's data file and table).

import { element } from "../dom.mjs";

// The file's object URL exists only while a download starts: it is made on the click (the browser follows
// the href as it is after the click handlers) and revoked a moment later, so a page that shows many results
// keeps no blob alive. Until clicked the link points at its own page ("#"), so it stays a focusable link.
const REVOKE_AFTER_MS = 10_000; // the download has long started by then, even on a slow device

export function download(text, type, filename, label) {
  const link = element("a", label, "md-button");
  const file = new Blob([text], { type });
  link.href = "#";
  link.download = filename;
  link.addEventListener("click", () => {
    const address = URL.createObjectURL(file);
    link.href = address;
    setTimeout(() => {
      URL.revokeObjectURL(address);
      if (link.href === address) link.href = "#";
    }, REVOKE_AFTER_MS);
  });
  return link;
}

/**
 * A button for a file that is made only when asked for (`make` resolves to its Blob): while it is made the
 * status beside it says so (`makingLabel`, announced; the button is aria-busy); then the download starts, and a
 * second press downloads the same file again. A failure is shown beside the button in the words of the error,
 * and the button can be pressed again. A button, not a link: a link to "#" would be followed by Material's
 * instant navigation, which reloads the page's content.
 * @param {() => Promise<Blob>} make
 * @param {string} filename
 * @param {string} label
 * @param {string} makingLabel
 */
export function downloadMade(make, filename, label, makingLabel) {
  const wrapper = element("span", undefined, "jm-calc__download");
  const button = element("button", label, "md-button");
  button.type = "button";
  const status = element("span", "", "jm-calc__download-status");
  status.setAttribute("role", "status");
  wrapper.append(button, status);
  /** @type {Blob | null} */
  let file = null;
  let busy = false;
  const save = () => {
    const address = URL.createObjectURL(file);
    const temporary = element("a");
    temporary.href = address;
    temporary.download = filename;
    temporary.click();
    setTimeout(() => URL.revokeObjectURL(address), REVOKE_AFTER_MS);
  };
  button.addEventListener("click", async () => {
    if (busy) return;
    if (file) {
      save();
      return;
    }
    busy = true;
    button.setAttribute("aria-busy", "true");
    status.textContent = makingLabel;
    try {
      file = await make();
      status.textContent = "";
      save();
    } catch (error) {
      status.textContent = error.message;
    } finally {
      busy = false;
      button.removeAttribute("aria-busy");
    }
  });
  return wrapper;
}
