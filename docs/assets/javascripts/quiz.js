// Exam training in the browser: practice mode (instant feedback, every item type) and exam mode (random single-
// and multiple-choice questions, a timer, a score and a review). The questions come from training/questions.json,
// built from the question bank.
// Progress, the wrong-answer notebook and an unfinished exam are kept in localStorage, nowhere else.
//
// Storage (one key per purpose, JSON values):
//   jm-quiz-progress  { "<question id>": { "seen": n, "right": n, "last": true|false } }
//   jm-quiz-wrong     [ "<question id>", … ]        the wrong-answer notebook
//   jm-quiz-exam      { ids, orders, answers, deadline, started }   an exam not yet handed in

(() => {
  "use strict";

  const KEYS = { progress: "jm-quiz-progress", wrong: "jm-quiz-wrong", exam: "jm-quiz-exam" };
  const TYPE_NAMES = { single: "单选题", multiple: "多选题", true_false: "判断题" };
  // Exam mode follows the national exam's form: single- and multiple-choice items only. True/false items stay in
  // practice mode and on the printable pages.
  const EXAM_TYPES = new Set(["single", "multiple"]);
  const LETTERS = "ABCDEFGH";
  let questionsPromise = null; // loaded once per visit; instant navigation keeps it

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
  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function shuffled(list) {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
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

  function clauseLink(root, label) {
    const fragments = JSON.parse(root.dataset.clauseFragments);
    const link = element("a", `依据条款：${label}`, "jm-quiz__clause");
    link.href = `${root.dataset.policyUrl}#${fragments[label]}`;
    return link;
  }

  function answerText(question, order) {
    // The chosen or correct options as the reader saw them: letter and text (order maps shown → original).
    return order
      .map((original, shown) => (question.answer.includes(original) ? `${LETTERS[shown]}. ${question.options[original]}` : null))
      .filter(Boolean)
      .join("；");
  }

  // Options are shuffled so the position of the answer teaches nothing; 正确/错误 keep their usual order.
  function optionOrder(question) {
    const order = question.options.map((_, index) => index);
    return question.type === "true_false" ? order : shuffled(order);
  }

  // One question as a fieldset of radio buttons or checkboxes, options in the given order.
  function questionFieldset(question, order, name, number) {
    const fieldset = element("fieldset", undefined, "jm-quiz__question");
    fieldset.dataset.questionId = question.id;
    const legend = element("legend");
    legend.append(element("span", `${number ? `${number}. ` : ""}【${TYPE_NAMES[question.type]}】`, "jm-quiz__type"), question.stem);
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

  // ---- Practice mode ---------------------------------------------------------------------------------
  function practice(root, questions) {
    const byId = new Map(questions.map((q) => [q.id, q]));
    let queue = [];
    let current = null;
    let order = [];

    const summary = element("p", undefined, "jm-quiz__summary");
    const controls = element("div", undefined, "jm-quiz__controls");
    const scopeLabel = element("label", "练习范围");
    scopeLabel.htmlFor = "jm-quiz-scope";
    const scope = element("select");
    scope.id = "jm-quiz-scope";
    scope.append(new Option("全部题目", "all"), new Option("只练错题本", "wrong"));
    const reset = element("button", "清空练习记录", "md-button");
    reset.type = "button";
    controls.append(scopeLabel, scope, reset);
    const form = element("form", undefined, "jm-quiz__form");
    const feedback = element("div", undefined, "jm-quiz__feedback");
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
    root.replaceChildren(summary, controls, form, feedback);

    function showSummary() {
      const progress = load(KEYS.progress, {});
      const seen = Object.keys(progress).filter((id) => byId.has(id));
      const right = seen.filter((id) => progress[id].last).length;
      const wrong = load(KEYS.wrong, []).filter((id) => byId.has(id)).length;
      summary.textContent = `共 ${questions.length} 题；已练习 ${seen.length} 题，最近一次答对 ${right} 题；错题本 ${wrong} 题。`;
      summary.dataset.seen = String(seen.length);
      summary.dataset.wrong = String(wrong);
    }

    function refill() {
      const wrong = new Set(load(KEYS.wrong, []));
      const pool = scope.value === "wrong" ? questions.filter((q) => wrong.has(q.id)) : questions;
      queue = shuffled(pool);
    }

    function next() {
      if (!queue.length) refill();
      feedback.replaceChildren();
      if (!queue.length) {
        form.replaceChildren(element("p", "错题本是空的。换成“全部题目”继续练习吧。"));
        current = null;
        return;
      }
      current = queue.shift();
      order = optionOrder(current);
      const submit = element("button", "提交答案", "md-button md-button--primary");
      submit.type = "submit";
      form.replaceChildren(questionFieldset(current, order, "jm-practice", 0), submit);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!current) return;
      const fieldset = form.querySelector("fieldset");
      const chosen = chosenIn(fieldset);
      if (!chosen.length) {
        feedback.replaceChildren(element("p", "请先选择答案。", "jm-quiz__wrong"));
        return;
      }
      const right = sameAnswer(chosen, current.answer);
      record(current, right);
      fieldset.disabled = true;
      const verdict = right ? "回答正确。" : `回答错误。正确答案：${answerText(current, order)}`;
      const nextButton = element("button", "下一题", "md-button md-button--primary");
      nextButton.type = "button";
      nextButton.addEventListener("click", next);
      feedback.replaceChildren(
        element("p", verdict, right ? "jm-quiz__right" : "jm-quiz__wrong"),
        element("p", current.explanation),
        clauseLink(root, current.clause),
        nextButton,
      );
      form.querySelector('button[type="submit"]').remove();
      showSummary();
      nextButton.focus();
    });
    scope.addEventListener("change", () => { refill(); next(); });
    reset.addEventListener("click", () => {
      remove(KEYS.progress);
      remove(KEYS.wrong);
      showSummary();
      refill();
      next();
    });
    showSummary();
    next();
  }

  // ---- Exam mode -------------------------------------------------------------------------------------
  function exam(root, bank) {
    const questions = bank.filter((q) => EXAM_TYPES.has(q.type));
    // An unfinished exam saved before true/false items left exam mode holds an id not found here: it is dropped.
    const byId = new Map(questions.map((q) => [q.id, q]));
    let timer = null;

    function setup() {
      const form = element("form", undefined, "jm-quiz__setup");
      const countLabel = element("label", "题量");
      countLabel.htmlFor = "jm-exam-count";
      const count = element("select");
      count.id = "jm-exam-count";
      for (const n of [10, 20, 30, 50]) if (n <= questions.length) count.append(new Option(`${n} 题`, String(n)));
      const minutesLabel = element("label", "考试时间");
      minutesLabel.htmlFor = "jm-exam-minutes";
      const minutes = element("select");
      minutes.id = "jm-exam-minutes";
      for (const n of [10, 20, 30, 60]) minutes.append(new Option(`${n} 分钟`, String(n)));
      minutes.value = "20";
      const start = element("button", "开始考试", "md-button md-button--primary");
      start.type = "submit";
      form.append(countLabel, count, minutesLabel, minutes, start);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const picked = shuffled(questions).slice(0, Number(count.value));
        const state = {
          ids: picked.map((q) => q.id),
          orders: picked.map(optionOrder),
          answers: picked.map(() => []),
          started: Date.now(),
          deadline: Date.now() + Number(minutes.value) * 60_000,
        };
        save(KEYS.exam, state);
        sit(state);
      });
      root.replaceChildren(form);
    }

    function sit(state) {
      const picked = state.ids.map((id) => byId.get(id));
      if (picked.some((q) => !q)) { // the bank changed since this exam began
        remove(KEYS.exam);
        setup();
        return;
      }
      const clock = element("p", undefined, "jm-quiz__clock");
      const form = element("form", undefined, "jm-quiz__paper");
      picked.forEach((question, index) => {
        const fieldset = questionFieldset(question, state.orders[index], `jm-exam-${index}`, index + 1);
        for (const input of fieldset.querySelectorAll("input")) {
          input.checked = state.answers[index].includes(Number(input.value));
        }
        form.append(fieldset);
      });
      const submit = element("button", "交卷", "md-button md-button--primary");
      submit.type = "submit";
      form.append(submit);
      form.addEventListener("change", () => {
        state.answers = [...form.querySelectorAll("fieldset")].map(chosenIn);
        save(KEYS.exam, state);
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        handIn(state);
      });
      root.replaceChildren(clock, form);
      const tick = () => {
        const left = Math.max(0, state.deadline - Date.now());
        const minutes = Math.floor(left / 60_000);
        const seconds = Math.floor((left % 60_000) / 1000);
        clock.textContent = `剩余时间 ${minutes}:${String(seconds).padStart(2, "0")}　已答 ${state.answers.filter((a) => a.length).length} / ${picked.length} 题`;
        if (left === 0) handIn(state);
      };
      form.addEventListener("change", tick);
      tick();
      timer = window.setInterval(tick, 1000);
    }

    function handIn(state) {
      window.clearInterval(timer);
      remove(KEYS.exam);
      const picked = state.ids.map((id) => byId.get(id));
      const results = picked.map((question, index) => {
        const right = sameAnswer(state.answers[index], question.answer);
        record(question, right);
        return { question, index, right };
      });
      const score = results.filter((r) => r.right).length;
      const report = element("div", undefined, "jm-quiz__report");
      report.setAttribute("role", "status");
      const heading = element("p", `得分：${score} / ${picked.length}（${Math.round((score / picked.length) * 100)} 分）`, "jm-quiz__score");
      heading.dataset.score = String(score);
      heading.dataset.total = String(picked.length);
      report.append(heading);
      const wrong = results.filter((r) => !r.right);
      if (wrong.length) {
        report.append(element("p", `答错 ${wrong.length} 题，已加入错题本：`, "jm-quiz__subhead"));
        const list = element("ol", undefined, "jm-quiz__review");
        for (const { question, index } of wrong) {
          const item = element("li");
          item.dataset.questionId = question.id;
          const given = state.answers[index].length ? answerText({ ...question, answer: state.answers[index] }, state.orders[index]) : "未答";
          item.append(
            element("p", `第 ${index + 1} 题：${question.stem}`),
            element("p", `你的答案：${given}；正确答案：${answerText(question, state.orders[index])}`, "jm-quiz__wrong"),
            element("p", question.explanation),
            clauseLink(root, question.clause),
          );
          list.append(item);
        }
        report.append(list);
      } else {
        report.append(element("p", "全部答对！", "jm-quiz__right"));
      }
      const again = element("button", "再考一次", "md-button md-button--primary");
      again.type = "button";
      again.addEventListener("click", setup);
      report.append(again);
      root.replaceChildren(report);
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }

    const unfinished = load(KEYS.exam, null);
    if (unfinished && unfinished.ids && unfinished.deadline > Date.now()) sit(unfinished);
    else if (unfinished && unfinished.ids) handIn(unfinished); // time ran out while the page was closed
    else setup();
  }

  // ---- Wiring ----------------------------------------------------------------------------------------
  async function setUp(root) {
    if (root.dataset.bound) return;
    root.dataset.bound = "";
    questionsPromise = questionsPromise || fetch(root.dataset.questionsUrl).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    });
    try {
      const questions = await questionsPromise;
      if (root.dataset.quiz === "exam") exam(root, questions);
      else practice(root, questions);
      root.dataset.state = "ready";
    } catch (error) {
      questionsPromise = null;
      root.dataset.state = "error";
      root.querySelector("[data-quiz-status]").textContent = "题库没有载入（网络中断？）。请刷新页面，或使用可打印的题目和答案页。";
    }
  }

  function setUpPage() {
    for (const root of document.querySelectorAll("[data-quiz]")) setUp(root);
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(setUpPage);
  else document.addEventListener("DOMContentLoaded", setUpPage);
})();
