// Exam training in the browser: practice mode (instant feedback, every item type), exam mode (random single-
// and multiple-choice questions, a timer, a score and a review), the wrong-answer notebook, and the paper
// builder (a printable paper, its answer grid and its key, reproducible from the page address). The questions
// come from training/questions.json, built from the question bank; sitebuild/question_pages.py writes the root
// element each page is built in (data-jm-quiz="practice" | "exam" | "notebook" | "paper").
// Progress, the wrong-answer notebook and an unfinished exam are kept in localStorage, nowhere else.
//
// Storage (one key per purpose, JSON values):
//   jm-quiz-progress  { "<question id>": { "seen": n, "right": n, "last": true|false } }
//   jm-quiz-wrong     [ "<question id>", … ]        the wrong-answer notebook
//   jm-quiz-exam      { ids, orders, answers, deadline, started }   an exam not yet handed in
//
// Paper builder address: training/paper/?n=20&kinds=single,multiple,true_false&chapters=s3-2,s4-1&seed=123456
// &title=…  (chapters are the clause fragments of the parts of the document; absent = all; title optional).

// An ES module (mkdocs.yml), for the helpers it shares with the calculators; it runs once per full load, and
// Material's instant navigation calls setUpPage for every new page.
import { clauseHref, element, listed, wording, words } from "./dom.mjs";

