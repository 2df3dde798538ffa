// The site's own behaviour: 复制引用, hiding the 解读, and small repairs to Material's chrome (search on pasted
// text, the colour-scheme toggle's state, the 404 page's search link). Plain script, no dependencies.
// Material's instant navigation swaps page content without a reload, so per-page set-up runs on every
// emission of Material's `document$`; clicks are handled by delegation on the document, set up once.

(() => {
  "use strict";

  const ANNOTATIONS_KEY = "jm-annotations";

  // ---- The page's words ---------------------------------------------------------------------------------
  // Every word this script shows is in sitebuild/page_words.toml: [site], which the build writes into every page's
  // <head>, and [clauses] and [offline], written where their buttons are (hooks/page_words.py). A part is read
  // when first asked for and kept (the end of 离线使用 may be worded on another page). The same few lines as
  // dom.mjs's, which a classic script cannot import.
  /** @type {Record<string, Record<string, any>>} */
  const known = {};

  /**
   * An entry as it stands (a list or a table): words("offline", "parts").
   * @param {string} part
   * @param {string} key
   * @returns {any}
   */
  function words(part, key) {
    return lookUp(part, key);
  }

  /**
   * The words of one part, filled in: const say = wording("offline"); say("keep", { download: "4.9 MB" }).
   * @param {string} part
   * @returns {(key: string, values?: Record<string, string | number>) => string}
   */
  function wording(part) {
    return (key, values = {}) => {
      const template = lookUp(part, key);
      return template.replace(/\{(\w+)\}/g, (/** @type {string} */ _, /** @type {string} */ name) => {
        if (!(name in values)) throw new Error(`no value for {${name}} in ${template}`);
        return String(values[name]);
      });
    };
  }

  /**
   * @param {string} part
   * @param {string} key
   * @returns {any}
   */
  function lookUp(part, key) {
    if (!(part in known)) {
      const block = document.querySelector("script[data-jm-words]");
      Object.assign(known, block ? JSON.parse(block.textContent) : {});
    }
    const entry = known[part] && known[part][key];
    if (entry === undefined) throw new Error(`no words ${part}.${key} on this page (sitebuild/page_words.toml)`);
    return entry;
  }

  const say = wording("site");
  const sayBesideClauses = wording("clauses");
  const sayOffline = wording("offline");

  // ---- Announcements ---------------------------------------------------------------------------------
  function announce(message) {
    let region = document.querySelector("[data-jm-live]");
    if (!region) {
      region = document.createElement("div");
      region.className = "jm-live";
      region.setAttribute("aria-live", "polite");
      region.setAttribute("data-jm-live", "");
      document.body.append(region);
    }
    region.textContent = "";
    // A fresh text node after clearing makes screen readers repeat an identical message.
    window.setTimeout(() => { region.textContent = message; }, 50);
  }

  // ---- 复制引用 --------------------------------------------------------------------------------------
  function citationFor(button) {
    const url = new URL(window.location.href);
    url.hash = button.dataset.jmFragment;
    return `${button.dataset.jmCitation} ${url.href}`;
  }

  // The Clipboard API needs a secure context (https or localhost); older browsers and plain-http
  // deployments fall back to the selection-based copy, and as a last resort show the text to copy by hand.
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (error) {
        // fall through to the older route
      }
    }
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.append(field);
    field.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    field.remove();
    return copied;
  }

  async function onCiteClick(button) {
    const text = citationFor(button);
    const original = button.textContent;
    if (await copyText(text)) {
      button.textContent = sayBesideClauses("cite_copied");
      announce(sayBesideClauses("cite_announced"));
    } else {
      window.prompt(sayBesideClauses("cite_copy_by_hand"), text);
      return;
    }
    window.setTimeout(() => { button.textContent = original; }, 2000);
  }

  // ---- 解读显示/隐藏 ---------------------------------------------------------------------------------
  function annotationsHidden() {
    try {
      return window.localStorage.getItem(ANNOTATIONS_KEY) === "hidden";
    } catch (error) {
      return false; // storage blocked: annotations stay visible
    }
  }

  function applyAnnotationsPreference(hidden) {
    if (hidden) {
      document.documentElement.dataset.jmAnnotations = "hidden";
    } else {
      delete document.documentElement.dataset.jmAnnotations;
    }
    for (const toggle of document.querySelectorAll(".jm-annotations-toggle")) {
      toggle.setAttribute("aria-pressed", String(hidden));
      toggle.textContent = hidden ? sayBesideClauses("annotations_show") : sayBesideClauses("annotations_hide");
    }
  }

  function onToggleClick() {
    const hidden = !annotationsHidden();
    try {
      window.localStorage.setItem(ANNOTATIONS_KEY, hidden ? "hidden" : "shown");
    } catch (error) {
      // not persisted, but still applied to this page
    }
    applyAnnotationsPreference(hidden);
    announce(hidden ? sayBesideClauses("annotations_hidden") : sayBesideClauses("annotations_shown"));
  }

  // ---- Printing: which links print their address -------------------------------------------------------
  // On paper a link is only its text. A link that leaves the page prints its full address (site.css), except
  // a reference to a clause of the policy, whose label (三（二）3) is itself the citation, and the page's
  // own controls and anchors.
  function markPrintedLinkTargets() {
    const links = /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll(
      ".md-content a[href]:not(.headerlink):not(.md-button):not(.jm-clause__label):not(.md-content__button)"));
    for (const link of links) {
      const url = new URL(link.href, window.location.href);
      const sameSite = url.origin === window.location.origin;
      const samePage = sameSite && url.pathname === window.location.pathname;
      const clauseReference = sameSite && url.pathname.endsWith("/policy/") && url.hash !== "";
      if (samePage || clauseReference || !/^https?:$/.test(url.protocol)) {
        continue;
      }
      try {
        link.dataset.jmPrintUrl = decodeURI(url.href); // 中文 paths print as characters, not %E4…
      } catch (error) {
        link.dataset.jmPrintUrl = url.href;
      }
    }
  }

  // ---- Search on pasted or dictated text -----------------------------------------------------------------
  // Material searches when a key is released in the search box, so text pasted, dictated or picked from a
  // phone's input method (an `input` event without a key) would wait for the next key. Tell it as a key would.
  function searchOnInput(event) {
    if (event.isComposing || !(event.target instanceof Element) || !event.target.matches(".md-search__input")) return;
    event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", searchOnInput);
  document.addEventListener("compositionend", searchOnInput);

  // ---- The colour-scheme toggle ------------------------------------------------------------------------
  // Each scheme's radio is named for what a tap does next (切换到深色模式 …). Material shows the button of the
  // scheme in use but checks its radio only after a first tap, so the keyboard and screen readers would reach
  // the first radio, 切换到深色模式, even on a dark page. Check the radio of the scheme in use.
  function checkCurrentScheme() {
    const shown = document.querySelector('[data-md-component="palette"] label:not([hidden])');
    const current = shown && shown.previousElementSibling;
    if (current instanceof HTMLInputElement) current.checked = true;
  }

  // Until the reader taps the toggle the scheme follows the system; from then on it is theirs
  // (overrides/partials/scheme-choice.html reads this note as the next page opens).
  document.addEventListener("change", (event) => {
    if (event.target instanceof Element && event.target.matches('input[name="__palette"]') &&
        typeof window.__md_set === "function") {
      window.__md_set("jm-scheme-chosen", true);
    }
  });

  // The 404 page's 搜索本站 opens the search on the page itself (its address, ?q=, opens it on the home page).
  function openSearch() {
    const toggle = /** @type {HTMLInputElement | null} */ (document.getElementById("__search"));
    const field = /** @type {HTMLInputElement | null} */ (document.querySelector(".md-search__input"));
    if (!toggle || !field) return false;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    field.focus();
    return true;
  }

  // ---- Wiring ----------------------------------------------------------------------------------------
  // Caught on the way down, before Material's instant navigation would follow the link to the home page.
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("[data-jm-open-search]") && openSearch()) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
  document.addEventListener("click", (event) => {
    const target = /** @type {Element} */ (event.target);
    const cite = target.closest(".jm-cite");
    if (cite) {
      onCiteClick(cite);
      return;
    }
    if (target.closest(".jm-annotations-toggle")) {
      onToggleClick();
    }
    if (target.closest("[data-jm-offline-keep]")) {
      keepEverything();
    }
  });

  // A result tapped in the search box on a phone leads to its clause through instant navigation, and then
  // Material puts back the scroll position it kept when the search opened (the top of the page), over the
  // fragment's: the clause was never shown. So for the first second of a page the fragment's target is brought
  // back into view whenever it is out of it; the notes above it are drawn as they near the screen
  // (content-visibility) and push it down, so once is not enough. The reader's own scrolling ends it at once.
  const SETTLE_STEPS = 10;
  const SETTLE_STEP_MS = 100;
  function showFragmentTarget() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    let steps = 0;
    let reader = false;
    const stop = () => { reader = true; };
    const events = ["wheel", "touchstart", "keydown", "pointerdown"];
    for (const name of events) window.addEventListener(name, stop, { once: true, passive: true });
    const step = () => {
      if (reader || steps++ >= SETTLE_STEPS) {
        for (const name of events) window.removeEventListener(name, stop);
        return;
      }
      const { top, bottom } = target.getBoundingClientRect();
      if (bottom < 0 || top > window.innerHeight / 2) target.scrollIntoView();
      window.setTimeout(step, SETTLE_STEP_MS);
    };
    window.setTimeout(step, SETTLE_STEP_MS);
  }

  function setUpPage() {
    showFragmentTarget();
    // Buttons that need this script are rendered hidden, so a page without it shows no dead controls.
    const controls = /** @type {NodeListOf<HTMLButtonElement>} */ (
      document.querySelectorAll(".jm-cite, .jm-annotations-toggle"));
    for (const control of controls) {
      control.hidden = false;
    }
    applyAnnotationsPreference(annotationsHidden());
    markPrintedLinkTargets();
    checkCurrentScheme();
    setUpOfflineControls();
  }

  // ---- Offline use: the service worker at the site's root (sw.js, written by the build) ----------------------
  // After a first visit the pages work offline; a calculator once it has run; everything on the reader's word
  // (离线使用, below). A new version installs in the background and waits while a page of the old one is open;
  // the page offers it, and on the reader's word the new version takes over and the page reloads whole.
  function offerUpdate(registration) {
    if (document.querySelector(".jm-update") || !registration.waiting) return;
    const notice = document.createElement("div");
    notice.className = "jm-update md-typeset"; // md-typeset: Material styles its buttons only inside it
    notice.setAttribute("role", "status");
    notice.textContent = say("update_notice");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary";
    button.textContent = say("update_button");
    button.addEventListener("click", () => registration.waiting && registration.waiting.postMessage("skip-waiting"));
    notice.append(button);
    document.body.append(notice);
  }

  const offline = {
    supported: "serviceWorker" in navigator,
    refused: false, // the browser would not install the worker (a private window, a setting)
    status: null, // what the worker last said it keeps: { version, parts: { pages, calculators, handbook } }
    storing: null, // while 离线使用 stores: { done, total }, bytes to download
    result: "", // how the last 离线使用 ended, in words
    controlled: null,
  };

  function whenControlled() {
    if (!offline.controlled) {
      offline.controlled = new Promise((resolve) => {
        if (navigator.serviceWorker.controller) resolve();
        else navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true });
      });
    }
    return offline.controlled;
  }

  // A question to the worker that serves this page; the answer comes back on a port of its own.
  function askWorker(message) {
    return new Promise((resolve, reject) => {
      const worker = navigator.serviceWorker.controller;
      if (!worker) {
        reject(new Error("no service worker serves this page"));
        return;
      }
      const channel = new MessageChannel();
      const timer = window.setTimeout(() => reject(new Error("the service worker did not answer")), 30_000);
      channel.port1.onmessage = ({ data }) => {
        window.clearTimeout(timer);
        resolve(data);
      };
      worker.postMessage(message, [channel.port2]);
    });
  }

  // Keeps what is missing of `parts`: each file is fetched through the worker, which keeps it as it passes
  // (sitebuild/service_worker.js), one at a time so that the bar moves steadily. The bytes are counted as they
  // arrive (a body arrives unpacked: its size, not its download) and reported as bytes to download.
  /**
   * @param {string[]} parts
   * @param {(done: number, total: number) => void} [onProgress]
   */
  async function keepParts(parts, onProgress = () => {}) {
    const before = await askWorker({ type: "offline-status" });
    const files = parts.flatMap((part) => (before.parts[part] ? before.parts[part].missing : []));
    const total = files.reduce((sum, [, , bytes]) => sum + bytes, 0);
    let done = 0;
    onProgress(0, total);
    for (const [url, size, bytes] of files) {
      const response = await fetch(url);
      if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
      const reader = response.body.getReader();
      let read = 0;
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        read += chunk.value.byteLength;
        onProgress(done + bytes * Math.min(1, read / Math.max(1, size)), total);
      }
      done += bytes;
      onProgress(done, total);
    }
    return askWorker({ type: "offline-status" });
  }

  // A calculator that has run is kept for offline use. On a first visit the page is served by the worker only
  // once it has installed; what the calculator's worker fetched before then comes from the browser's HTTP cache.
  let calculatorsKept = null;
  document.addEventListener("jm:runtime-settled", () => {
    if (!offline.supported || calculatorsKept || !window.jmCalculators || window.jmCalculators.state !== "ready") return;
    calculatorsKept = whenControlled()
      .then(() => keepParts(["calculators"]))
      .then((status) => {
        offline.status = status;
        renderOfflineControls();
      })
      .catch((error) => {
        calculatorsKept = null;
        console.warn("the calculators are not kept for offline use:", error);
      });
  });

  // ---- 离线使用: on the about and training pages, <div data-jm-offline>, filled here ------------------------
  const MEGABYTE = 1024 * 1024;
  const megabytes = (bytes) => `${(bytes / MEGABYTE).toFixed(1)} MB`;
  const atLeastATenth = (bytes) => megabytes(Math.max(bytes, MEGABYTE / 10));

  function buildOfflineControl(root) {
    const line = (name) => {
      const paragraph = document.createElement("p");
      paragraph.dataset[name] = "";
      return paragraph;
    };
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary";
    button.dataset.jmOfflineKeep = "";
    const progress = document.createElement("div");
    progress.className = "jm-offline__progress";
    progress.dataset.jmOfflineProgress = "";
    progress.hidden = true;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", sayOffline("progress_label"));
    progress.append(bar, document.createElement("span"));
    const result = line("jmOfflineResult");
    result.className = "jm-offline__result";
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");
    root.replaceChildren(line("jmOfflineSummary"), line("jmOfflineKept"), button, progress, result);
    root.dataset.jmOfflineBuilt = "";
  }

  function renderOfflineControl(root) {
    if (!("jmOfflineBuilt" in root.dataset)) buildOfflineControl(root);
    const summary = root.querySelector("[data-jm-offline-summary]");
    const keptLine = root.querySelector("[data-jm-offline-kept]");
    const button = root.querySelector("[data-jm-offline-keep]");
    const progress = root.querySelector("[data-jm-offline-progress]");
    const result = root.querySelector("[data-jm-offline-result]");
    const status = offline.status;
    button.hidden = !status;
    keptLine.hidden = !status;
    if (!offline.supported || offline.refused) {
      summary.textContent = sayOffline("unsupported");
    } else if (!status) {
      summary.textContent = sayOffline("preparing");
    }
    if (status) {
      const parts = Object.entries(status.parts);
      const sum = (key) => parts.reduce((total, [, part]) => total + part[key], 0);
      const partNames = words("offline", "parts");
      const name = (/** @type {[string, unknown]} */ [part]) => partNames[part] || part;
      summary.textContent = sayOffline("summary", {
        download: megabytes(sum("bytes")),
        parts: parts.map((entry) => `${name(entry)} ${atLeastATenth(entry[1].bytes)}`).join(sayOffline("summary_separator")),
        size: megabytes(sum("size")),
      });
      const kept = parts.filter(([, part]) => part.missing.length === 0).map(name);
      const missing = parts.filter(([, part]) => part.missing.length > 0).map(name);
      const remaining = parts.reduce((total, [, part]) => total + part.missing.reduce((s, [, , b]) => s + b, 0), 0);
      const listed = (/** @type {string[]} */ names) => names.join(say("list_separator"));
      if (missing.length === 0) keptLine.textContent = sayOffline("all_kept");
      else if (kept.length === 0) keptLine.textContent = sayOffline("none_kept");
      else keptLine.textContent = sayOffline("some_kept", { kept: listed(kept), missing: listed(missing) });
      if (offline.storing) button.textContent = sayOffline("keeping");
      else if (remaining === 0) button.textContent = sayOffline("kept");
      else button.textContent = sayOffline("keep", { download: atLeastATenth(remaining) });
      if (offline.storing || remaining === 0) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    }
    progress.hidden = !offline.storing;
    if (offline.storing) {
      const { done, total } = offline.storing;
      progress.querySelector("progress").value = total ? Math.round((100 * done) / total) : 0;
      progress.querySelector("span").textContent = sayOffline("progress", { done: megabytes(done), total: megabytes(total) });
    }
    // Written only when it changes: a live region speaks every change.
    if (result.textContent !== offline.result) result.textContent = offline.result;
    root.hidden = false;
  }

  let renderPending = false;
  function renderOfflineControls() {
    if (renderPending) return;
    renderPending = true;
    window.requestAnimationFrame(() => {
      renderPending = false;
      for (const root of document.querySelectorAll("[data-jm-offline]")) renderOfflineControl(root);
    });
  }

  async function refreshOfflineStatus() {
    await whenControlled();
    offline.status = await askWorker({ type: "offline-status" });
    renderOfflineControls();
  }

  function setUpOfflineControls() {
    if (!document.querySelector("[data-jm-offline]")) return;
    renderOfflineControls();
    if (offline.supported && !offline.storing) {
      refreshOfflineStatus().catch((error) => console.warn("offline use:", error));
    }
  }

  async function keepEverything() {
    if (offline.storing || !offline.status) return;
    const parts = Object.keys(offline.status.parts);
    if (parts.every((part) => offline.status.parts[part].missing.length === 0)) return;
    offline.result = "";
    offline.storing = { done: 0, total: 0 };
    renderOfflineControls();
    try {
      offline.status = await keepParts(parts, (done, total) => {
        offline.storing = { done, total };
        renderOfflineControls();
      });
      const left = Object.values(offline.status.parts).some((part) => part.missing.length > 0);
      offline.result = left ? sayOffline("result_not_all") : sayOffline("result_all");
    } catch (error) {
      console.warn("offline use:", error);
      offline.result = sayOffline("result_interrupted");
      offline.status = await askWorker({ type: "offline-status" }).catch(() => offline.status);
    }
    offline.storing = null;
    renderOfflineControls();
    // The reader may have gone on to a page without the control (instant navigation keeps this script).
    if (!document.querySelector("[data-jm-offline]")) announce(offline.result);
  }

  const siteRoot = new URL("../../", /** @type {HTMLScriptElement} */ (document.currentScript).src); // this script is assets/javascripts/site.js
  if (offline.supported) {
    const updating = Boolean(navigator.serviceWorker.controller); // the first install is no update
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (updating) window.location.reload();
    });
    // After the page has loaded: storing the site must not slow down the page the reader asked for.
    const register = () => navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.pathname })
      .then((registration) => {
        if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration);
        registration.addEventListener("updatefound", () => {
          const incoming = registration.installing;
          incoming.addEventListener("statechange", () => {
            if (incoming.state === "installed" && navigator.serviceWorker.controller) offerUpdate(registration);
          });
        });
      })
      .catch((error) => {
        console.warn("offline use is not available:", error); // the site works as before, online
        offline.refused = true;
        renderOfflineControls();
      });
    // On a tool page, only once Python has started: both want the same processor and network.
    const afterStartUp = document.querySelector('[data-jm-calculator][data-jm-start="eager"]');
    const settled = () => window.jmCalculators && ["ready", "failed"].includes(window.jmCalculators.state);
    if (afterStartUp && !settled()) document.addEventListener("jm:runtime-settled", register, { once: true });
    else if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
  }

  // ---- The clause search (clause-search.mjs): loaded the first time the reader reaches for the search box, or
  // at once when the address asks for a search (?q=), so no page pays for it before then.
  let clauseSearch = null;
  const startClauseSearch = () => {
    clauseSearch ||= import(new URL("assets/javascripts/clause-search.mjs", siteRoot).href)
      .then((module) => module.start(siteRoot))
      .catch((error) => console.warn("clause search:", error));
  };
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.matches('[data-md-component="search-query"]')) startClauseSearch();
  });
  if (new URLSearchParams(window.location.search).has("q")) startClauseSearch();

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(setUpPage);
  } else {
    document.addEventListener("DOMContentLoaded", setUpPage);
  }
})();
