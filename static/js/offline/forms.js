/* The field page's entry forms (inspection, sample, photo): each saves into the outbox
   (IndexedDB, static/js/offline/store.js) with a new Idempotency-Key. ``page`` is the field
   page's (static/js/offline/field.js): bundle(), unitOf(), itemBySeq(), reload(), say(),
   sync(). */
(function () {
  "use strict";
  var D = window.FieldDom;
  var h = D.h, $ = D.$, byId = D.byId, pad = D.pad, localNow = D.localNow, localValue = D.localValue;
  var labelled = D.labelled, select = D.select, choices = D.choices, checked = D.checked;
  var Store = window.FieldStore;

  window.FieldForms = function (page) {
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

    function scoreLines(checklist, scores) {
      var wrap = h("div", { id: "f-scores" });
      if (!checklist) return wrap;
      wrap.appendChild(h("p", { "class": "muted", text: "合格分 " + checklist.pass_mark + " 分；每项都须评分，或标为不适用（合理缺项）。※ 为关键项。" }));
      checklist.items.forEach(function (item) {
        var old = (scores || []).filter(function (s) { return String(s.item) === String(item.id); })[0];
        var score = h("input", { type: "number", min: "0", max: item.max_points, step: "0.5", inputmode: "decimal",
          name: "score", "aria-label": item.content + " 得分", dataset: { item: item.id, max: item.max_points } });
        score.value = old ? old.score : "";
        var note = h("input", { type: "text", name: "note", "aria-label": item.content + " 备注", placeholder: "备注", maxlength: "200" });
        note.value = old ? old.note : "";
        var na = h("input", { type: "checkbox", name: "not_applicable" });
        na.checked = !!(old && old.not_applicable);
        score.disabled = na.checked;
        na.addEventListener("change", function () { score.disabled = na.checked; });
        wrap.appendChild(h("div", { "class": "score-line" },
          h("span", { text: (item.is_key ? "※ " : "") + item.content + "（" + item.max_points + " 分）" }), score, note,
          h("label", { "class": "na" }, na, "不适用")));
      });
      return wrap;
    }

    function inspectionForm(unit, editing) {
      var bundle = page.bundle();
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
      // Only the unit's domain's sheets and problems (a download made before they were scoped: all).
      var sheets = unit.checklists ? bundle.checklists.filter(function (c) { return unit.checklists.indexOf(c.id) >= 0; }) : bundle.checklists;
      var problemTypes = unit.problem_types ? bundle.problem_types.filter(function (t) { return unit.problem_types.indexOf(t.id) >= 0; }) : bundle.problem_types;
      var checklistSelect = select("f-checklist", [{ value: "", label: "不使用评分表" }].concat(sheets.map(function (c) { return { value: c.id, label: c.name }; })), p && p.checklist);
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
      form.appendChild(h("fieldset", {}, h("legend", { text: "发现的问题" }), choices("problems", problemTypes, p ? p.problems : [])));
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
          if (input.parentNode.querySelector("input[name=not_applicable]").checked) {
            payload.scores.push({ item: Number(input.dataset.item), score: null, not_applicable: true, note: note.value.trim() });
            return;
          }
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
          ? replace(editing, { payload: payload, key: Store.uuid(), status: "pending", conflict: "", unitNow: "" }, errors)
          : Store.add({ kind: "inspection", key: Store.uuid(), user: page.bundle().user.id, unit: unit.id, payload: payload, status: "pending", created: new Date().toISOString() });
        saving.then(function (done) {
          if (done === false) return;
          return page.reload().then(function () {
            closeEntry();
            page.say(navigator.onLine ? "已保存，正在上传……" : "已保存到待上传（离线），联网后自动上传。");
            if (navigator.onLine) page.sync();
          });
        });
      });
      openEntry((editing ? (editing.status === "conflict" ? "修改后重发：" : "修改：") : "录入检查：") + unit.name, form);
    }

    function sampleForm(inspection, editing) {
      var bundle = page.bundle();
      var p = editing ? editing.payload : null;
      var unit = page.unitOf(inspection.unit);
      var types = unit && unit.sample_types ? unit.sample_types.slice() : [];
      if (!types.length) { page.say("该单位没有可采集的样品类型。"); return; }
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
            // Text, not a number field: Chromium reads "7,2" typed into one as 72. The server
            // reads the text (7,2 and ７．２ as 7.2) and refuses what is not a number.
            control = h("input", { type: "text", inputmode: "decimal", autocomplete: "off", id: "s-limit-" + l.id });
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
          ? replace(editing, { payload: payload, key: Store.uuid(), status: "pending", conflict: "" }, errors)
          : Store.add({ kind: "sample", key: Store.uuid(), user: page.bundle().user.id, unit: inspection.unit, parent: inspection.seq, payload: payload, status: "pending", created: new Date().toISOString() });
        saving.then(function (done) {
          if (done === false) return;
          return page.reload().then(function () {
            closeEntry();
            page.say(navigator.onLine ? "样品已保存，正在上传……" : "样品已保存到待上传（离线）。");
            if (navigator.onLine) page.sync();
          });
        });
      });
      openEntry(editing ? "修改样品" : "添加样品", form);
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
          return Store.add({ kind: "photo", key: Store.uuid(), user: page.bundle().user.id, unit: inspection.unit, parent: inspection.seq, blob: blob,
            filename: chosen.name || "photo.jpg", caption: caption.value.trim(), status: "pending", created: new Date().toISOString() });
        }).then(page.reload).then(function () {
          closeEntry();
          page.say(navigator.onLine ? "照片已保存，正在上传……" : "照片已保存到待上传（离线）。");
          if (navigator.onLine) page.sync();
        });
      });
      openEntry("添加照片", form);
    }


    /* An edited record goes back into the queue under a new key, unless it went out
       meanwhile (an upload that may have arrived keeps its key: it cannot change). */
    function replace(editing, changes, errors) {
      return Store.items().then(function (all) {
        var now = all.filter(function (i) { return i.seq === editing.seq; })[0];
        if (!now || now.status === "sent" || (now.attempted && now.status !== "conflict")) {
          errors.textContent = "此记录已开始上传，不能再修改；如需更正，请在上传后到检查记录中更正。";
          return false;
        }
        return Store.put(Object.assign({}, now, changes, { attempted: false }));
      });
    }

    return { inspectionForm: inspectionForm, sampleForm: sampleForm, photoForm: photoForm, closeEntry: closeEntry };
  };
})();
