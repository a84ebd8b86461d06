/* The field page (外出检查（离线）): download today's work into IndexedDB, record
   inspections, samples and photos with no network into an outbox, upload it in order when
   the network returns. Each outbox item carries its own Idempotency-Key (a UUID made when
   it was entered): a retry after a lost answer is answered by the server with the first
   answer, never written twice. A refusal (the unit changed, the opinion closed, bad input)
   stays beside the record as "冲突：…" until the inspector edits and resends or discards
   it; nothing is overwritten. A session that expired pauses the upload until signed in. */
(function () {
  "use strict";
  var app = document.getElementById("field-app");
  if (!app) return;
  var Store = window.FieldStore;
  var cfg = app.dataset;
  var bundle = null;   // today's work as downloaded
  var items = [];      // the outbox, oldest first
  var syncing = false;
  var paused = false;  // waiting for the inspector to sign in again
  var csrf = "";

  var FIELD_NAMES = {
    establishment: "被检查单位", establishment_version: "单位版本", date: "检查时间",
    inspectors: "检查人员", kind: "检查类型", person_present: "现场负责人", findings: "检查情况",
    problems: "发现的问题", result: "检查结果", campaign: "专项整治", draw_assignment: "抽查任务",
    follows_opinion: "复查意见书", rectified: "整改情况", checklist: "评分表", scores: "评分",
    inspection: "检查记录", sample_type: "样品类型", location: "采样地点", taken_at: "采样时间",
    results: "检测结果", image: "照片", caption: "说明"
  };

  // --- small DOM helpers ---------------------------------------------------------------
  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") el.textContent = v;
      else if (k === "dataset") Object.keys(v).forEach(function (d) { el.dataset[d] = v[d]; });
      else if (k === "onclick") el.addEventListener("click", v);
      else if (k === "onchange") el.addEventListener("change", v);
      else if (v === true) el.setAttribute(k, "");
      else el.setAttribute(k, v);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) child.forEach(function (c) { if (c) el.appendChild(c); });
      else el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return el;
  }
  function $(id) { return document.getElementById(id); }
  function say(text) { $("field-status").textContent = text; }
  function byId(list, id) {
    for (var i = 0; i < (list || []).length; i++) if (String(list[i].id) === String(id)) return list[i];
    return null;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function localNow() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  function shown(iso) {
    var d = new Date(iso);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  function labelled(id, text, control) {
    return h("div", { "class": "field" }, h("label", { "for": id, text: text }), control);
  }
  function select(id, options, value) {
    var el = h("select", { id: id, name: id });
    options.forEach(function (o) {
      var opt = h("option", { value: String(o.value), text: o.label });
      if (String(o.value) === String(value === undefined || value === null ? "" : value)) opt.selected = true;
      el.appendChild(opt);
    });
    return el;
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  // --- state -------------------------------------------------------------------------
  function reload() {
    return Promise.all([Store.getMeta("bundle"), Store.items()]).then(function (r) {
      bundle = r[0] || null;
      items = r[1];
      render();
    });
  }
  function unitOf(id) { return bundle ? byId(bundle.units, id) : null; }
  function itemBySeq(seq) {
    for (var i = 0; i < items.length; i++) if (items[i].seq === seq) return items[i];
    return null;
  }

  // --- rendering -----------------------------------------------------------------------
  function renderNet() {
    var el = $("net-state");
    el.textContent = navigator.onLine ? "在线" : "离线";
    el.className = "badge " + (navigator.onLine ? "online" : "offline");
  }

  function render() {
    renderNet();
    $("field-signin").hidden = !paused;
    var list = $("field-units");
    list.textContent = "";
    if (!bundle) {
      $("field-downloaded").textContent = "尚未下载今日任务：请联网后点“下载今日任务”。";
    } else {
      $("field-downloaded").textContent = "下载于 " + shown(bundle.downloaded_at) + "，共 " + bundle.units.length + " 个单位。";
      if (String(bundle.user.id) !== String(cfg.user)) {
        $("field-downloaded").textContent += "（注意：这是 " + bundle.user.name + " 下载的任务）";
      }
      bundle.units.forEach(function (unit) { list.appendChild(unitRow(unit)); });
    }
    renderOutbox();
  }

  function unitRow(unit) {
    var tags = [];
    bundle.tasks.forEach(function (t) { if (t.unit === unit.id) tags.push("双随机：" + t.label); });
    bundle.follow_ups.forEach(function (o) {
      if (o.unit === unit.id) tags.push("复查 " + o.number + "（整改期限 " + o.deadline + (o.overdue ? "，已逾期" : "") + "）");
    });
    if (bundle.picked.indexOf(unit.id) >= 0 && !tags.length) tags.push("自选单位");
    var queued = items.filter(function (i) { return i.kind === "inspection" && i.unit === unit.id && i.status !== "sent"; }).length;
    return h("li", { dataset: { unit: unit.id } },
      h("div", {},
        h("b", { text: unit.name }),
        h("small", { "class": "muted unit-tags", text: unit.address + " · " + unit.status }),
        h("small", { "class": "unit-tags", text: tags.join("；") }),
        queued ? h("small", { "class": "unit-tags", text: "待上传检查 " + queued + " 条" }) : null),
      h("button", { type: "button", "class": "primary", text: "录入检查", onclick: function () { inspectionForm(unit); } }));
  }

  var STATE_TEXT = { pending: "待上传", sent: "已上传", conflict: "冲突" };

  function describe(item) {
    var unit = unitOf(item.unit);
    var name = unit ? unit.name : "单位 " + item.unit;
    if (item.kind === "inspection") {
      var kind = bundle ? byId(bundle.kinds.map(function (k) { return { id: k.value, label: k.label }; }), item.payload.kind) : null;
      return "检查记录 · " + name + " · " + (kind ? kind.label : item.payload.kind) + " · " + shown(item.payload.date);
    }
    if (item.kind === "sample") return "样品 · " + item.payload.sample_type + " · " + shown(item.payload.taken_at);
    return "照片 · " + (item.caption || item.filename);
  }

  function renderOutbox() {
    var list = $("field-outbox");
    list.textContent = "";
    if (!items.length) {
      list.appendChild(h("li", { "class": "muted", text: "没有待上传的记录。" }));
      return;
    }
    items.forEach(function (item) {
      var parent = item.parent ? itemBySeq(item.parent) : null;
      var state = item.status;
      var stateText = STATE_TEXT[state] || state;
      if (state === "sent" && item.serverId) stateText += "（编号 " + item.serverId + "）";
      if (state === "pending" && parent && parent.status !== "sent") stateText = "待上传（在其检查记录之后）";
      var actions = [];
      if (item.kind === "inspection" && state !== "conflict") {
        actions.push(h("button", { type: "button", text: "添加样品", onclick: function () { sampleForm(item); } }));
        actions.push(h("button", { type: "button", text: "添加照片", onclick: function () { photoForm(item); } }));
      }
      if (state === "conflict") {
        if (item.kind !== "photo") {
          actions.push(h("button", { type: "button", "class": "primary", text: "修改后重发", onclick: function () { editAndResend(item); } }));
        } else {
          actions.push(h("button", { type: "button", "class": "primary", text: "重发", onclick: function () { resend(item); } }));
        }
      }
      if (state !== "sent") {
        actions.push(h("button", { type: "button", text: "放弃", onclick: function (e) { askDiscard(item, e.target); } }));
      }
      list.appendChild(h("li", { "class": item.parent ? "child" : null, dataset: { seq: item.seq, kind: item.kind, status: state } },
        h("span", { "class": "state state-" + state, text: stateText }),
        h("span", { text: describe(item) }),
        state === "conflict" ? h("p", { "class": "conflict", role: "alert", text: "冲突：" + item.conflict }) : null,
        item.lastError && state === "pending" ? h("p", { "class": "muted", text: item.lastError }) : null,
        actions.length ? h("div", { "class": "row-actions" }, actions) : null));
    });
  }

  function askDiscard(item, button) {
    var holder = button.parentNode;
    if (holder.querySelector(".confirm-discard")) return;
    var children = items.filter(function (i) { return i.parent === item.seq && i.status !== "sent"; });
    var note = "确认放弃此记录？放弃后不会上传，无法恢复" + (children.length ? "（其下 " + children.length + " 条样品/照片一并放弃）" : "") + "。";
    holder.appendChild(h("span", { "class": "confirm-discard" },
      h("span", { text: note }),
      h("button", { type: "button", "class": "primary", text: "确认放弃", onclick: function () {
        Promise.all(children.map(function (c) { return Store.remove(c.seq); }).concat([Store.remove(item.seq)]))
          .then(reload).then(function () { say("已放弃该记录。"); });
      } }),
      h("button", { type: "button", text: "取消", onclick: function () { render(); } })));
  }

  // --- forms ---------------------------------------------------------------------------
  function closeEntry() {
    var entry = $("field-entry");
    entry.hidden = true;
    entry.textContent = "";
  }

  function openEntry(title, form) {
    var entry = $("field-entry");
    entry.textContent = "";
    entry.appendChild(h("h2", { text: title }));
    entry.appendChild(form);
    entry.hidden = false;
    entry.scrollIntoView();
    var first = form.querySelector("input, select, textarea");
    if (first) first.focus();
  }

  function choices(name, options, checked) {
    return h("div", { "class": "choices" }, options.map(function (o) {
      var box = h("input", { type: "checkbox", name: name, value: String(o.id) });
      box.checked = checked.indexOf(o.id) >= 0;
      return h("label", {}, box, o.name);
    }));
  }

  function scoreLines(checklist, scores) {
    var wrap = h("div", { id: "f-scores" });
    if (!checklist) return wrap;
    wrap.appendChild(h("p", { "class": "muted", text: "合格分 " + checklist.pass_mark + " 分；每项都须评分。" }));
    checklist.items.forEach(function (item) {
      var old = (scores || []).filter(function (s) { return String(s.item) === String(item.id); })[0];
      var score = h("input", { type: "number", min: "0", max: item.max_points, step: "0.5", inputmode: "decimal",
        name: "score", "aria-label": item.content + " 得分", dataset: { item: item.id, max: item.max_points } });
      score.value = old ? old.score : "";
      var note = h("input", { type: "text", name: "note", "aria-label": item.content + " 备注", placeholder: "备注", maxlength: "200" });
      note.value = old ? old.note : "";
      wrap.appendChild(h("div", { "class": "score-line" },
        h("span", { text: item.content + "（" + item.max_points + " 分）" }), score, note));
    });
    return wrap;
  }

  function inspectionForm(unit, editing) {
    var p = editing ? editing.payload : null;
    var tasks = bundle.tasks.filter(function (t) { return t.unit === unit.id; });
    var due = bundle.follow_ups.filter(function (o) { return o.unit === unit.id; });
    var kind = p ? p.kind : (due.length ? "follow_up" : (tasks.length ? "random" : "routine"));
    var form = h("form", { "class": "field-form", novalidate: true });
    var errors = h("div", { "class": "errors", role: "alert" });
    var kindSelect = select("f-kind", bundle.kinds, kind);
    var when = h("input", { type: "datetime-local", id: "f-date", name: "date" });
    when.value = p ? localValue(p.date) : localNow();
    var present = h("input", { type: "text", id: "f-present", maxlength: "50" });
    present.value = p ? p.person_present : "";
    var findings = h("textarea", { id: "f-findings" });
    findings.value = p ? p.findings : "";
    var taskSelect = select("f-task", tasks.map(function (t) { return { value: t.id, label: t.label }; }), p && p.draw_assignment);
    var opinionSelect = select("f-opinion", due.map(function (o) { return { value: o.id, label: o.number + "（整改期限 " + o.deadline + "）" }; }), p && p.follows_opinion);
    var rectified = select("f-rectified", [{ value: "", label: "请选择" }, { value: "yes", label: "已整改" }, { value: "no", label: "未整改" }],
      p && p.rectified !== null && p.rectified !== undefined ? (p.rectified ? "yes" : "no") : "");
    var campaignSelect = select("f-campaign", [{ value: "", label: "请选择" }].concat(bundle.campaigns.map(function (c) { return { value: c.id, label: c.name }; })), p && p.campaign);
    var result = select("f-result", bundle.results, p ? p.result : "compliant");
    var checklistSelect = select("f-checklist", [{ value: "", label: "不使用评分表" }].concat(bundle.checklists.map(function (c) { return { value: c.id, label: c.name }; })), p && p.checklist);
    var scoreBox = h("div", {}, scoreLines(p && p.checklist ? byId(bundle.checklists, p.checklist) : null, p && p.scores));
    checklistSelect.addEventListener("change", function () {
      scoreBox.textContent = "";
      scoreBox.appendChild(scoreLines(byId(bundle.checklists, checklistSelect.value), []));
    });
    var byKind = {
      random: labelled("f-task", "抽查任务", taskSelect),
      follow_up: h("div", {}, labelled("f-opinion", "复查意见书", opinionSelect), labelled("f-rectified", "整改情况", rectified)),
      campaign: labelled("f-campaign", "专项整治", campaignSelect)
    };
    function showKind() {
      Object.keys(byKind).forEach(function (k) { byKind[k].hidden = kindSelect.value !== k; });
    }
    kindSelect.addEventListener("change", showKind);
    showKind();
    var team = p ? p.inspectors : [bundle.user.id];
    var unitNote = editing && editing.unitNow ? h("p", { "class": "hint", text: "单位最新信息：" + editing.unitNow }) : null;
    form.appendChild(h("p", { "class": "muted", text: unit.address + (unit.credit_code ? " · " + unit.credit_code : "") }));
    if (unitNote) form.appendChild(unitNote);
    form.appendChild(errors);
    form.appendChild(h("div", { "class": "grid" },
      labelled("f-kind", "检查类型", kindSelect), labelled("f-date", "检查时间", when),
      labelled("f-present", "现场负责人", present), labelled("f-result", "检查结果", result)));
    form.appendChild(h("div", { "class": "grid" }, byKind.random, byKind.follow_up, byKind.campaign));
    form.appendChild(h("fieldset", {}, h("legend", { text: "检查人员（至少两名）" }), choices("inspectors", bundle.roster, team)));
    form.appendChild(labelled("f-findings", "检查情况", findings));
    form.appendChild(h("fieldset", {}, h("legend", { text: "发现的问题" }), choices("problems", bundle.problem_types, p ? p.problems : [])));
    form.appendChild(h("fieldset", {}, h("legend", { text: "评分表" }), labelled("f-checklist", "评分表", checklistSelect), scoreBox));
    form.appendChild(h("div", { "class": "field-buttons" },
      h("button", { type: "submit", "class": "primary", text: editing ? "保存并重新排队上传" : "保存到待上传" }),
      h("button", { type: "button", text: "取消", onclick: closeEntry })));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var problems = [];
      var payload = {
        establishment: unit.id,
        establishment_version: editing && editing.payload.establishment_version_now ? editing.payload.establishment_version_now : (p ? p.establishment_version : unit.version),
        kind: kindSelect.value,
        date: when.value ? new Date(when.value).toISOString() : "",
        inspectors: checked(form, "inspectors"),
        person_present: present.value.trim(),
        findings: findings.value.trim(),
        problems: checked(form, "problems"),
        result: result.value,
        campaign: kindSelect.value === "campaign" && campaignSelect.value ? Number(campaignSelect.value) : null,
        draw_assignment: kindSelect.value === "random" && taskSelect.value ? Number(taskSelect.value) : null,
        follows_opinion: kindSelect.value === "follow_up" && opinionSelect.value ? Number(opinionSelect.value) : null,
        rectified: kindSelect.value === "follow_up" ? (rectified.value ? rectified.value === "yes" : null) : null,
        checklist: checklistSelect.value ? Number(checklistSelect.value) : null,
        scores: []
      };
      if (!when.value) problems.push("请填写检查时间。");
      if (payload.inspectors.length < 2) problems.push("执法检查须有两名以上监督员。");
      if (!payload.person_present) problems.push("请填写现场负责人。");
      if (payload.kind === "random" && !payload.draw_assignment) problems.push("双随机检查须选择抽查任务。");
      if (payload.kind === "follow_up" && !payload.follows_opinion) problems.push("复查须选择所复查的意见书。");
      if (payload.kind === "follow_up" && payload.rectified === null) problems.push("复查须填写是否已整改。");
      if (payload.kind === "campaign" && !payload.campaign) problems.push("专项整治检查须选择所属专项整治。");
      form.querySelectorAll("input[name=score]").forEach(function (input) {
        var note = input.parentNode.querySelector("input[name=note]");
        if (input.value === "") { problems.push("还有未评分的项目。"); return; }
        var v = Number(input.value);
        if (isNaN(v) || v < 0 || v > Number(input.dataset.max)) problems.push("得分应在 0 到 " + input.dataset.max + " 之间。");
        payload.scores.push({ item: Number(input.dataset.item), score: input.value, note: note.value.trim() });
      });
      if (!payload.scores.length) delete payload.scores;
      if (!payload.campaign) delete payload.campaign;
      if (!payload.draw_assignment) delete payload.draw_assignment;
      if (!payload.follows_opinion) delete payload.follows_opinion;
      if (payload.rectified === null) delete payload.rectified;
      if (!payload.checklist) delete payload.checklist;
      if (problems.length) {
        errors.textContent = "";
        problems.filter(function (x, i) { return problems.indexOf(x) === i; }).forEach(function (m) { errors.appendChild(h("p", { text: m })); });
        return;
      }
      var saving = editing
        ? Store.put(Object.assign({}, editing, { payload: payload, key: Store.uuid(), status: "pending", conflict: "", unitNow: "" }))
        : Store.add({ kind: "inspection", key: Store.uuid(), unit: unit.id, payload: payload, status: "pending", created: new Date().toISOString() });
      saving.then(reload).then(function () {
        closeEntry();
        say(navigator.onLine ? "已保存，正在上传……" : "已保存到待上传（离线），联网后自动上传。");
        if (navigator.onLine) sync();
      });
    });
    openEntry((editing ? "修改后重发：" : "录入检查：") + unit.name, form);
  }

  function localValue(iso) {
    var d = new Date(iso);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function checked(form, name) {
    return Array.prototype.map.call(form.querySelectorAll("input[name=" + name + "]:checked"), function (b) { return Number(b.value); });
  }

  function sampleForm(inspection, editing) {
    var p = editing ? editing.payload : null;
    var unit = unitOf(inspection.unit);
    var types = unit && unit.sample_types ? unit.sample_types.slice() : [];
    if (!types.length) { say("该单位没有可采集的样品类型。"); return; }
    var form = h("form", { "class": "field-form", novalidate: true });
    var errors = h("div", { "class": "errors", role: "alert" });
    var typeSelect = select("s-type", types.map(function (t) { return { value: t, label: t }; }), p ? p.sample_type : types[0]);
    var location = h("input", { type: "text", id: "s-location", maxlength: "100" });
    location.value = p ? p.location : "";
    var taken = h("input", { type: "datetime-local", id: "s-taken" });
    taken.value = p ? localValue(p.taken_at) : localNow();
    var box = h("div", {});
    function drawResults() {
      box.textContent = "";
      bundle.limits.filter(function (l) { return l.sample_type === typeSelect.value; }).forEach(function (l) {
        var old = p ? (p.results || []).filter(function (r) { return r.limit === l.id; })[0] : null;
        var control;
        if (l.not_detected) {
          control = select("s-limit-" + l.id, [{ value: "", label: "未测" }, { value: "false", label: "未检出" }, { value: "true", label: "检出" }],
            old && old.detected !== null ? String(old.detected) : "");
        } else {
          control = h("input", { type: "number", step: "any", inputmode: "decimal", id: "s-limit-" + l.id });
          control.value = old && old.value !== null ? old.value : "";
        }
        control.dataset.limit = l.id;
        control.dataset.nd = l.not_detected ? "1" : "";
        box.appendChild(labelled("s-limit-" + l.id, l.parameter + (l.unit ? "（" + l.unit + "）" : "") + " 限值 " + l.limit_text, control));
      });
    }
    typeSelect.addEventListener("change", drawResults);
    drawResults();
    form.appendChild(errors);
    form.appendChild(h("div", { "class": "grid" }, labelled("s-type", "样品类型", typeSelect),
      labelled("s-location", "采样地点", location), labelled("s-taken", "采样时间", taken)));
    form.appendChild(h("fieldset", {}, h("legend", { text: "检测结果（未测的项目留空）" }), box));
    form.appendChild(h("div", { "class": "field-buttons" },
      h("button", { type: "submit", "class": "primary", text: editing ? "保存并重新排队上传" : "保存样品到待上传" }),
      h("button", { type: "button", text: "取消", onclick: closeEntry })));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var results = [];
      box.querySelectorAll("[data-limit]").forEach(function (c) {
        if (c.value === "") return;
        if (c.dataset.nd) results.push({ limit: Number(c.dataset.limit), value: null, detected: c.value === "true" });
        else results.push({ limit: Number(c.dataset.limit), value: c.value, detected: null });
      });
      var problems = [];
      if (!results.length) problems.push("请至少填写一项检测结果。");
      if (!taken.value) problems.push("请填写采样时间。");
      if (problems.length) {
        errors.textContent = "";
        problems.forEach(function (m) { errors.appendChild(h("p", { text: m })); });
        return;
      }
      var payload = { sample_type: typeSelect.value, location: location.value.trim(), taken_at: new Date(taken.value).toISOString(), results: results };
      var saving = editing
        ? Store.put(Object.assign({}, editing, { payload: payload, key: Store.uuid(), status: "pending", conflict: "" }))
        : Store.add({ kind: "sample", key: Store.uuid(), unit: inspection.unit, parent: inspection.seq, payload: payload, status: "pending", created: new Date().toISOString() });
      saving.then(reload).then(function () {
        closeEntry();
        say(navigator.onLine ? "样品已保存，正在上传……" : "样品已保存到待上传（离线）。");
        if (navigator.onLine) sync();
      });
    });
    openEntry("添加样品", form);
  }

  function photoForm(inspection) {
    var form = h("form", { "class": "field-form", novalidate: true });
    var errors = h("div", { "class": "errors", role: "alert" });
    var file = h("input", { type: "file", id: "p-file", accept: "image/jpeg,image/png,image/webp", capture: "environment" });
    var caption = h("input", { type: "text", id: "p-caption", maxlength: "100" });
    var preview = h("img", { "class": "photo-preview", alt: "照片预览", hidden: true });
    file.addEventListener("change", function () {
      var chosen = file.files[0];
      if (!chosen) return;
      var reader = new FileReader();
      reader.onload = function () { preview.src = reader.result; preview.hidden = false; };
      reader.readAsDataURL(chosen);
    });
    form.appendChild(errors);
    form.appendChild(labelled("p-file", "照片", file));
    form.appendChild(preview);
    form.appendChild(labelled("p-caption", "说明", caption));
    form.appendChild(h("div", { "class": "field-buttons" },
      h("button", { type: "submit", "class": "primary", text: "保存照片到待上传" }),
      h("button", { type: "button", text: "取消", onclick: closeEntry })));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = file.files[0];
      if (!chosen) { errors.textContent = "请选择或拍摄照片。"; return; }
      chosen.arrayBuffer().then(function (data) {
        var blob = new Blob([data], { type: chosen.type || "image/jpeg" });
        return Store.add({ kind: "photo", key: Store.uuid(), unit: inspection.unit, parent: inspection.seq, blob: blob,
          filename: chosen.name || "photo.jpg", caption: caption.value.trim(), status: "pending", created: new Date().toISOString() });
      }).then(reload).then(function () {
        closeEntry();
        say(navigator.onLine ? "照片已保存，正在上传……" : "照片已保存到待上传（离线）。");
        if (navigator.onLine) sync();
      });
    });
    openEntry("添加照片", form);
  }

  // --- settling a conflict -------------------------------------------------------------
  function editAndResend(item) {
    if (item.kind === "sample") { sampleForm(itemBySeq(item.parent), item); return; }
    var unit = unitOf(item.unit);
    if (!unit) { say("该单位不在今日任务中，请重新下载后再修改。"); return; }
    var edit = Object.assign({}, item, { payload: Object.assign({}, item.payload) });
    if (item.conflictStatus === 409 && navigator.onLine) {
      // The unit was changed since it was downloaded: read it as it is now, show it, and
      // base the resent inspection on it.
      fetch(cfg.unitsApi + unit.id + "/", { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          var etag = (r.headers.get("ETag") || "").replace(/^W\//, "").replace(/"/g, "");
          return r.json().then(function (now) {
            edit.payload.establishment_version_now = etag;
            edit.unitNow = now.name + " · " + now.address + " · " + (now.status_display || now.status || "");
            inspectionForm(unit, edit);
          });
        })
        .catch(function () { inspectionForm(unit, edit); });
      return;
    }
    inspectionForm(unit, edit);
  }

  function resend(item) {
    Store.put(Object.assign({}, item, { key: Store.uuid(), status: "pending", conflict: "" })).then(reload).then(sync);
  }

  // --- download ------------------------------------------------------------------------
  function signedOut(response) {
    return response.type === "opaqueredirect" || response.status === 401 || response.status === 403 ||
      (response.redirected && response.url.indexOf("/login/") >= 0);
  }

  function download() {
    if (!navigator.onLine) { say("当前离线，无法下载：请联网后再试。"); return Promise.resolve(); }
    say("正在下载今日任务……");
    return Store.getMeta("picked").then(function (picked) {
      picked = picked || [];
      return fetch(cfg.dataUrl + "?units=" + picked.join(","), { credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } });
    }).then(function (response) {
      if (signedOut(response)) { paused = true; render(); say("登录已过期，请重新登录后再下载。"); return null; }
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      if (!data) return;
      return Store.setMeta("bundle", data).then(reload).then(function () {
        say("已下载今日任务：" + data.units.length + " 个单位、" + data.checklists.length + " 张评分表。可以离线使用。");
      });
    }).catch(function () { say("下载失败：网络不可用或服务器无响应，请稍后再试。"); });
  }

  function search(event) {
    event.preventDefault();
    var q = $("field-q").value.trim();
    var found = $("field-found");
    found.textContent = "";
    if (!q) return;
    if (!navigator.onLine) { found.appendChild(h("li", { "class": "muted", text: "离线时不能搜索单位；请联网后添加。" })); return; }
    fetch(cfg.unitsApi + "?page_size=10&q=" + encodeURIComponent(q), { credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (signedOut(r)) { paused = true; render(); throw new Error("signed out"); }
        return r.json();
      })
      .then(function (data) {
        var rows = data.results || data;
        if (!rows.length) found.appendChild(h("li", { "class": "muted", text: "没有找到单位。" }));
        rows.forEach(function (u) {
          found.appendChild(h("li", {}, h("div", {}, h("b", { text: u.name }), h("small", { "class": "muted unit-tags", text: u.address || "" })),
            h("button", { type: "button", text: "添加", onclick: function () { pick(u.id); } })));
        });
      })
      .catch(function () { found.appendChild(h("li", { "class": "muted", text: "搜索失败，请稍后再试。" })); });
  }

  function pick(id) {
    return Store.getMeta("picked").then(function (picked) {
      picked = picked || [];
      if (picked.indexOf(id) < 0) picked.push(id);
      return Store.setMeta("picked", picked);
    }).then(function () {
      $("field-found").textContent = "";
      $("field-q").value = "";
      return download();
    });
  }

  // --- upload --------------------------------------------------------------------------
  function conflictText(status, data) {
    var parts = [];
    function walk(value, name) {
      if (value === null || value === undefined) return;
      if (typeof value === "string") { parts.push((name ? name + "：" : "") + value); return; }
      if (Array.isArray(value)) { value.forEach(function (v) { walk(v, name); }); return; }
      if (typeof value === "object") {
        Object.keys(value).forEach(function (k) {
          var label = FIELD_NAMES[k] || (k === "non_field_errors" || k === "detail" || k === "Idempotency-Key" ? "" : k);
          walk(value[k], name || label);
        });
      }
    }
    walk(data, "");
    return parts.length ? parts.join("；") : "服务器拒绝了此记录（" + status + "）。";
  }

  function request(item, parent) {
    var headers = { "Idempotency-Key": item.key, "X-CSRFToken": csrf, Accept: "application/json" };
    if (item.kind === "inspection") {
      headers["Content-Type"] = "application/json";
      var payload = Object.assign({}, item.payload);
      delete payload.establishment_version_now;
      return { url: cfg.inspectionsApi, headers: headers, body: JSON.stringify(payload) };
    }
    if (item.kind === "sample") {
      headers["Content-Type"] = "application/json";
      return { url: cfg.samplesApi, headers: headers, body: JSON.stringify(Object.assign({ inspection: parent.serverId }, item.payload)) };
    }
    var form = new FormData();
    form.append("image", item.blob, item.filename);
    form.append("caption", item.caption || "");
    return { url: cfg.inspectionsApi + parent.serverId + "/photos/", headers: headers, body: form };
  }

  /* One item, with its own key, retried when the answer is lost. "next": go on with the
     following items; "stop": stop this round (offline, signed out, server trouble). */
  function send(item, parent) {
    var req = request(item, parent);
    var attempt = 0;
    function once() {
      attempt += 1;
      return fetch(req.url, { method: "POST", headers: req.headers, body: req.body, credentials: "same-origin", redirect: "manual" })
        .then(function (response) { return answered(item, response); }, function () {
          // No answer: the request may or may not have arrived. Send it again with the
          // same key: the server answers a second arrival with the first answer.
          if (attempt >= 4 || !navigator.onLine) {
            item.lastError = "上次上传未收到服务器答复，将以同一编号重发（不会重复保存）。";
            return Store.put(item).then(function () { return "stop"; });
          }
          return sleep(400 * attempt).then(once);
        });
    }
    return once();
  }

  function answered(item, response) {
    if (signedOut(response)) {
      paused = true;
      return "stop";
    }
    if (response.ok) {
      return response.json().then(function (data) {
        item.status = "sent";
        item.serverId = data.id;
        item.sentAt = new Date().toISOString();
        item.lastError = "";
        item.conflict = "";
        delete item.blob;  // the photo is on the server now
        return Store.put(item).then(function () { return "next"; });
      });
    }
    if ([400, 404, 409, 412, 422].indexOf(response.status) >= 0) {
      return response.json().catch(function () { return null; }).then(function (data) {
        item.status = "conflict";
        item.conflictStatus = response.status;
        item.conflict = conflictText(response.status, data);
        return Store.put(item).then(function () { return "next"; });
      });
    }
    item.lastError = "服务器暂时无法处理（" + response.status + "），稍后自动重试。";
    return Store.put(item).then(function () { return "stop"; });
  }

  function sync() {
    if (syncing) return Promise.resolve();
    if (!navigator.onLine) { say("当前离线：记录已保存在本机，联网后自动上传。"); return Promise.resolve(); }
    syncing = true;
    say("正在上传……");
    return fetch(cfg.sessionUrl, { credentials: "same-origin", redirect: "manual", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (signedOut(response) || !response.ok) { paused = true; return null; }
        return response.json();
      })
      .then(function (session) {
        if (!session) return "paused";
        paused = false;
        csrf = session.csrf_token;
        return Store.items().then(function (all) {
          items = all;
          var queue = all.filter(function (i) { return i.status === "pending"; });
          var sent = 0;
          function next(index) {
            if (index >= queue.length) return "done";
            var item = queue[index];
            var parent = item.parent ? itemBySeq(item.parent) : null;
            if (item.parent && (!parent || parent.status !== "sent" || !parent.serverId)) return next(index + 1);
            return send(item, parent).then(function (outcome) {
              if (item.status === "sent") sent += 1;
              if (outcome === "stop") return paused ? "paused" : "stopped";
              return next(index + 1);
            });
          }
          return Promise.resolve(next(0)).then(function (end) { return { end: end, sent: sent }; });
        });
      })
      .catch(function () { return "stopped"; })
      .then(function (outcome) {
        syncing = false;
        return reload().then(function () {
          var conflicts = items.filter(function (i) { return i.status === "conflict"; }).length;
          var pending = items.filter(function (i) { return i.status === "pending"; }).length;
          if (outcome === "paused" || paused) say("登录已过期，上传已暂停：请重新登录后点“继续上传”。");
          else if (outcome === "stopped" || (outcome && outcome.end === "stopped")) say("上传中断（网络或服务器问题），" + pending + " 条待上传，稍后自动重试。");
          else say("同步完成：本次上传 " + (outcome ? outcome.sent : 0) + " 条" + (pending ? "，" + pending + " 条待上传" : "") + (conflicts ? "，" + conflicts + " 条冲突待处理" : "") + "。");
        });
      });
  }

  function clearSent() {
    var keep = {};
    items.forEach(function (i) { if (i.parent && i.status !== "sent") keep[i.parent] = true; });
    var gone = items.filter(function (i) { return i.status === "sent" && !keep[i.seq]; });
    Promise.all(gone.map(function (i) { return Store.remove(i.seq); })).then(reload);
  }

  // --- start ---------------------------------------------------------------------------
  $("field-download").addEventListener("click", download);
  $("field-sync").addEventListener("click", sync);
  $("field-resume").addEventListener("click", sync);
  $("field-clear").addEventListener("click", clearSent);
  $("field-search").addEventListener("submit", search);
  window.addEventListener("online", function () { renderNet(); sync(); });
  window.addEventListener("offline", renderNet);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && paused && navigator.onLine) sync();
  });
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(cfg.sw, { scope: cfg.scope }).catch(function () {
      say("本浏览器未能启用离线缓存：断网后请勿刷新本页。");
    });
  }
  reload().then(function () {
    if (navigator.onLine && items.some(function (i) { return i.status === "pending"; })) sync();
  });
})();
