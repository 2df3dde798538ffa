// Small DOM helpers the page scripts share (the calculators and quiz.js): the page's words, building an element,
// and linking a clause label to its place on the policy page. The page's root element carries the policy page's
// address (data-jm-policy-url) and every label's fragment (data-jm-clause-fragments), both written by the build.

// ---- The page's words ---------------------------------------------------------------------------------
// Every word the scripts show is in sitebuild/page_words.toml; the build writes the parts a page's scripts need
// into its <head> as <script type="application/json" data-jm-words> (hooks/page_words.py). Material's instant
// navigation swaps that block with the page, so a part is read when it is first asked for and kept: a message
// worded after the reader has gone on to a page without calculators (the worker failing late) still finds its
// words. site.js, a classic script, has its own copy of these few lines.

/** @type {Record<string, Record<string, any>>} */
const known = {};

/**
 * An entry as it stands in the words file (a list or a table): words("quiz", "type_names").
 * @param {string} part
 * @param {string} key
 * @returns {any}
 */
export function words(part, key) {
  return lookUp(part, key);
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

/**
 * A template's {name} placeholders filled in, as Python's str.format fills words.toml's.
 * @param {string} template
 * @param {Record<string, string | number>} values
 */
function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`no value for {${name}} in ${template}`);
    return String(values[name]);
  });
}

/**
 * The words of one part, filled in: const say = wording("quiz"); say("counter", { position: 3, total: 20 }).
 * @param {string} part
 * @returns {(key: string, values?: Record<string, string | number>) => string}
 */
export function wording(part) {
  return (key, values = {}) => format(lookUp(part, key), values);
}

const say = wording("site");

/**
 * Items listed in a sentence: a、b、c.
 * @param {Array<string | number>} items
 */
export function listed(items) {
  return items.join(say("list_separator"));
}

// ---- Elements and clause links --------------------------------------------------------------------------

/**
 * @template {keyof HTMLElementTagNameMap} Tag
 * @param {Tag} tag
 * @param {string} [text]
 * @param {string} [className]
 * @returns {HTMLElementTagNameMap[Tag]}
 */
export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/**
 * The address of a clause on the policy page, e.g. ../../policy/#s3-2-3 for 三（二）3.
 * @param {HTMLElement} root
 * @param {string} label
 */
export function clauseHref(root, label) {
  const fragments = JSON.parse(root.dataset.jmClauseFragments);
  return `${root.dataset.jmPolicyUrl}#${fragments[label]}`;
}

/**
 * 依据条款：a、b — one link per clause.
 * @param {HTMLElement} root
 * @param {string[]} labels
 */
export function clauseLinks(root, labels) {
  const paragraph = element("p", say("clauses_lead"), "jm-calc__clauses");
  labels.forEach((label, index) => {
    if (index) paragraph.append(say("list_separator"));
    const link = element("a", label);
    link.href = clauseHref(root, label);
    paragraph.append(link);
  });
  return paragraph;
}
