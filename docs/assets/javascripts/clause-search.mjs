// The clause search: in the search box, above Material's results, the clauses of the official text that answer
// the query. Material's search cuts its index into words with jieba at build time and the query another way, so
// a phrase copied from the text can miss its own clause; with 31 clauses, every one can simply be scored here,
// by the query's character pairs (bigrams, the usual way to match Chinese without cutting it into words), its
// verbatim pieces, the words readers use for the text's (policytext/search_synonyms.toml) and a clause label
// written any way (四（一）, 3-2-3, 三.二.3). The data is search/clauses.json (sitebuild/clause_search.py).
// site.js loads this module the first time the reader reaches for the search box.

import { element, wording } from "./dom.mjs";

const say = wording("site");

/**
 * @typedef {object} ClauseData
 * @property {string} label
 * @property {string} fragment
 * @property {string} text the official text
 * @property {string} notes the gist of its 解读
 * @property {string[]} terms glossary terms that matter to it
 *
 * @typedef {object} SearchData
 * @property {number} version
 * @property {ClauseData[]} clauses
 * @property {Record<string, string[]>} synonyms
 *
 * @typedef {object} Clause
 * @property {string} label
 * @property {string} fragment
 * @property {string} text
 * @property {string} main the text and its terms, folded
 * @property {string} notes the 解读, folded
 * @property {Set<string>} mainPairs
 * @property {Set<string>} notePairs
 *
 * @typedef {object} Index
 * @property {Clause[]} clauses
 * @property {Map<string, number>} weight each character pair's inverse document frequency
 * @property {[string, string[]][]} synonyms
 *
 * @typedef {object} Hit
 * @property {Clause} clause
 * @property {number} score
 * @property {boolean} strong a label, or a verbatim piece of 4+ characters: Enter goes there
 * @property {string[]} pieces the query's own pieces found verbatim in the text
 * @property {string[]} marked what the snippet marks: those pieces, then the synonyms' words found verbatim
 */

// What a query piece is worth: a verbatim match of the text per character, of the 解读 per character, and
// a pair found only in the 解读 against one in the text; words a query gets from the synonyms count less.
const VERBATIM = 4;
const VERBATIM_IN_NOTES = 1.5;
const NOTES = 0.4;
const SYNONYM = 0.6;
const SHOWN = 5;
// A clause is listed when it holds at least this share of the weight of the query's own pairs (or a verbatim
// piece of it): a clause that shares one common pair with a long query is noise.
const COVERAGE = 0.5;
const STRONG_PIECE = 4;
const NUMERALS = "〇一二三四五六七八九十";
// A label: numbers (in numerals or digits) joined by brackets, dots or dashes, as folded: 四(一), 三(二)3, 3-2-3.
const NUMBER = `(?:[${NUMERALS}]+|\\d+)`;
const LABEL = new RegExp(`^${NUMBER}(?:[().\\-]*${NUMBER})*[)]?$`, "u");
const LABEL_NUMBERS = new RegExp(NUMBER, "gu");

