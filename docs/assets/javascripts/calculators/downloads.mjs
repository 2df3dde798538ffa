// Files the page offers to download (the batch check's CSV, the self-check's data file and table).

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
