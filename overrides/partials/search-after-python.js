// Inlined into the <head> of pages whose calculator starts Python as they open (overrides/main.html).
//
// Material downloads its search index as a page opens and builds it in its search worker: about 0.4 s of work.
// On a two-core phone or laptop that competes with starting Python, and the reader of a tool page came for the
// calculator, so measured start-up was 0.2–0.3 s faster with the index held back. Material has no setting for
// this, so its request for the index (an XMLHttpRequest for search/search_index.json) is sent once Python is up
// (calculators/worker-client.mjs fires "jm:runtime-settled", also on failure) or as soon as the reader reaches
// for the search box, whichever comes first. Only if the calculator has not even started after 10 s (a script
// that failed to load) is the index let go on its own: on a slow link the runtime takes longer than that, and
// an index arriving mid-download would share the link with it. Every other request goes out untouched; if
// Material ever fetched the index another way, it would simply not wait.
(() => {
  const INDEX = "/search/search_index.json";
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.jmSearchIndex = new URL(url, document.baseURI).pathname.endsWith(INDEX);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...body) {
    if (!this.jmSearchIndex) return send.apply(this, body);
    released.then(() => send.apply(this, body));
  };
  document.addEventListener("jm:runtime-settled", release, { once: true });
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.closest(".md-search")) release();
  });
  const unstarted = setTimeout(release, 10000);
  document.addEventListener("jm:runtime-started", () => clearTimeout(unstarted), { once: true });
})();
