// The QR code on a record: what a reviewer scans to re-run the result. It is drawn as SVG (a path of squares,
// sharp at any print size) by qrcode-generator (npm, pinned in package.json; the build copies its module to
// assets/vendor/), which is imported only when a record is made, so no other page loads it.

import { element } from "../dom.mjs";

const GENERATOR_URL = new URL("../../vendor/qrcode-generator/qrcode.mjs", import.meta.url).href;
const SVG = "http://www.w3.org/2000/svg";
const QUIET_ZONE = 4; // modules of white around the code, as the standard asks, so a phone finds its edges
// Level M restores a code with up to 15 % of it lost: a printed record may be creased, stamped or stained.
const ERROR_CORRECTION = "M";

/** @type {Promise<any> | null} */
let generator = null;

function loadGenerator() {
  generator ??= import(GENERATOR_URL).then(({ default: qrcode }) => {
    // The text is written as UTF-8 bytes, as phones read a QR code's bytes (the module's own default keeps
    // only the low byte of each character).
    qrcode.stringToBytes = (text) => Array.from(new TextEncoder().encode(text));
    return qrcode;
  });
  return generator;
}

/**
 * The QR code of `text` as an SVG element, `label` its accessible name.
 * @param {string} text
 * @param {string} label
 */
export async function qrCode(text, label) {
  const qrcode = await loadGenerator();
  const code = qrcode(0, ERROR_CORRECTION); // 0: the smallest version that holds the text
  code.addData(text, "Byte");
  code.make();
  const count = code.getModuleCount();
  const size = count + 2 * QUIET_ZONE;
  let path = "";
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < count; column += 1) {
      if (code.isDark(row, column)) path += `M${column + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`;
    }
  }
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("shape-rendering", "crispEdges");
  const background = document.createElementNS(SVG, "rect");
  background.setAttribute("width", String(size));
  background.setAttribute("height", String(size));
  background.setAttribute("fill", "#fff");
  const modules = document.createElementNS(SVG, "path");
  modules.setAttribute("d", path);
  modules.setAttribute("fill", "#000");
  svg.append(background, modules);
  return svg;
}

/**
 * The first 16 hex digits of the SHA-256 of `data` (bytes, or text as UTF-8): the fingerprint a record prints
 * of what it was computed from, for a reviewer who re-runs it to compare.
 * @param {ArrayBuffer | Uint8Array | string} data
 */
export async function fingerprint(data) {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", /** @type {BufferSource} */ (bytes));
  return [...new Uint8Array(digest)].slice(0, 8).map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A figure for the QR code of `text` (or of what the promise gives), drawn in as soon as the generator is
 * loaded; what it holds is said beside it, by the record.
 * @param {string | Promise<string>} text
 * @param {string} label the code's accessible name
 */
export function qrFigure(text, label) {
  const figure = element("figure", undefined, "jm-calc__qr");
  figure.dataset.jmQr = "loading";
  Promise.resolve(text).then((content) => qrCode(content, label)).then(
    (svg) => {
      figure.append(svg);
      figure.dataset.jmQr = "ready";
    },
    (error) => {
      // Without the code the record still carries its link, printed in full beside it.
      console.warn("record QR code:", error);
      figure.dataset.jmQr = "failed";
    },
  );
  return figure;
}
