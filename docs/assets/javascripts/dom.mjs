// Small DOM helpers the page scripts share (the calculators and quiz.js): building an element, and linking a
// clause label to its place on the policy page. The page's root element carries the policy page's address
// (data-policy-url) and every label's fragment (data-clause-fragments), both written by the build.

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
  const fragments = JSON.parse(root.dataset.clauseFragments);
  return `${root.dataset.policyUrl}#${fragments[label]}`;
}

/**
 * 依据条款：a、b — one link per clause.
 * @param {HTMLElement} root
 * @param {string[]} labels
 */
export function clauseLinks(root, labels) {
  const paragraph = element("p", "依据条款：", "jm-calc__clauses");
  labels.forEach((label, index) => {
    if (index) paragraph.append("、");
    const link = element("a", label);
    link.href = clauseHref(root, label);
    paragraph.append(link);
  });
  return paragraph;
}