(() => {
  "use strict";

  const KEYS = { progress: "jm-quiz-progress", wrong: "jm-quiz-wrong", exam: "jm-quiz-exam" };
  // The words, from the training pages' block (sitebuild/page_words.toml, [quiz]); read when first needed, since
  // this module runs on every page.
  const say = wording("quiz");
  const typeName = (kind) => words("quiz", "type_names")[kind];
  const KIND_ORDER = ["single", "multiple", "true_false"];
  // Exam mode follows the national exam's form: single- and multiple-choice items only. True/false items stay in
  // practice mode and on the printable pages.
  const EXAM_TYPES = new Set(["single", "multiple"]);
  const LETTERS = "ABCDEFGH";
  const LAST_MINUTE = 60_000;
  let questionsPromise = null; // loaded once per visit; instant navigation keeps it
  let dialogCount = 0;

  // ---- Storage that never throws (private windows may refuse it) ---------------------------------------
  function load(key, fallback) {
    try {
      const value = JSON.parse(window.localStorage.getItem(key));
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // not kept, but the page goes on working
    }
  }

  function remove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      // nothing to remove
    }
  }

  // ---- Small helpers ---------------------------------------------------------------------------------
  /**
   * @param {string} text
   * @param {string} [className]
   * @param {"button" | "submit" | "reset"} [type]
   */
  function button(text, className = "md-button", type = "button") {
    const node = element("button", text, className);
    node.type = type;
    return node;
  }

  function shuffled(list, random = Math.random) {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  // Papers are drawn with a seeded generator, not Math.random, because Math.random cannot be seeded: with the
  // seed in the address, the same address gives the same paper and option orders in any browser. mulberry32 is a
  // few lines of 32-bit integer arithmetic (Math.imul), so every engine computes the same sequence, and it is
  // random enough to shuffle a hundred questions (it is not meant for secrets).
  function mulberry32(seed) {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function sameAnswer(chosen, answer) {
    return chosen.length === answer.length && [...chosen].sort().join() === [...answer].sort().join();
  }

  function record(question, right) {
    const progress = load(KEYS.progress, {});
    const entry = progress[question.id] || { seen: 0, right: 0 };
    entry.seen += 1;
    entry.right += right ? 1 : 0;
    entry.last = right;
    progress[question.id] = entry;
    save(KEYS.progress, progress);
    const wrong = new Set(load(KEYS.wrong, []));
    if (right) wrong.delete(question.id);
    else wrong.add(question.id);
    save(KEYS.wrong, [...wrong]);
  }

  function notebookIds(byId) {
    return load(KEYS.wrong, []).filter((id) => byId.has(id));
  }

  function clauseLink(root, label, text = say("clause_link", { clause: label })) {
    const link = element("a", text, "jm-quiz__clause");
    link.href = clauseHref(root, label);
    return link;
  }

  function answerText(question, order) {
    // The chosen or correct options as the reader saw them: letter and text (order maps shown → original).
    return order
      .map((original, shown) => (question.answer.includes(original) ? `${LETTERS[shown]}. ${question.options[original]}` : null))
      .filter(Boolean)
      .join(say("answer_separator"));
  }

  // The right answer as a printed paper gives it: letters in the order shown, or 正确 / 错误.
  function answerLetters(question, order) {
    if (question.type === "true_false") return question.options[question.answer[0]];
    return order.map((original, shown) => (question.answer.includes(original) ? LETTERS[shown] : "")).join("");
  }

  // Options are shuffled so the position of the answer teaches nothing; 正确/错误 keep their usual order.
  function optionOrder(question, random = Math.random) {
    const order = question.options.map((_, index) => index);
    return question.type === "true_false" ? order : shuffled(order, random);
  }

  // One question as a fieldset of radio buttons or checkboxes, options in the given order.
  function questionFieldset(question, order, name, number) {
    const fieldset = element("fieldset", undefined, "jm-quiz__question");
    fieldset.dataset.jmQuestionId = question.id;
    const legend = element("legend");
    legend.append(element("span", `${number ? `${number}. ` : ""}${say("type_tag", { type: typeName(question.type) })}`, "jm-quiz__type"),
      question.stem);
    fieldset.append(legend);
    const kind = question.type === "multiple" ? "checkbox" : "radio";
    order.forEach((original, shown) => {
      const id = `${name}-${shown}`;
      const row = element("div", undefined, "jm-quiz__option");
      const input = element("input");
      input.type = kind;
      input.name = name;
      input.id = id;
      input.value = String(original);
      const label = element("label", `${LETTERS[shown]}. ${question.options[original]}`);
      label.htmlFor = id;
      row.append(input, label);
      fieldset.append(row);
    });
    return fieldset;
  }

  function chosenIn(fieldset) {
    return [...fieldset.querySelectorAll("input:checked")].map((input) => Number(input.value));
  }

  // ---- Asking before anything is lost ------------------------------------------------------------------
  // An in-page modal dialog rather than window.confirm: screen readers read it as a dialog with its question and
  // two labelled buttons, it follows the site's colours, and tests can answer it. The safe choice has the focus,
  // and Esc is the safe choice too. Resolves true for the confirming button.
  function ask(host, message, confirmText, cancelText) {
    return new Promise((resolve) => {
      dialogCount += 1;
      const dialog = element("dialog", undefined, "jm-quiz__dialog");
      const text = element("p", message, "jm-quiz__dialog-text");
      text.id = `jm-quiz-dialog-${dialogCount}`;
      dialog.setAttribute("aria-labelledby", text.id);
      const form = element("form", undefined, "jm-quiz__dialog-actions");
      form.method = "dialog";
      const cancel = button(cancelText, "md-button md-button--primary", "submit");
      cancel.value = "cancel";
      cancel.autofocus = true;
      const confirm = button(confirmText, "md-button", "submit");
      confirm.value = "confirm";
      form.append(cancel, confirm);
      dialog.append(text, form);
      dialog.addEventListener("close", () => {
        dialog.remove();
        resolve(dialog.returnValue === "confirm");
      });
      host.append(dialog);
      dialog.showModal();
    });
  }

  // The reader's record (progress and notebook), with the one control that clears it. Kept at the top of the
  // page, away from the answer buttons a thumb reaches for, and it asks first.
  function recordBox(root, questions, { onCleared, notebookLink }) {
    const byId = new Map(questions.map((q) => [q.id, q]));
    const box = element("div", undefined, "jm-quiz__record");
    const summary = element("p", undefined, "jm-quiz__summary");
    const actions = element("p", undefined, "jm-quiz__record-actions");
    const link = element("a", undefined, "jm-quiz__notebook-link");
    link.href = root.dataset.jmNotebookUrl;
    const clear = button(say("clear"), "md-button jm-quiz__clear");
    if (notebookLink) actions.append(link);
    actions.append(clear);
    box.append(summary, actions);

    function refresh() {
      const progress = load(KEYS.progress, {});
      const seen = Object.keys(progress).filter((id) => byId.has(id));
      const right = seen.filter((id) => progress[id].last).length;
      const wrong = notebookIds(byId).length;
      summary.textContent = say("record_summary", { count: questions.length, seen: seen.length, right, wrong });
      summary.dataset.jmSeen = String(seen.length);
      summary.dataset.jmWrong = String(wrong);
      link.textContent = say("notebook_count", { count: wrong });
    }

    clear.addEventListener("click", async () => {
      const size = notebookIds(byId).length;
      if (!(await ask(root, say("clear_question", { count: size }), say("clear_confirm"), say("clear_cancel")))) {
        clear.focus();
        return;
      }
      remove(KEYS.progress);
      remove(KEYS.wrong);
      refresh();
      onCleared();
      clear.focus();
    });
    refresh();
    return { box, refresh };
  }

  // ---- Practice mode ---------------------------------------------------------------------------------
  function practice(root, questions) {
    const byId = new Map(questions.map((q) => [q.id, q]));
    let queue = [];
    let roundSize = 0;
    let current = null;
    let order = [];

    const records = recordBox(root, questions, { onCleared: () => { refill(); next(); }, notebookLink: true });
    const controls = element("div", undefined, "jm-quiz__controls");
    const scopeLabel = element("label", say("scope"));
    scopeLabel.htmlFor = "jm-quiz-scope";
    const scope = element("select");
    scope.id = "jm-quiz-scope";
    scope.append(new Option(say("scope_all"), "all"), new Option(say("scope_wrong"), "wrong"));
    if (new URLSearchParams(window.location.search).get("scope") === "wrong") scope.value = "wrong";
    controls.append(scopeLabel, scope);
    const form = element("form", undefined, "jm-quiz__form");
    const feedback = element("div", undefined, "jm-quiz__feedback");
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
    root.replaceChildren(records.box, controls, form, feedback);

    function refill() {
      const wrong = new Set(notebookIds(byId));
      const pool = scope.value === "wrong" ? questions.filter((q) => wrong.has(q.id)) : questions;
      queue = shuffled(pool);
      roundSize = queue.length;
    }

    function next() {
      if (!queue.length) refill();
      feedback.replaceChildren();
      if (!queue.length) {
        form.replaceChildren(element("p", say("scope_wrong_empty")));
        current = null;
        return;
      }
      current = queue.shift();
      order = optionOrder(current);
      const position = roundSize - queue.length;
      const counter = element("p", say("counter", { position, total: roundSize }), "jm-quiz__counter");
      counter.dataset.jmPosition = String(position);
      counter.dataset.jmTotal = String(roundSize);
      const submit = button(say("submit_answer"), "md-button md-button--primary", "submit");
      form.replaceChildren(counter, questionFieldset(current, order, "jm-practice", 0), submit);
    }

    // Beside the right option 「✓ 正确答案」, beside a wrong choice 「✗ 你的选择」: in words, not colour alone.
    function markOptions(fieldset, chosen) {
      for (const row of fieldset.querySelectorAll(".jm-quiz__option")) {
        const original = Number(row.querySelector("input").value);
        const isRight = current.answer.includes(original);
        const isChosen = chosen.includes(original);
        if (!isRight && !isChosen) continue;
        row.dataset.jmMark = isRight ? "right" : "chosen";
        const text = isRight ? (isChosen ? say("mark_right_chosen") : say("mark_right")) : say("mark_chosen");
        row.querySelector("label").append(" ", element("span", text, `jm-quiz__mark jm-quiz__mark--${row.dataset.jmMark}`));
      }
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!current) return;
      const fieldset = form.querySelector("fieldset");
      const chosen = chosenIn(fieldset);
      if (!chosen.length) {
        feedback.replaceChildren(element("p", say("choose_first"), "jm-quiz__wrong"));
        return;
      }
      const right = sameAnswer(chosen, current.answer);
      record(current, right);
      fieldset.disabled = true;
      markOptions(fieldset, chosen);
      const verdict = right ? say("answer_right") : say("answer_wrong", { answer: answerText(current, order) });
      const nextButton = button(say("next_question"), "md-button md-button--primary");
      nextButton.addEventListener("click", next);
      feedback.replaceChildren(
        element("p", verdict, right ? "jm-quiz__right" : "jm-quiz__wrong"),
        element("p", current.explanation),
        clauseLink(root, current.clause),
        nextButton,
      );
      form.querySelector('button[type="submit"]').remove();
      records.refresh();
      nextButton.focus();
    });
    scope.addEventListener("change", () => { refill(); next(); });
    next();
  }

  // ---- The wrong-answer notebook ---------------------------------------------------------------------
  function notebook(root, questions) {
    const byId = new Map(questions.map((q) => [q.id, q]));
    const heading = element("h2", undefined, "jm-notebook__heading");
    heading.id = "jm-notebook-heading";
    const body = element("div", undefined, "jm-notebook");
    const records = recordBox(root, questions, { onCleared: () => render(), notebookLink: false });
    root.replaceChildren(records.box, heading, body);

    function render() {
      const ids = notebookIds(byId);
      heading.textContent = say("notebook_count", { count: ids.length });
      heading.dataset.jmCount = String(ids.length);
      if (!ids.length) {
        body.replaceChildren(element("p", say("notebook_empty")));
        return;
      }
      const practise = element("a", say("notebook_practise", { count: ids.length }), "md-button md-button--primary");
      practise.href = `${root.dataset.jmPracticeUrl}?scope=wrong`;
      const list = element("ol", undefined, "jm-notebook__list");
      for (const id of ids) {
        const question = byId.get(id);
        const item = element("li", undefined, "jm-notebook__item");
        item.dataset.jmQuestionId = id;
        const stem = element("p", undefined, "jm-notebook__stem");
        stem.append(element("span", say("type_tag", { type: typeName(question.type) }), "jm-quiz__type"), question.stem);
        item.append(stem);
        const order = question.options.map((_, index) => index);
        if (question.type !== "true_false") {
          const options = element("ul", undefined, "jm-notebook__options");
          order.forEach((original, shown) => {
            const option = element("li", `${LETTERS[shown]}. ${question.options[original]}`);
            if (question.answer.includes(original)) {
              option.dataset.jmMark = "right";
              option.append(" ", element("span", say("mark_right"), "jm-quiz__mark jm-quiz__mark--right"));
            }
            options.append(option);
          });
          item.append(options);
        }
        item.append(
          element("p", say("right_answer", { answer: answerText(question, order) }), "jm-quiz__right jm-notebook__answer"),
          element("p", question.explanation),
          clauseLink(root, question.clause),
        );
        list.append(item);
      }
      body.replaceChildren(practise, list);
    }
    render();
  }

  // ---- Printed papers: the questions, an answer grid and a key ------------------------------------------
  // `picked` in the order numbered, `orders` the option orders shown. parts: any of "paper", "grid", "key"; each
  // starts a printed page of its own. grouped: picked are in paper order (single, then multiple, then
  // true/false) and each kind gets its heading; otherwise (an exam, printed as it was shown) each question says
  // its kind.
  function paperSheet(root, config, picked, orders, { title, parts, reference, grouped = true }) {
    const sheet = element("div", undefined, "jm-paper__sheet");
    const numbered = picked.map((question, index) => ({ question, order: orders[index], number: index + 1 }));
    const groups = grouped
      ? KIND_ORDER.map((kind) => numbered.filter((entry) => entry.question.type === kind)).filter((group) => group.length)
      : [numbered];
    const part = (name, heading) => {
      const section = element("section", undefined, "jm-paper__part");
      section.dataset.jmPart = name;
      const h2 = element("h2", heading, "jm-paper__title");
      section.append(h2);
      sheet.append(section);
      return section;
    };
    const note = (section) => {
      if (reference) section.append(element("p", reference, "jm-paper__reference"));
    };

    if (parts.includes("paper")) {
      const section = part("paper", title);
      const candidate = element("p", undefined, "jm-paper__candidate");
      for (const field of words("quiz", "candidate_fields")) {
        const slot = element("span", say("candidate_field", { field }), "jm-paper__field");
        slot.append(element("span", undefined, "jm-paper__blank"));
        candidate.append(slot);
      }
      section.append(candidate, element("p", say("paper_count", { count: picked.length }), "jm-paper__meta"));
      if (!grouped) {
        const kinds = KIND_ORDER.filter((kind) => picked.some((q) => q.type === kind));
        for (const kind of kinds) {
          section.append(element("p", say("paper_instructions", { type: typeName(kind), instructions: config.instructions[kind] }),
            "jm-paper__instructions"));
        }
      }
      groups.forEach((group, index) => {
        if (grouped) {
          const kind = group[0].question.type;
          section.append(
            element("h3", say("paper_group", { numeral: words("quiz", "part_numerals")[index], type: typeName(kind), count: group.length }),
              "jm-paper__group"),
            element("p", config.instructions[kind], "jm-paper__instructions"),
          );
        }
        for (const { question, order, number } of group) {
          const block = element("div", undefined, "jm-paper__question");
          block.dataset.jmQuestionId = question.id;
          const kind = grouped ? "" : say("type_tag", { type: typeName(question.type) });
          block.append(element("p", say("paper_stem", { number, type: kind, stem: question.stem }), "jm-paper__stem"));
          if (question.type !== "true_false") {
            const options = element("ul", undefined, "jm-paper__options");
            order.forEach((original, shown) => {
              const option = element("li", `${LETTERS[shown]}. ${question.options[original]}`);
              option.dataset.jmOption = String(original);
              options.append(option);
            });
            block.append(options);
          }
          section.append(block);
        }
      });
    }

    if (parts.includes("grid")) {
      const section = part("grid", say("grid_title", { title }));
      note(section);
      const grid = element("ol", undefined, "jm-paper__grid");
      for (const { question, order, number } of numbered) {
        const cell = element("li");
        cell.dataset.jmQuestionId = question.id;
        cell.append(element("span", String(number), "jm-paper__number"), element("span", answerLetters(question, order), "jm-paper__answer"));
        grid.append(cell);
      }
      section.append(grid);
    }

    if (parts.includes("key")) {
      const section = part("key", say("key_title", { title }));
      note(section);
      for (const { question, order, number } of numbered) {
        const item = element("div", undefined, "jm-paper__key-item");
        item.dataset.jmQuestionId = question.id;
        const head = element("p", undefined, "jm-paper__key-head");
        head.append(
          element("strong", `${number}.`),
          say("key_answer"),
          element("strong", answerLetters(question, order), "jm-paper__answer"),
          say("key_clause"),
          clauseLink(root, question.clause, question.clause),
        );
        const explanation = question.source
          ? say("explanation_source", { explanation: question.explanation, source: question.source }) : question.explanation;
        item.append(head, element("p", explanation, "jm-paper__explanation"));
        section.append(item);
      }
    }
    return sheet;
  }

  // Print one part of what the page shows (the rest is hidden by site.css while data-jm-print-part is set).
  function printPart(root, part) {
    root.dataset.jmPrintPart = part;
    window.addEventListener("afterprint", () => { delete root.dataset.jmPrintPart; }, { once: true });
    window.print();
  }

  // Print a sheet the page does not show (the exam's paper): in print it takes the page's place.
  function printSheet(root, sheet) {
    for (const old of root.querySelectorAll(".jm-print-sheet")) old.remove();
    sheet.classList.add("jm-print-sheet");
    root.append(sheet);
    window.addEventListener("afterprint", () => sheet.remove(), { once: true });
    window.print();
  }

  // ---- The paper builder -----------------------------------------------------------------------------
  function paperBuilder(root, bank) {
    const config = JSON.parse(root.dataset.jmPaper);
    const sectionOf = new Map();
    for (const section of config.sections) for (const label of section.clauses) sectionOf.set(label, section.key);
    const sectionKeys = config.sections.map((section) => section.key);

    function randomSeed() {
      return 100000 + Math.floor(Math.random() * 900000); // six digits: easy to read out and type
    }

    function settingsFrom(search) {
      const params = new URLSearchParams(search);
      const listed = (name, known) => (params.get(name) || "").split(",").filter((value) => known.includes(value));
      const kinds = listed("kinds", KIND_ORDER);
      const chapters = listed("chapters", sectionKeys);
      const n = Number.parseInt(params.get("n"), 10);
      const seed = params.get("seed");
      return {
        n: n > 0 ? n : 20,
        kinds: kinds.length ? kinds : [...KIND_ORDER],
        chapters: chapters.length ? chapters : [...sectionKeys],
        seed: /^\d{1,9}$/.test(seed || "") ? Number(seed) : randomSeed(),
        title: (params.get("title") || "").trim() || config.title,
      };
    }

    function addressOf(settings) {
      const query = [`n=${settings.n}`, `kinds=${settings.kinds.join(",")}`];
      if (settings.chapters.length < sectionKeys.length) query.push(`chapters=${settings.chapters.join(",")}`);
      query.push(`seed=${settings.seed}`);
      if (settings.title !== config.title) query.push(`title=${encodeURIComponent(settings.title)}`);
      return `?${query.join("&")}`;
    }

    // Same settings and seed → same questions, same order, same option orders (for the same question bank).
    function draw(settings) {
      const random = mulberry32(settings.seed);
      const kinds = new Set(settings.kinds);
      const chapters = new Set(settings.chapters);
      const pool = bank.filter((q) => kinds.has(q.type) && chapters.has(sectionOf.get(q.clause)));
      const picked = shuffled(pool, random).slice(0, settings.n);
      picked.sort((a, b) => KIND_ORDER.indexOf(a.type) - KIND_ORDER.indexOf(b.type)); // stable: drawn order within a kind
      return { pool, picked, orders: picked.map((q) => optionOrder(q, random)) };
    }

    // The form: kinds, chapters, number of questions, title, paper number (the seed).
    const form = element("form", undefined, "jm-paper__form");
    const checkboxGroup = (legendText, name, entries, extraClass) => {
      const fieldset = element("fieldset", undefined, `jm-paper__choices ${extraClass || ""}`.trim());
      fieldset.append(element("legend", legendText));
      const list = element("div", undefined, "jm-paper__options-list");
      for (const [value, text] of entries) {
        const row = element("div", undefined, "jm-quiz__option");
        const input = element("input");
        input.type = "checkbox";
        input.name = name;
        input.value = value;
        input.id = `jm-paper-${name}-${value}`;
        const label = element("label", text);
        label.htmlFor = input.id;
        row.append(input, label);
        list.append(row);
      }
      fieldset.append(list);
      return fieldset;
    };
    const count = (test) => bank.filter(test).length;
    const kindsBox = checkboxGroup(say("kinds"), "kinds",
      KIND_ORDER.map((kind) => [kind, say("choice_count", { name: typeName(kind), count: count((q) => q.type === kind) })]));
    const chaptersBox = checkboxGroup(say("chapters"), "chapters",
      config.sections.map((s) => [s.key, say("choice_count", { name: s.name, count: count((q) => sectionOf.get(q.clause) === s.key) })]),
      "jm-paper__chapters");
    const allChapters = button(say("all_chapters"));
    const noChapters = button(say("no_chapters"));
    const chapterButtons = element("div", undefined, "jm-paper__chapter-buttons");
    chapterButtons.append(allChapters, noChapters);
    chaptersBox.querySelector("legend").after(chapterButtons);
    const field = (labelText, input, id) => {
      const wrapper = element("div", undefined, "jm-paper__field-row");
      const label = element("label", labelText);
      label.htmlFor = id;
      input.id = id;
      wrapper.append(label, input);
      return wrapper;
    };
    const nInput = element("input");
    nInput.type = "number";
    nInput.min = "1";
    nInput.max = String(bank.length);
    nInput.step = "1";
    nInput.required = true;
    const titleInput = element("input");
    titleInput.type = "text";
    titleInput.maxLength = 60;
    const seedInput = element("input");
    seedInput.type = "text";
    seedInput.inputMode = "numeric";
    seedInput.pattern = "[0-9]{1,9}";
    seedInput.required = true;
    seedInput.setAttribute("aria-describedby", "jm-paper-seed-hint");
    const seedHint = element("p", say("seed_hint"), "jm-paper__hint");
    seedHint.id = "jm-paper-seed-hint";
    const another = button(say("another_paper"));
    const generate = button(say("make_paper"), "md-button md-button--primary", "submit");
    const fields = element("div", undefined, "jm-paper__fields");
    fields.append(field(say("size_label"), nInput, "jm-paper-n"), field(say("paper_title"), titleInput, "jm-paper-title"),
      field(say("paper_seed"), seedInput, "jm-paper-seed"));
    const formActions = element("div", undefined, "jm-paper__form-actions");
    formActions.append(generate, another);
    form.append(kindsBox, chaptersBox, fields, seedHint, formActions);

    const status = element("p", undefined, "jm-paper__status");
    status.setAttribute("role", "status");
    const printActions = element("div", undefined, "jm-paper__actions");
    const printButtons = [["paper", say("print_paper")], ["grid", say("print_grid")], ["key", say("print_key")], ["all", say("print_all")]]
      .map(([part, text]) => {
        const control = button(text, part === "paper" ? "md-button md-button--primary" : "md-button");
        control.dataset.jmPrintPart = part;
        control.addEventListener("click", () => printPart(root, part));
        return control;
      });
    printActions.append(...printButtons);
    const output = element("div", undefined, "jm-paper");
    root.replaceChildren(form, status, printActions, output);

    function fill(settings) {
      for (const input of kindsBox.querySelectorAll("input")) input.checked = settings.kinds.includes(input.value);
      for (const input of chaptersBox.querySelectorAll("input")) input.checked = settings.chapters.includes(input.value);
      nInput.value = String(settings.n);
      titleInput.value = settings.title;
      seedInput.value = String(settings.seed);
    }

    function fromForm() {
      const checked = (box) => [...box.querySelectorAll("input:checked")].map((input) => input.value);
      return {
        n: Number.parseInt(nInput.value, 10),
        kinds: checked(kindsBox),
        chapters: checked(chaptersBox),
        seed: Number(seedInput.value),
        title: titleInput.value.trim() || config.title,
      };
    }

    function render(settings) {
      const { pool, picked, orders } = draw(settings);
      const perKind = KIND_ORDER.map((kind) => [kind, picked.filter((q) => q.type === kind).length])
        .filter(([, n]) => n).map(([kind, n]) => say("per_kind", { type: typeName(kind), count: n }));
      const drawn = { pool: pool.length, count: picked.length, per_kind: listed(perKind), seed: settings.seed };
      status.textContent = picked.length < settings.n ? say("paper_short", drawn) : say("paper_drawn", drawn);
      root.dataset.jmPaperSeed = String(settings.seed);
      root.dataset.jmPaperCount = String(picked.length);
      const reference = say("paper_reference", { seed: settings.seed, address: window.location.href });
      output.replaceChildren(paperSheet(root, config, picked, orders,
        { title: settings.title, parts: ["paper", "grid", "key"], reference }));
    }

    // The address always names the paper shown: copied or bookmarked, it gives the same paper again.
    function show(settings) {
      const address = addressOf(settings);
      if (window.location.search !== address) window.history.replaceState(window.history.state, "", address);
      fill(settings);
      render(settings);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const settings = fromForm();
      const problem = !settings.kinds.length ? say("no_kind")
        : !settings.chapters.length ? say("no_chapter")
          : !(settings.n > 0) ? say("bad_size")
            : !/^\d{1,9}$/.test(seedInput.value) ? say("bad_seed") : "";
      if (problem) {
        status.textContent = problem;
        return;
      }
      show(settings);
    });
    another.addEventListener("click", () => {
      seedInput.value = String(randomSeed());
      form.requestSubmit();
    });
    allChapters.addEventListener("click", () => { for (const input of chaptersBox.querySelectorAll("input")) input.checked = true; });
    noChapters.addEventListener("click", () => { for (const input of chaptersBox.querySelectorAll("input")) input.checked = false; });
    show(settingsFrom(window.location.search));
  }

  // ---- Exam mode -------------------------------------------------------------------------------------
  function exam(root, bank) {
    const questions = bank.filter((q) => EXAM_TYPES.has(q.type));
    // An unfinished exam saved before true/false items left exam mode holds an id not found here: it is dropped.
    const byId = new Map(questions.map((q) => [q.id, q]));
    const bankIds = new Map(bank.map((q) => [q.id, q])); // the notebook holds true/false items from practice too
    const config = JSON.parse(root.dataset.jmPaper);
    const examTitle = say("exam_title", { title: config.title });
    let timer = null;

    function setup() {
      const form = element("form", undefined, "jm-quiz__setup");
      const countLabel = element("label", say("size_label"));
      countLabel.htmlFor = "jm-exam-count";
      const count = element("select");
      count.id = "jm-exam-count";
      for (const n of [10, 20, 30, 50]) if (n <= questions.length) count.append(new Option(say("exam_count", { count: n }), String(n)));
      const minutesLabel = element("label", say("exam_time"));
      minutesLabel.htmlFor = "jm-exam-minutes";
      const minutes = element("select");
      minutes.id = "jm-exam-minutes";
      for (const n of [10, 20, 30, 60]) minutes.append(new Option(say("exam_minutes", { minutes: n }), String(n)));
      minutes.value = "20";
      const start = button(say("exam_start"), "md-button md-button--primary", "submit");
      form.append(countLabel, count, minutesLabel, minutes, start);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const picked = shuffled(questions).slice(0, Number(count.value));
        const state = {
          ids: picked.map((q) => q.id),
          orders: picked.map((q) => optionOrder(q)),
          answers: picked.map(() => []),
          started: Date.now(),
          deadline: Date.now() + Number(minutes.value) * 60_000,
        };
        save(KEYS.exam, state);
        sit(state);
      });
      root.replaceChildren(form);
    }

    function printExam(state, parts) {
      const picked = state.ids.map((id) => byId.get(id));
      printSheet(root, paperSheet(root, config, picked, state.orders, { title: examTitle, parts, reference: undefined, grouped: false }));
    }

    function sit(state) {
      const picked = state.ids.map((id) => byId.get(id));
      if (picked.some((q) => !q)) { // the bank changed since this exam began
        remove(KEYS.exam);
        setup();
        return;
      }
      let handedIn = false;
      let openQuestion = null; // the dialog asking about unanswered questions, while it is open
      const clock = element("div", undefined, "jm-quiz__clock");
      const time = element("span", undefined, "jm-quiz__time");
      // Announced politely once, in the last minute; the clock itself is not announced every second.
      const alert = element("span", undefined, "jm-quiz__alert");
      alert.setAttribute("role", "status");
      alert.setAttribute("aria-live", "polite");
      clock.append(time, alert);
      const tools = element("div", undefined, "jm-quiz__tools");
      const print = button(say("exam_print"));
      print.addEventListener("click", () => printExam(state, ["paper"]));
      tools.append(print);
      const form = element("form", undefined, "jm-quiz__paper");
      picked.forEach((question, index) => {
        const fieldset = questionFieldset(question, state.orders[index], `jm-exam-${index}`, index + 1);
        fieldset.id = `jm-exam-q-${index + 1}`;
        for (const input of fieldset.querySelectorAll("input")) {
          input.checked = state.answers[index].includes(Number(input.value));
        }
        form.append(fieldset);
      });
      const submit = button(say("hand_in"), "md-button md-button--primary", "submit");
      form.append(submit);
      form.addEventListener("change", () => {
        state.answers = [...form.querySelectorAll("fieldset")].map(chosenIn);
        save(KEYS.exam, state);
      });

      function finish(timedOut) {
        if (handedIn) return;
        handedIn = true;
        if (openQuestion) openQuestion.close();
        handIn(state, { timedOut });
      }

      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const unanswered = state.answers.map((a, index) => (a.length ? 0 : index + 1)).filter(Boolean);
        if (unanswered.length) {
          const first = unanswered[0];
          const numbers = listed(unanswered.slice(0, 10)) + (unanswered.length > 10 ? say("unanswered_more") : "");
          const asked = ask(root, say("unanswered_question", { count: unanswered.length, listed: numbers }),
            say("hand_in_anyway"), say("back_to_question", { number: first }));
          openQuestion = root.querySelector("dialog[open]");
          const handIt = await asked;
          openQuestion = null;
          if (handedIn) return;
          if (!handIt) {
            const fieldset = form.querySelector(`#jm-exam-q-${first}`);
            fieldset.scrollIntoView({ block: "center" });
            fieldset.querySelector("input").focus({ preventScroll: true });
            return;
          }
        }
        finish(false);
      });
      root.replaceChildren(clock, tools, form);
      let warned = false;
      const tick = () => {
        const left = Math.max(0, state.deadline - Date.now());
        const minutes = Math.floor(left / 60_000);
        const seconds = Math.floor((left % 60_000) / 1000);
        time.textContent = say("clock", { minutes, seconds: String(seconds).padStart(2, "0"),
          answered: state.answers.filter((a) => a.length).length, count: picked.length });
        if (left > 0 && left <= LAST_MINUTE && !warned) {
          warned = true;
          clock.dataset.jmWarning = "";
          // Set a moment after the region exists, so that screen readers notice the change.
          window.setTimeout(() => { alert.textContent = say("last_minute"); }, 300);
        }
        if (left === 0) finish(true);
      };
      form.addEventListener("change", tick);
      tick();
      timer = window.setInterval(tick, 1000);
    }

    function handIn(state, { timedOut }) {
      window.clearInterval(timer);
      remove(KEYS.exam);
      const picked = state.ids.map((id) => byId.get(id));
      const results = picked.map((question, index) => {
        const answered = state.answers[index].length > 0;
        const right = answered && sameAnswer(state.answers[index], question.answer);
        // An unanswered question scores nothing but is not a wrong answer: it stays out of the notebook.
        if (answered) record(question, right);
        return { question, index, right, answered };
      });
      const score = results.filter((r) => r.right).length;
      const report = element("div", undefined, "jm-quiz__report");
      report.setAttribute("role", "status");
      const timeout = element("p", say("timed_out"), "jm-quiz__timeout");
      if (timedOut) report.append(timeout);
      const points = Math.round((score / picked.length) * 100);
      const heading = element("p", say("score", { score, count: picked.length, points }), "jm-quiz__score");
      heading.dataset.jmScore = String(score);
      heading.dataset.jmTotal = String(picked.length);
      report.append(heading);
      const wrong = results.filter((r) => r.answered && !r.right).length;
      const unanswered = results.filter((r) => !r.answered).length;
      const missed = results.filter((r) => !r.right);
      if (missed.length) {
        const told = [];
        if (wrong) told.push(say("review_wrong", { count: wrong }));
        if (unanswered) told.push(say("review_unanswered", { count: unanswered }));
        report.append(element("p", say("review_lead", { told: told.join(say("review_separator")) }), "jm-quiz__subhead"));
        const list = element("ol", undefined, "jm-quiz__review");
        for (const { question, index, answered } of missed) {
          const item = element("li");
          item.value = index + 1;
          item.dataset.jmQuestionId = question.id;
          if (!answered) item.dataset.jmUnanswered = "";
          const given = answered ? answerText({ ...question, answer: state.answers[index] }, state.orders[index]) : say("not_answered");
          item.append(
            element("p", say("review_stem", { number: index + 1, stem: question.stem })),
            element("p", say("review_answers", { given, answer: answerText(question, state.orders[index]) }), "jm-quiz__wrong"),
            element("p", question.explanation),
            clauseLink(root, question.clause),
          );
          list.append(item);
        }
        report.append(list);
      } else {
        report.append(element("p", say("all_right"), "jm-quiz__right"));
      }
      const notebookSize = notebookIds(bankIds).length;
      const notebookLink = element("a", say("notebook_view", { count: notebookSize }), "jm-quiz__notebook-link");
      notebookLink.href = root.dataset.jmNotebookUrl;
      const actions = element("p", undefined, "jm-quiz__report-actions");
      const again = button(say("exam_again"), "md-button md-button--primary");
      again.addEventListener("click", setup);
      const print = button(say("exam_print_all"));
      print.addEventListener("click", () => printExam(state, ["paper", "grid", "key"]));
      actions.append(notebookLink, again, print);
      report.append(actions);
      root.replaceChildren(report);
      const focusTarget = timedOut ? timeout : heading;
      focusTarget.setAttribute("tabindex", "-1");
      focusTarget.focus();
    }

    const unfinished = load(KEYS.exam, null);
    if (unfinished && unfinished.ids && unfinished.deadline > Date.now()) sit(unfinished);
    else if (unfinished && unfinished.ids) { // time ran out while the page was closed
      if (unfinished.ids.some((id) => !byId.has(id))) { remove(KEYS.exam); setup(); }
      else handIn(unfinished, { timedOut: true });
    } else setup();
  }

  // ---- Wiring ----------------------------------------------------------------------------------------
  const MODES = { practice, exam, notebook, paper: paperBuilder };

  async function setUp(root) {
    if (root.dataset.jmBound) return;
    root.dataset.jmBound = "";
    questionsPromise = questionsPromise || fetch(root.dataset.jmQuestionsUrl).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    });
    let questions;
    try {
      questions = await questionsPromise;
    } catch (error) {
      questionsPromise = null;
      root.dataset.jmState = "error";
      root.querySelector("[data-jm-quiz-status]").textContent = say("load_failed");
      return;
    }
    (MODES[root.dataset.jmQuiz] || practice)(root, questions);
    root.dataset.jmState = "ready";
  }

  function setUpPage() {
    for (const root of document.querySelectorAll("[data-jm-quiz]")) setUp(root);
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(setUpPage);
  else document.addEventListener("DOMContentLoaded", setUpPage);
})();
