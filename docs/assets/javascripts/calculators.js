// The calculators on the page: forms, results, the address bar, the print record — and the one Web Worker
// that runs Python for all of them (protocol: calculator-worker.mjs).
//
// The worker is created once per visit and kept in this script's closure. Material's instant navigation swaps
// the page content without reloading scripts, so the worker (and Python in it) survives page changes: the
// second calculator a reader opens is ready at once. Pages without a calculator never start it.

(() => {
  "use strict";

  const WORKER_URL = new URL("calculator-worker.mjs", document.currentScript.src);
  const STATES = { loading: "loading", ready: "ready", busy: "busy", error: "error" };
  const PROGRESS_STEPS = ["runtime", "package", "import"]; // the worker's start-up steps, in order

  // ---- The runtime: one worker, one ready promise -----------------------------------------------------
  const runtime = {
    worker: null,
    state: "idle", // idle → loading → ready | failed
    starts: 0,
    message: "",
    pending: new Map(),
    nextId: 1,
    listeners: new Set(),
  };

  function notify() {
    for (const listener of runtime.listeners) listener();
    // site.js waits for this before storing the site for offline use, which would compete with start-up.
    if (runtime.state === "ready" || runtime.state === "failed") document.dispatchEvent(new Event("jm:runtime-settled"));
  }

  function start() {
    if (runtime.worker) return;
    runtime.starts += 1;
    runtime.state = "loading";
    runtime.message = "正在加载计算器……";
    notify();
    try {
      runtime.worker = new Worker(WORKER_URL, { type: "module" });
    } catch (error) {
      fail("此浏览器版本过旧，无法使用本站的计算器；请换用较新的浏览器。下方的规则表仍可查阅。", error);
      return;
    }
    runtime.worker.onmessage = ({ data }) => {
      if (data.type === "progress") {
        runtime.message = data.message;
        runtime.step = PROGRESS_STEPS.indexOf(data.step) + 1;
        notify();
      } else if (data.type === "download") {
        runtime.download = { received: data.received, total: data.total };
        notify();
      } else if (data.type === "ready") {
        runtime.state = "ready";
        runtime.message = "";
        runtime.info = data;
        notify();
      } else if (data.type === "snapshot-kept") {
        runtime.snapshotKept = true;
      } else if (data.type === "failed") {
        fail(data.message, data.detail);
      } else if (runtime.pending.has(data.id)) {
        const { resolve, reject } = runtime.pending.get(data.id);
        runtime.pending.delete(data.id);
        if (data.type === "result") resolve(data.result);
        else reject(new Error(data.message));
      }
    };
    runtime.worker.onerror = (event) => {
      event.preventDefault();
      fail("计算器无法加载：可能是浏览器版本过旧，或网络中断。下方的规则表仍可查阅。", event.message);
    };
  }

  function fail(message, detail) {
    runtime.state = "failed";
    runtime.message = message;
    if (detail) console.error("calculators:", detail);
    for (const { reject } of runtime.pending.values()) reject(new Error(message));
    runtime.pending.clear();
    notify();
  }

  function run(calculator, inputs) {
    start();
    if (runtime.state === "failed") return Promise.reject(new Error(runtime.message));
    const id = runtime.nextId++;
    return new Promise((resolve, reject) => {
      runtime.pending.set(id, { resolve, reject });
      runtime.worker.postMessage({ id, calculator, inputs });
    });
  }

  // A small public handle, for the tests and for anyone scripting the page.
  window.jmCalculators = {
    run,
    start,
    get state() { return runtime.state; },
    get starts() { return runtime.starts; },
    // Where Python's memory came from: "stored" (this browser) | "downloaded" (the site) | "none" (a slow link:
    // started anew, and a snapshot is made here for the next visit)
    get snapshot() { return runtime.info ? runtime.info.snapshot : null; },
    get snapshotKept() { return runtime.snapshotKept === true; }, // a snapshot is stored for the next visit
    get link() { return runtime.info ? runtime.info.link_bytes_per_second : null; }, // bytes/s, as the worker timed it
    get download() { return runtime.download ? { ...runtime.download } : null; }, // { received, total } bytes
  };

  // ---- One calculator on the page --------------------------------------------------------------------
  // The calculator's inputs. Controls marked data-local belong to the page alone (the unit name printed on the
  // record, the grade tool's direction) and are never sent to Python.
  function fieldsOf(root) {
    return [...root.querySelectorAll('input[name]:not([type="file"]):not([data-local]), select[name]:not([data-local])')];
  }

  // The value a group's trigger has now: a select's value, or the checked radio's.
  function triggerValue(root, name) {
    const controls = [...root.querySelectorAll(`[name="${name}"]`)];
    if (controls.length && controls[0].type === "radio") return (controls.find((c) => c.checked) || {}).value;
    return controls.length ? controls[0].value : undefined;
  }

  function isShown(control) {
    const group = control.closest("[data-show-when]");
    if (!group) return true;
    return triggerValue(group.closest(".jm-calc"), group.dataset.showWhen) === group.dataset.showValue;
  }

  function readInputs(root) {
    const inputs = {};
    for (const control of fieldsOf(root)) {
      if (!isShown(control)) continue;
      if (control.type === "checkbox") {
        if (control.checked) inputs[control.name] = true;
      } else if (control.value.trim() !== "") {
        inputs[control.name] = control.value;
      }
    }
    return inputs;
  }

  function updateGroups(root) {
    for (const group of root.querySelectorAll("[data-show-when]")) group.hidden = !isShown(group.querySelector("[name]"));
    updateLevels(root);
  }

  // The grade tool offers only the post levels 59号 names for the chosen post (助理社会工作师: 一级、二级 …).
  function updateLevels(root) {
    const level = root.querySelector('select[name="level"]');
    const qualification = root.querySelector('[name="qualification"]');
    if (!level || !qualification || !root.dataset.levels) return;
    const levels = JSON.parse(root.dataset.levels)[qualification.value] || [];
    const chosen = level.value;
    level.replaceChildren(new Option("不区分", ""), ...levels.map((name) => new Option(name, name)));
    level.value = levels.includes(chosen) ? chosen : "";
    level.closest(".jm-field").hidden = qualification.value !== "" && levels.length === 0;
  }

  // ---- The address bar: inputs as ?ratio-total=10&…, so a result can be bookmarked and shared ------------
  function writeAddress(root, inputs) {
    const url = new URL(window.location.href);
    const prefix = `${root.dataset.calculator}-`;
    for (const key of [...url.searchParams.keys()]) if (key.startsWith(prefix)) url.searchParams.delete(key);
    for (const [name, value] of Object.entries(inputs)) url.searchParams.set(prefix + name, String(value));
    window.history.replaceState(window.history.state, "", url);
  }

  function readAddress(root) {
    const params = new URLSearchParams(window.location.search);
    const prefix = `${root.dataset.calculator}-`;
    let found = false;
    for (const control of fieldsOf(root)) {
      const value = params.get(prefix + control.name);
      if (value === null) continue;
      found = true;
      if (control.type === "checkbox") control.checked = value === "true";
      else if (control.type === "radio") control.checked = control.value === value;
      else control.value = value;
      if (control.tagName === "SELECT") updateLevels(root); // the level options depend on the post chosen
      // A field restored from a link is shown: its mode is chosen, its folded group opened.
      const group = control.closest("[data-show-when], details");
      if (group && group.tagName === "DETAILS") group.open = true;
      else if (group) {
        const trigger = root.querySelector(`[name="${group.dataset.showWhen}"][value="${group.dataset.showValue}"]`);
        if (trigger && trigger.type === "radio") trigger.checked = true;
      }
    }
    return found;
  }

  // The address of the result to share: the inputs are in the query; the fragment is dropped, since Material's
  // navigation tracking sets it to the heading scrolled to, and a colleague opening the link would land below
  // the result.
  function resultLink(root) {
    const url = new URL(window.location.href);
    url.hash = "";
    if (!root.closest(".jm-calc-embed")) return url.href;
    // A calculator folded beside its clause is shared as its own tool page, where the result is in view.
    const tool = new URL(`${root.dataset.siteRoot}tools/${root.dataset.calculator}/`, url);
    const prefix = `${root.dataset.calculator}-`;
    for (const [key, value] of url.searchParams) if (key.startsWith(prefix)) tool.searchParams.append(key, value);
    return tool.href;
  }

  async function copyLink(root) {
    const status = root.querySelector("[data-copy-status]");
    const link = resultLink(root);
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = "已复制结果链接。";
    } catch (error) {
      // No clipboard (a page not served over https, an older browser): the link is shown to copy by hand.
      const field = element("input", undefined, "jm-calc__link");
      Object.assign(field, { type: "text", value: link, readOnly: true });
      field.setAttribute("aria-label", "结果链接");
      status.replaceChildren("无法自动复制，请选中下面的链接后复制：", field);
      field.select();
    }
  }

  // ---- Showing results and errors ----------------------------------------------------------------------
  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function clauseLinks(root, labels) {
    const fragments = JSON.parse(root.dataset.clauseFragments);
    const paragraph = element("p", "依据条款：", "jm-calc__clauses");
    labels.forEach((label, index) => {
      if (index) paragraph.append("、");
      const link = element("a", label);
      link.href = `${root.dataset.policyUrl}#${fragments[label]}`;
      paragraph.append(link);
    });
    return paragraph;
  }

  function figures(calculator, result) {
    const rows = [];
    if (calculator === "ratio" && result.applies) {
      rows.push(["社会工作专业岗位占比", result.ratio_percent], ["要求", `不低于 ${result.threshold_percent}`],
        [`${result.total_posts} 个岗位至少需要`, `${result.min_social_work_posts} 个社会工作专业岗位`]);
      if (result.max_total_text) rows.push(["现有社会工作专业岗位能支撑的岗位总数", result.max_total_text]);
    } else if (calculator === "ratio") {
      rows.push(["比例要求", "不适用"], ["本文件的有关规定", result.asks]);
      for (const tier of result.tier_posts) rows.push([`${tier.tier}专业技术岗位`, tier.posts_text]);
    } else if (calculator === "grade") {
      if (result.qualification) rows.push(["社会工作专业岗位", result.qualification + (result.level || "")]);
      if (result.tier) rows.push(["岗位层级", result.tier]);
      if (result.grade_names.length) rows.push(["专业技术岗位等级", result.grade_names.join("、")]);
      if (result.not_specified) rows.push(["本文件未规定", result.not_specified]);
    } else if (calculator === "allowance") {
      rows.push(["职业津贴", result.occupational_allowance_label]);
      if (result.estimate) rows.push(["按你填写的标准估算（全年）", `${result.estimate.yearly} 元`]);
    }
    const list = element("dl", undefined, "jm-calc__figures");
    for (const [term, value] of rows) list.append(element("dt", term), element("dd", value));
    return list;
  }

  // The verdict: a heading with an icon and words, coloured by outcome — never colour alone.
  const OUTCOMES = {
    met: "✓",
    "not-met": "✗",
    "not-applicable": "–",
    incomplete: "!",
    info: "ℹ",
  };

  function verdictBlock(outcome, title, text) {
    const block = element("div", undefined, "jm-calc__verdict");
    block.dataset.outcome = outcome;
    const heading = element("p", undefined, "jm-calc__verdict-title");
    const icon = element("span", OUTCOMES[outcome], "jm-calc__verdict-icon");
    icon.setAttribute("aria-hidden", "true");
    heading.append(icon, title);
    block.append(heading, element("p", text, "jm-calc__verdict-text"));
    return block;
  }

  function outcomeOf(calculator, result) {
    if (calculator === "ratio") {
      if (result.compliant === true) return ["met", "符合比例要求"];
      if (result.compliant === false) return ["not-met", "未达到比例要求"];
      return ["not-applicable", "比例要求不适用"];
    }
    if (calculator === "grade") return ["info", "对照结果"];
    return ["info", "与你有关的规定"];
  }

  // After the ratio: how to reach it (both routes, from Python), or how much room there is, and where to look next.
  function nextSteps(root, result) {
    if (!result.next_steps || !result.next_steps.length) return [];
    const list = element("ul", undefined, "jm-calc__next");
    for (const step of result.next_steps) list.append(element("li", step));
    const pointer = element("p", "比例之外，本文件对这类单位还有其他要求，可以用", "jm-calc__note");
    const link = element("a", "单位自查");
    link.href = `${root.dataset.siteRoot}tools/selfcheck/?selfcheck-org_type=${encodeURIComponent(result.org_type)}`;
    pointer.append(link, "逐项对照。");
    return [element("p", result.compliant ? "还有多少余量" : "怎样达到要求", "jm-calc__subhead"), list, pointer];
  }

  function showResult(root, result) {
    const region = root.querySelector("[data-result]");
    const [outcome, title] = outcomeOf(root.dataset.calculator, result);
    region.replaceChildren(verdictBlock(outcome, title, result.verdict), figures(root.dataset.calculator, result),
      ...nextSteps(root, result));
    if (result.local_amount_source) region.append(element("p", result.local_amount_source, "jm-calc__note"));
    if (result.provisions && result.provisions.length) {
      region.append(element("p", "与你有关的规定", "jm-calc__subhead"));
      const list = element("ul", undefined, "jm-calc__provisions");
      for (const provision of result.provisions) {
        const item = element("li");
        const link = clauseLinks(root, [provision.clause]).querySelector("a");
        item.append(link, ` 【${provision.strength_label}；对象：${provision.addressee}】`, element("q", provision.text, "jm-quote"));
        if (provision.note) item.append(element("span", ` ${provision.note}`, "jm-calc__note"));
        list.append(item);
      }
      region.append(list);
    }
    region.append(element("p", "计算过程", "jm-calc__subhead"));
    const steps = element("ol", undefined, "jm-calc__steps");
    for (const step of result.steps) steps.append(element("li", step));
    region.append(steps, clauseLinks(root, result.clauses));
    writeRecord(root, result);
  }

  function clearErrors(root) {
    for (const box of root.querySelectorAll("[data-error-for]")) {
      box.hidden = true;
      box.textContent = "";
    }
    for (const control of fieldsOf(root)) control.removeAttribute("aria-invalid");
  }

  function showErrors(root, errors) {
    const region = root.querySelector("[data-result]");
    region.replaceChildren(element("p", `请检查输入：${errors.map((e) => e.message).join(" ")}`, "jm-calc__invalid"));
    for (const { field, message } of errors) {
      const box = root.querySelector(`[data-error-for="${field}"]`) || root.querySelector('[data-error-for=""]');
      box.hidden = false;
      box.textContent = box.textContent ? `${box.textContent} ${message}` : message;
      const control = root.querySelector(`[name="${field}"]`);
      if (control) control.setAttribute("aria-invalid", "true");
    }
    const first = errors.map((e) => root.querySelector(`[name="${e.field}"]`)).find(Boolean);
    if (first) first.focus();
    setResultActions(root, false);
  }

  // 打印 and 复制结果链接 act on a result, so they are offered only while one is shown.
  function setResultActions(root, enabled) {
    root.querySelector("[data-share]").hidden = !enabled;
    for (const button of root.querySelectorAll('[data-action="print"], [data-action="copy-link"]')) button.disabled = !enabled;
    const status = root.querySelector("[data-copy-status]");
    if (status) status.replaceChildren();
  }

  // ---- The print record: inputs, result, clauses, date, site version, and what it is not ------------------
  const DISCLAIMER = "说明：本记录是依据晋民发〔2022〕59号所作的自查，不是官方认定或审批结论；具体以主管部门的认定和当地规定为准。";

  // 2026年12月1日, as dates are written on Chinese documents (toLocaleDateString gives 2026/12/1).
  function chineseDate(day = new Date()) {
    return `${day.getFullYear()}年${day.getMonth() + 1}月${day.getDate()}日`;
  }

  // Every calculator's record has the same frame; `nodes` is what this calculator has to say in it. The unit
  // name is read when printing, so a name typed after the result still reaches the paper.
  function fillRecord(root, nodes, clauses, date = chineseDate()) {
    const record = root.querySelector("[data-record]");
    const unit = element("p", "", "jm-calc__record-unit");
    unit.dataset.recordUnit = "";
    record.replaceChildren(element("p", `${root.dataset.title} · 自查记录`, "jm-calc__record-title"), unit, ...nodes);
    if (clauses.length) record.append(element("p", `依据条款（晋民发〔2022〕59号）：${clauses.join("、")}`));
    record.append(element("p", `自查日期：${date}　网站版本：${root.dataset.siteVersion}`));
    if (root.querySelector('[data-action="copy-link"]')) {
      const link = element("p", "结果链接（打开即可恢复本次填写和结果）：", "jm-calc__record-link");
      link.append(element("span", resultLink(root)));
      record.append(link);
    }
    record.append(element("p", DISCLAIMER, "jm-calc__disclaimer"));
    setResultActions(root, true);
  }

  function writeRecord(root, result) {
    const inputs = element("dl", undefined, "jm-calc__figures");
    for (const control of fieldsOf(root)) {
      if (!isShown(control)) continue;
      const label = root.querySelector(`label[for="${control.id}"]`).textContent;
      let value = control.value.trim();
      if (control.tagName === "SELECT") value = control.value ? control.selectedOptions[0].textContent : "（未选）";
      if (control.type === "checkbox") value = control.checked ? "是" : "否";
      if (!value) continue; // an optional field left empty says nothing, and the record must fit one page
      inputs.append(element("dt", label), element("dd", value));
    }
    const steps = element("ol");
    for (const step of result.steps) steps.append(element("li", step));
    for (const provision of result.provisions || []) {
      steps.append(element("li", `${provision.clause}【${provision.strength_label}；对象：${provision.addressee}】「${provision.text}」`));
    }
    fillRecord(root, [element("p", "填写的内容", "jm-calc__subhead"), inputs, element("p", "结果", "jm-calc__subhead"),
      element("p", result.verdict), steps], result.clauses);
  }

  function printRecord(root) {
    const name = root.querySelector("[data-unit-name]");
    const unit = root.querySelector("[data-record-unit]");
    if (unit) unit.textContent = name && name.value.trim() ? `单位名称：${name.value.trim()}` : "";
    document.documentElement.dataset.jmPrinting = "record";
    root.dataset.printing = "";
    const done = () => {
      delete document.documentElement.dataset.jmPrinting;
      delete root.dataset.printing;
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
  }

  // ---- Wiring a calculator -----------------------------------------------------------------------------
  // While loading: the bytes downloaded so far (most of the wait on a slow link), then the start-up steps.
  const DOWNLOAD_SHARE = 80; // of the bar's 100
  const MEGABYTE = 1024 * 1024;

  function loadingText() {
    const download = runtime.download;
    if (runtime.step > 1 || !download || !download.total) return runtime.message;
    const mb = (bytes) => (bytes / MEGABYTE).toFixed(1);
    return `${runtime.message}：已下载 ${mb(download.received)} MB / 共 ${mb(download.total)} MB`;
  }

  function loadingPercent() {
    const download = runtime.download;
    if (runtime.step > 1) return DOWNLOAD_SHARE + (runtime.step - 1) * ((100 - DOWNLOAD_SHARE) / PROGRESS_STEPS.length);
    return download && download.total ? Math.round((DOWNLOAD_SHARE * download.received) / download.total) : 0;
  }

  function showState(root) {
    const loading = root.querySelector("[data-loading]");
    const status = root.querySelector("[data-status]");
    const bar = loading.querySelector("progress");
    if (runtime.state === "failed") {
      root.dataset.state = STATES.error;
      status.textContent = runtime.message;
      bar.hidden = true;
      loading.hidden = false;
    } else if (runtime.state === "ready") {
      root.dataset.state = root.jmCalculating ? STATES.busy : STATES.ready;
      loading.hidden = true;
    } else {
      root.dataset.state = STATES.loading;
      status.textContent = runtime.state === "idle" ? "计算器将在你开始填写时加载。" : loadingText();
      bar.value = loadingPercent();
      bar.hidden = runtime.state === "idle";
      loading.hidden = false;
    }
    root.querySelector('[data-action="calculate"]').disabled = runtime.state === "failed";
  }

  // ---- The batch check: the chosen file's bytes go to Python, which reads UTF-8 or GBK itself ------------
  function base64Of(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  async function batchInputs(root) {
    const file = root.querySelector('input[type="file"]').files[0];
    return file ? { data_base64: base64Of(await file.arrayBuffer()) } : {};
  }

  function showBatch(root, batch) {
    const region = root.querySelector("[data-result]");
    const table = element("table", undefined, "jm-calc__batch");
    const head = element("tr");
    for (const name of ["行号", "单位名称", "单位类型", "岗位总数", "社会工作专业岗位数", "结论"]) head.append(element("th", name));
    table.append(element("thead"), element("tbody"));
    table.tHead.append(head);
    for (const unit of batch.units) {
      const row = element("tr");
      row.dataset.row = String(unit.row);
      const r = unit.result;
      row.dataset.outcome = !r.ok ? "invalid" : r.compliant === true ? "compliant" : r.compliant === false ? "not-compliant" : "not-applicable";
      const verdict = r.ok ? r.verdict : `数据有误：${r.errors.map((e) => e.message).join(" ")}`;
      // A bad row shows what it held, so the reader sees the slip without going back to the file.
      const cells = r.ok ? [r.org_type_name, r.total_posts ?? "", r.social_work_posts ?? ""]
        : [unit.org_type_text, unit.total_text, unit.social_work_text];
      for (const cell of [unit.row, unit.unit, ...cells, verdict]) {
        row.append(element("td", String(cell)));
      }
      table.tBodies[0].append(row);
    }
    const wrapper = element("div", undefined, "jm-calc__table");
    wrapper.append(table);
    // The clauses come from the units' results, so the page names the same clauses as the calculator.
    const clauses = [...new Set(batch.units.flatMap((unit) => unit.result.clauses || []))];
    const { not_compliant: notMet, invalid } = batch.summary;
    const [outcome, title] = notMet || invalid ? ["not-met", "有单位未达到要求或数据有误"] : ["met", "已检查的单位均无问题"];
    region.replaceChildren(verdictBlock(outcome, title, batch.verdict),
      element("p", `文件编码：${batch.encoding}`, "jm-calc__note"),
      download("\ufeff" + batch.csv, "text/csv;charset=utf-8", "岗位比例批量自查结果.csv", "下载结果（CSV）"), wrapper);
    if (clauses.length) region.append(clauseLinks(root, clauses));
    fillRecord(root, [element("p", batch.verdict), wrapper.cloneNode(true)], clauses);
  }

  // ---- The organisation self-check: the checklist of the chosen type, then a record from Python ------------
  function showChecklist(root) {
    const code = root.querySelector('[name="org_type"]').value;
    const container = root.querySelector("[data-points]");
    container.replaceChildren();
    const points = JSON.parse(root.dataset.checklists)[code] || [];
    for (const point of points) {
      const fieldset = element("fieldset", undefined, "jm-selfcheck__point");
      fieldset.dataset.point = point.id;
      const legend = element("legend", point.question);
      const meta = element("p", `【${point.strength_label}】`, "jm-field__hint");
      meta.append(clauseLinks(root, [point.clause]).querySelector("a"));
      fieldset.append(legend, meta);
      if (point.kind === "ratio") {
        for (const [name, label] of [["total", "岗位总数"], ["social_work", "社会工作专业岗位数"]]) {
          const id = `selfcheck-${name}`;
          const wrapper = element("div", undefined, "jm-field");
          const labelNode = element("label", label);
          labelNode.htmlFor = id;
          const input = element("input");
          Object.assign(input, { type: "text", id, name, inputMode: "numeric", autocomplete: "off" });
          input.setAttribute("aria-describedby", `${id}-error`);
          const error = element("p", undefined, "jm-field__error");
          error.id = `${id}-error`;
          error.dataset.errorFor = name;
          error.hidden = true;
          wrapper.append(labelNode, input, error);
          fieldset.append(wrapper);
        }
      } else {
        for (const [value, label] of [["yes", "是"], ["no", "否"], ["na", "不适用"]]) {
          const id = `selfcheck-${point.id}-${value}`;
          const row = element("div", undefined, "jm-field jm-field--checkbox");
          const input = element("input");
          Object.assign(input, { type: "radio", id, name: `point-${point.id}`, value });
          const labelNode = element("label", label);
          labelNode.htmlFor = id;
          row.append(input, labelNode);
          fieldset.append(row);
        }
        const error = element("p", undefined, "jm-field__error");
        error.dataset.errorFor = point.id;
        error.hidden = true;
        fieldset.append(error);
      }
      container.append(fieldset);
    }
  }

  function selfcheckInputs(root) {
    const inputs = { org_type: root.querySelector('[name="org_type"]').value, answers: {} };
    for (const fieldset of root.querySelectorAll("[data-point]")) {
      const chosen = fieldset.querySelector("input[type=radio]:checked");
      if (chosen) inputs.answers[fieldset.dataset.point] = chosen.value;
    }
    for (const name of ["total", "social_work"]) {
      const input = root.querySelector(`[name="${name}"]`);
      if (input && input.value.trim()) inputs[name] = input.value;
    }
    return inputs;
  }

  function selfcheckAddress(root) {
    const { org_type: orgType, answers, ...counts } = selfcheckInputs(root);
    const address = { org_type: orgType, ...counts };
    for (const [point, answer] of Object.entries(answers)) address[point] = answer;
    return address;
  }

  // A link to the self-check restores the unit type, the checklist and its answers; it computes the record only
  // when it carries answers (a link that only names the unit type opens its checklist to fill in).
  function restoreSelfcheck(root) {
    const params = new URLSearchParams(window.location.search);
    const orgType = params.get("selfcheck-org_type");
    const select = root.querySelector('[name="org_type"]');
    if (orgType === null || ![...select.options].some((option) => option.value === orgType)) return false;
    select.value = orgType;
    showChecklist(root);
    let answered = false;
    for (const fieldset of root.querySelectorAll("[data-point]")) {
      const answer = params.get(`selfcheck-${fieldset.dataset.point}`);
      const radio = answer && fieldset.querySelector(`input[type=radio][value="${CSS.escape(answer)}"]`);
      if (radio) radio.checked = answered = true;
    }
    for (const name of ["total", "social_work"]) {
      const input = root.querySelector(`[name="${name}"]`);
      const value = params.get(`selfcheck-${name}`);
      if (input && value !== null) {
        input.value = value;
        answered = true;
      }
    }
    return answered;
  }

  function download(text, type, filename, label) {
    const link = element("a", label, "md-button");
    link.href = URL.createObjectURL(new Blob([text], { type }));
    link.download = filename;
    return link;
  }

  const SELFCHECK_COLUMNS = ["自查要点", "条款", "用语与对象", "结果", "建议"];

  function showSelfcheck(root, record) {
    const table = element("table", undefined, "jm-calc__selfcheck");
    const head = element("tr");
    for (const name of SELFCHECK_COLUMNS) head.append(element("th", name));
    table.append(element("thead"), element("tbody"));
    table.tHead.append(head);
    for (const point of record.points) {
      const row = element("tr");
      row.dataset.point = point.id;
      row.dataset.status = point.status;
      const clause = element("td");
      clause.append(clauseLinks(root, [point.clause]).querySelector("a"));
      row.append(element("td", point.question), clause, element("td", point.strength_label),
        element("td", point.detail ? `${point.status_label}（${point.detail}）` : point.status_label),
        element("td", point.suggestion || ""));
      // On a phone the rows are stacked (site.css); each cell then says what it is.
      SELFCHECK_COLUMNS.forEach((name, index) => { row.cells[index].dataset.label = name; });
      table.tBodies[0].append(row);
    }
    const today = new Date();
    // The data file keeps the date as ISO (2026-12-01) for other systems; the printed record writes it in Chinese.
    const isoDate = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
    const json = JSON.stringify({ ...record, csv: undefined, date: isoDate, site_version: root.dataset.siteVersion }, null, 2);
    const wrapper = element("div", undefined, "jm-calc__table");
    wrapper.append(table);
    const region = root.querySelector("[data-result]");
    const downloads = element("p", undefined, "jm-calc__downloads");
    downloads.append(download(json, "application/json", "单位自查记录.json", "下载数据文件（供汇总系统导入）"), " ",
      download("\ufeff" + record.csv, "text/csv;charset=utf-8", "单位自查记录.csv", "下载表格（CSV，Excel 可打开）"));
    const { unanswered, not_met: notMet } = record.summary;
    const [outcome, title] = unanswered ? ["incomplete", "自查未完成"]
      : notMet ? ["not-met", "有尚未做到的事项"] : ["met", "适用的要点均已做到"];
    region.replaceChildren(verdictBlock(outcome, title, record.verdict), downloads, wrapper);
    const steps = element("ol", undefined, "jm-calc__steps");
    for (const step of record.steps) steps.append(element("li", step));
    region.append(steps);
    fillRecord(root, [element("p", `单位类型：${record.org_type_name}`), element("p", record.verdict),
      wrapper.cloneNode(true)], record.clauses, chineseDate(today));
  }

  // Calculators whose inputs are not plain fields, and whose results have a view of their own. The self-check's
  // answers go into the address one per point (selfcheck-<point>=yes); a file does not fit in a link.
  const SPECIAL = {
    selfcheck: { inputs: selfcheckInputs, show: showSelfcheck, address: selfcheckAddress, restore: restoreSelfcheck },
    "ratio-batch": { inputs: batchInputs, show: showBatch },
  };

  async function calculate(root) {
    const special = SPECIAL[root.dataset.calculator];
    root.jmCalculating = true;
    root.dataset.state = STATES.busy;
    clearErrors(root);
    setResultActions(root, false);
    if (runtime.state !== "ready") {
      // Pressed while the calculator is still loading: the request waits in the worker and is answered then.
      root.querySelector("[data-result]").replaceChildren(
        element("p", "计算引擎加载完成后将自动计算。", "jm-calc__waiting"));
    }
    try {
      const inputs = special ? await special.inputs(root) : readInputs(root);
      // The address first, so the record printed with the result carries this result's link.
      const address = special ? special.address && special.address(root) : inputs;
      if (address) writeAddress(root, address);
      const result = await run(root.dataset.calculator, inputs);
      if (!result.ok) showErrors(root, result.errors);
      else if (special) special.show(root, result);
      else showResult(root, result);
    } catch (error) {
      root.querySelector("[data-result]").replaceChildren(element("p", error.message, "jm-calc__invalid"));
    } finally {
      root.jmCalculating = false;
      showState(root);
    }
  }

  function bind(root) {
    if (root.dataset.bound) return;
    root.dataset.bound = "";
    const form = root.querySelector("form");
    updateGroups(root);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      calculate(root);
    });
    form.addEventListener("change", (event) => {
      updateGroups(root);
      if (root.dataset.calculator === "selfcheck" && event.target.name === "org_type") showChecklist(root);
    });
    form.addEventListener("focusin", start, { once: true });
    root.querySelector('[data-action="print"]').addEventListener("click", () => printRecord(root));
    const copy = root.querySelector('[data-action="copy-link"]');
    if (copy) copy.addEventListener("click", () => copyLink(root));
    const listener = () => {
      if (!root.isConnected) {
        runtime.listeners.delete(listener);
        return;
      }
      showState(root);
    };
    runtime.listeners.add(listener);
    showState(root);

    const special = SPECIAL[root.dataset.calculator];
    const fromAddress = special && special.restore ? special.restore(root) : readAddress(root);
    updateGroups(root);
    if (fromAddress) {
      const folded = root.closest("details");
      if (folded) folded.open = true; // a link to a calculator beside its clause shows it
      calculate(root);
    }
    else if (root.dataset.start === "eager") start();
    else if ("IntersectionObserver" in window) {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          start();
        }
      }, { rootMargin: "200px" });
      observer.observe(root);
    }
  }

  function setUpPage() {
    for (const root of document.querySelectorAll("[data-calculator]")) bind(root);
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(setUpPage);
  else document.addEventListener("DOMContentLoaded", setUpPage);
})();
