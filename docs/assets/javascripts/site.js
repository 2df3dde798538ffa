// The site's own behaviour: 复制引用, hiding the 解读, and small repairs to Material's chrome (search on pasted
// text, the colour-scheme toggle's state, the 404 page's search link). Plain script, no dependencies.
// Material's instant navigation swaps page content without a reload, so per-page set-up runs on every
// emission of Material's `document$`; clicks are handled by delegation on the document, set up once.

(() => {
  "use strict";

  const ANNOTATIONS_KEY = "jm-annotations";

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
      button.textContent = "已复制";
      announce("引用已复制到剪贴板");
    } else {
      window.prompt("请复制以下引用：", text);
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
      toggle.textContent = hidden ? "显示解读" : "隐藏解读（只看原文）";
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
    announce(hidden ? "解读已隐藏，只显示原文" : "解读已显示");
  }

  // ---- Printing: which links print their address -------------------------------------------------------
  // On paper a link is only its text. A link that leaves the page prints its full address (site.css), except
  // a reference to a clause of the policy, whose label (三（二）3) is itself the citation, and the page's
  // own controls and anchors.
  function markPrintedLinkTargets() {
    const links = document.querySelectorAll(
      ".md-content a[href]:not(.headerlink):not(.md-button):not(.jm-clause__label):not(.md-content__button)");
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
    const toggle = document.getElementById("__search");
    const field = document.querySelector(".md-search__input");
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
    const cite = event.target.closest(".jm-cite");
    if (cite) {
      onCiteClick(cite);
      return;
    }
    if (event.target.closest(".jm-annotations-toggle")) {
      onToggleClick();
    }
  });

  function setUpPage() {
    // Buttons that need this script are rendered hidden, so a page without it shows no dead controls.
    for (const control of document.querySelectorAll(".jm-cite, .jm-annotations-toggle")) {
      control.hidden = false;
    }
    applyAnnotationsPreference(annotationsHidden());
    markPrintedLinkTargets();
    checkCurrentScheme();
  }

  // ---- Offline after the first visit: the service worker at the site's root (sw.js, written by the build) --
  // A new version installs in the background and waits while a page of the old one is open; the page offers
  // it, and on the reader's word the new version takes over and the page reloads whole.
  function offerUpdate(registration) {
    if (document.querySelector(".jm-update") || !registration.waiting) return;
    const notice = document.createElement("div");
    notice.className = "jm-update md-typeset"; // md-typeset: Material styles its buttons only inside it
    notice.setAttribute("role", "status");
    notice.textContent = "本站有新版本。";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary";
    button.textContent = "更新";
    button.addEventListener("click", () => registration.waiting && registration.waiting.postMessage("skip-waiting"));
    notice.append(button);
    document.body.append(notice);
  }

  const siteRoot = new URL("../../", document.currentScript.src); // this script is assets/javascripts/site.js
  if ("serviceWorker" in navigator) {
    const updating = Boolean(navigator.serviceWorker.controller); // the first install is no update
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (updating) window.location.reload();
    });
    // After the page has loaded: storing the whole site must not slow down the page the reader asked for.
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
      });
    // On a tool page, only once Python has started: both want the same processor and network.
    const afterStartUp = document.querySelector('[data-calculator][data-start="eager"]');
    const settled = () => window.jmCalculators && ["ready", "failed"].includes(window.jmCalculators.state);
    if (afterStartUp && !settled()) document.addEventListener("jm:runtime-settled", register, { once: true });
    else if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(setUpPage);
  } else {
    document.addEventListener("DOMContentLoaded", setUpPage);
  }
})();