/** Full-width forms folded (（ → (, ７ → 7) and Latin letters lower-cased, on the text and the query alike. */
export const fold = (/** @type {string} */ text) => text.normalize("NFKC").toLowerCase();
// Quotation marks taken out before matching: the text writes 从“养人”向“办事”的转变, a reader types it without.
const QUOTES = /[“”‘’「」『』"']/g;
const matchable = (/** @type {string} */ text) => fold(text).replace(QUOTES, "");

const SEPARATORS = /[\s,.;:!?"'()[\]<>、，。；：！？“”‘’「」『』《》〈〉【】…—·]+/u;

/** @param {string} text */
function pairsOf(text) {
  const pairs = new Set();
  for (const piece of text.split(SEPARATORS)) {
    if (piece.length === 1) pairs.add(piece);
    for (let i = 0; i + 1 < piece.length; i++) pairs.add(piece.slice(i, i + 2));
  }
  return pairs;
}

/** @param {SearchData} data @returns {Index} */
export function prepare(data) {
  const clauses = data.clauses.map((clause) => {
    const main = matchable(`${clause.text} ${clause.terms.join(" ")}`);
    const notes = matchable(clause.notes);
    return { label: clause.label, fragment: clause.fragment, text: clause.text, main, notes,
      mainPairs: pairsOf(main), notePairs: pairsOf(notes) };
  });
  const counts = new Map();
  for (const clause of clauses) {
    for (const pair of new Set([...clause.mainPairs, ...clause.notePairs])) counts.set(pair, (counts.get(pair) || 0) + 1);
  }
  const weight = new Map([...counts].map(([pair, count]) => [pair, Math.log(1 + clauses.length / count)]));
  const synonyms = Object.entries(data.synonyms).map(([word, words]) => /** @type {[string, string[]]} */ (
    [fold(word), words.map(fold)]));
  return { clauses, weight, synonyms };
}

/** 1–99 in Chinese numerals (三, 十一, 二十) or digits; NaN otherwise. @param {string} text */
function numberOf(text) {
  if (/^\d+$/.test(text)) return Number(text);
  const digits = [...text].map((character) => NUMERALS.indexOf(character));
  if (digits.some((digit) => digit < 0)) return NaN;
  const ten = digits.indexOf(10);
  if (ten < 0) return digits.length === 1 ? digits[0] : NaN;
  return (ten === 0 ? 1 : digits[0]) * 10 + (digits[ten + 1] || 0);
}

/**
 * The fragment a query names when it is a clause label, written as the text does (四（一）, 三（二）3) or with
 * digits and dots or dashes (3-2-3, 三.二.3, 4.1); null for any other query.
 * @param {string} query
 */
export function labelledFragment(query) {
  const folded = fold(query).replace(/\s+/g, "");
  if (!LABEL.test(folded)) return null;
  const numbers = (folded.match(LABEL_NUMBERS) || []).map(numberOf);
  return numbers.length && numbers.every((n) => n > 0) ? `s${numbers.join("-")}` : null;
}

/**
 * The clauses that answer `query`, best first, at most SHOWN.
 * @param {Index} index
 * @param {string} query
 * @returns {Hit[]}
 */
export function rank(index, query) {
  const folded = matchable(query).trim();
  if (!folded) return [];
  const fragment = labelledFragment(folded);
  const labelled = index.clauses.find((clause) => clause.fragment === fragment);
  if (labelled) return [{ clause: labelled, score: Infinity, strong: true, pieces: [], marked: [] }];

  const own = folded.split(SEPARATORS).filter(Boolean);
  const borrowed = index.synonyms.filter(([word]) => folded.includes(word)).flatMap(([, words]) => words);
  const ownPairs = pairsOf(own.join(" "));
  // A pair no clause holds weighs as much as the rarest: 离线使用 shares only 使用 with the text, and is not
  // about any clause.
  const rarest = Math.log(1 + index.clauses.length);
  const possible = [...ownPairs].reduce((sum, pair) => sum + (index.weight.get(pair) || rarest), 0);

  // Each piece with its share and its pairs' weights, worked out once for the 31 clauses.
  /** @type {{ piece: string, share: number, pairs: [string, number][] }[]} */
  const weighed = [];
  for (const [list, share] of /** @type {[string[], number][]} */ ([[own, 1], [borrowed, SYNONYM]])) {
    for (const piece of list) {
      const pairs = [...pairsOf(piece)].map((pair) => /** @type {[string, number]} */ ([pair, index.weight.get(pair) || 0]));
      weighed.push({ piece, share, pairs });
    }
  }

  const hits = index.clauses.map((clause) => {
    let score = 0;
    let covered = 0;
    const pieces = [];
    const marked = [];
    for (const { piece, share, pairs } of weighed) {
      if (piece.length >= 2 && clause.main.includes(piece)) {
        score += share * VERBATIM * piece.length;
        if (share === 1) pieces.push(piece);
        marked.push(piece);
      } else if (piece.length >= 2 && clause.notes.includes(piece)) {
        score += share * VERBATIM_IN_NOTES * piece.length;
      }
      for (const [pair, value] of pairs) {
        const found = clause.mainPairs.has(pair) ? 1 : clause.notePairs.has(pair) ? NOTES : 0;
        score += share * found * value;
        if (share === 1 && ownPairs.has(pair)) covered += found * value;
      }
    }
    const strong = pieces.some((piece) => piece.length >= STRONG_PIECE);
    const listed = pieces.length > 0 || (borrowed.length > 0 && score > 0) || covered >= COVERAGE * possible;
    return { clause, score: listed ? score : 0, strong, pieces, marked };
  });
  return hits.filter((hit) => hit.score > 0).sort((a, b) => b.score - a.score).slice(0, SHOWN);
}

// ---- In the search box ----------------------------------------------------------------------------------

const AROUND = 24; // characters of text shown before the first match
const SNIPPET = 90;

/** The text around the first match, its verbatim pieces marked. @param {Hit} hit */
function snippet(hit) {
  const { text } = hit.clause;
  const folded = fold(text);
  const same = folded.length === text.length; // folding kept every position, so matches map back
  const first = same ? Math.min(...hit.marked.map((piece) => folded.indexOf(piece)).filter((at) => at >= 0)) : 0;
  const start = Number.isFinite(first) ? Math.max(0, first - AROUND) : 0;
  const end = Math.min(text.length, start + SNIPPET);
  const paragraph = element("p", undefined, "jm-clause-result__text");
  if (start > 0) paragraph.append("…");
  const marks = [];
  for (const piece of same ? hit.marked : []) {
    for (let at = folded.indexOf(piece, start); at >= 0 && at < end; at = folded.indexOf(piece, at + piece.length)) {
      marks.push([at, Math.min(end, at + piece.length)]);
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  let position = start;
  for (const [from, to] of marks) {
    if (from < position) continue;
    paragraph.append(text.slice(position, from), element("mark", text.slice(from, to)));
    position = to;
  }
  paragraph.append(text.slice(position, end));
  if (end < text.length) paragraph.append("…");
  return paragraph;
}

/** @param {Hit[]} hits @param {URL} siteRoot */
function results(hits, siteRoot) {
  const section = element("section", undefined, "jm-clause-results");
  section.dataset.jmClauseResults = "";
  const title = element("p", say("clause_results"), "jm-clause-results__title");
  title.id = "jm-clause-results-title";
  section.setAttribute("aria-labelledby", title.id);
  const list = element("ol", undefined, "jm-clause-results__list");
  hits.forEach((hit, place) => {
    const link = element("a", undefined, "jm-clause-result");
    link.href = new URL(`policy/#${hit.clause.fragment}`, siteRoot).href;
    // Material's Enter goes to the link whose first child carries the highest data-md-score: a label or a
    // verbatim piece of the text beats any page, anything weaker leaves Enter to Material's best result.
    const article = element("article");
    article.dataset.mdScore = String(hit.strong ? 1e9 - place : 0);
    article.append(element("p", hit.clause.label, "jm-clause-result__label"), snippet(hit));
    link.append(article);
    const item = element("li");
    item.append(link);
    list.append(item);
  });
  section.append(title, list);
  return section;
}

/** @type {Promise<Index> | null} */
let loading = null;

/**
 * Wire the clause search to Material's search box, on this page and the next (instant navigation).
 * @param {URL} siteRoot
 */
export function start(siteRoot) {
  loading = fetch(new URL("search/clauses.json", siteRoot))
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
    .then(prepare);
  const update = async () => {
    const input = /** @type {HTMLInputElement | null} */ (document.querySelector('[data-md-component="search-query"]'));
    const output = document.querySelector('[data-md-component="search-result"]');
    if (!input || !output) return;
    const index = await loading;
    const hits = rank(index, input.value);
    const shown = output.querySelector("[data-jm-clause-results]");
    if (!hits.length) {
      if (shown) shown.remove();
      return;
    }
    const block = results(hits, siteRoot);
    if (shown) shown.replaceWith(block);
    else output.prepend(block);
  };
  // site.js starts this once (it keeps the import's promise), so these listeners are added once.
  for (const event of ["input", "keyup", "focusin"]) {
    document.addEventListener(event, (e) => {
      if (e.target instanceof Element && e.target.matches('[data-md-component="search-query"]')) update();
    });
  }
  return update().catch((error) => console.warn("clause search:", error));
}
