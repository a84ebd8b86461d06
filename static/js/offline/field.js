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

  var D = window.FieldDom;
  var h = D.h, $ = D.$, byId = D.byId, shown = D.shown;
  var signedOut = window.FieldSync.signedOut;
  function say(text) { $("field-status").textContent = text; }
  var forms = window.FieldForms({
    bundle: function () { return bundle; },
    unitOf: unitOf,
    itemBySeq: itemBySeq,
    reload: reload,
    say: say,
    sync: sync
  });

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
      h("button", { type: "button", "class": "primary", text: "录入检查", onclick: function () { forms.inspectionForm(unit); } }));
  }

  var STATUS_TEXT = { operating: "营业", suspended: "停业", closed: "已关闭" };
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
        actions.push(h("button", { type: "button", text: "添加样品", onclick: function () { forms.sampleForm(item); } }));
        actions.push(h("button", { type: "button", text: "添加照片", onclick: function () { forms.photoForm(item); } }));
      }
      if (state === "conflict") {
        if (item.kind !== "photo") {
          actions.push(h("button", { type: "button", "class": "primary", text: "修改后重发", onclick: function () { editAndResend(item); } }));
        } else {
          actions.push(h("button", { type: "button", "class": "primary", text: "重发", onclick: function () { resend(item); } }));
        }
      }
      if (state === "pending" && !item.attempted && item.kind !== "photo") {
        actions.push(h("button", { type: "button", text: "修改", onclick: function () { editAndResend(item); } }));
      }
      if (state !== "sent") {
        actions.push(h("button", { type: "button", text: "放弃", onclick: function (e) { askDiscard(item, e.target); } }));
      }
      var stateEl = h("span", { "class": "state state-" + state, text: stateText });
      if (state === "sent" && item.kind === "inspection" && item.serverId) {
        stateEl = h("a", { "class": "state state-sent", href: cfg.detailUrl.replace("/0/", "/" + item.serverId + "/"), text: stateText });
      }
      list.appendChild(h("li", { "class": item.parent ? "child" : null, dataset: { seq: item.seq, kind: item.kind, status: state } },
        stateEl,
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

  // --- settling a conflict -------------------------------------------------------------
  function editAndResend(item) {
    if (item.kind === "sample") { forms.sampleForm(itemBySeq(item.parent), item); return; }
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
            edit.unitNow = now.name + " · " + now.address + (now.status === "operating" ? "" : " · " + (STATUS_TEXT[now.status] || now.status));
            // Today's copy of the unit follows: the next entry is based on it too.
            unit.name = now.name;
            unit.address = now.address;
            unit.status = STATUS_TEXT[now.status] || now.status;
            unit.version = etag;
            return Store.setMeta("bundle", bundle).then(function () {
              render();
              forms.inspectionForm(unit, edit);
            });
          });
        })
        .catch(function () { forms.inspectionForm(unit, edit); });
      return;
    }
    forms.inspectionForm(unit, edit);
  }

  function resend(item) {
    Store.put(Object.assign({}, item, { key: Store.uuid(), status: "pending", conflict: "" })).then(reload).then(sync);
  }

  // --- download ------------------------------------------------------------------------
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
  function sync() {
    if (syncing) return Promise.resolve();
    if (!navigator.onLine) { say("当前离线：记录已保存在本机，联网后自动上传。"); return Promise.resolve(); }
    syncing = true;
    say("正在上传……");
    // One upload at a time across this browser's tabs: a second tab (the sign-in tab that
    // lands on this page, say) waits for the first and then finds its items sent.
    if (navigator.locks) return navigator.locks.request("weijian-field-sync", upload);
    return upload();
  }

  function upload() {
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
            if (item.user && String(item.user) !== String(session.user)) {
              // Entered by another inspector on this tablet: sent under their own sign-in.
              item.lastError = "此记录由其他用户录入，须由其本人登录后上传。";
              return Store.put(item).then(function () { return next(index + 1); });
            }
            return window.FieldSync.send(item, parent, cfg, csrf).then(function (outcome) {
              if (item.status === "sent") sent += 1;
              if (outcome === "signin") { paused = true; return "paused"; }
              if (outcome === "stop") return "stopped";
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
    if (!navigator.onLine) say(bundle ? "当前离线：以下是本机保存的今日任务，录入的记录联网后上传。" : "当前离线，本机尚无今日任务：请联网后下载。");
    if (navigator.onLine && items.some(function (i) { return i.status === "pending"; })) sync();
  });
})();
