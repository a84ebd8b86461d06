/* Sending one outbox item (static/js/offline/field.js): its own Idempotency-Key, sent
   again with the same key when the answer is lost; a refusal kept beside it as a conflict
   ("冲突：…"), named by field as the inspector knows them. */
(function () {
  "use strict";
  var Store = window.FieldStore;
  var sleep = window.FieldDom.sleep;

  var FIELD_NAMES = {
    establishment: "被检查单位", establishment_version: "单位版本", date: "检查时间",
    inspectors: "检查人员", kind: "检查类型", person_present: "现场负责人", findings: "检查情况",
    problems: "发现的问题", result: "检查结果", campaign: "专项整治", draw_assignment: "抽查任务",
    follows_opinion: "复查意见书", rectified: "整改情况", checklist: "评分表", scores: "评分",
    inspection: "检查记录", sample_type: "样品类型", location: "采样地点", taken_at: "采样时间",
    results: "检测结果", image: "照片", caption: "说明"
  };

  function signedOut(response) {
    return response.type === "opaqueredirect" || response.status === 401 || response.status === 403 ||
      (response.redirected && response.url.indexOf("/login/") >= 0);
  }

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

  function request(item, parent, cfg, csrf) {
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
  function send(item, parent, cfg, csrf) {
    var req = request(item, parent, cfg, csrf);
    var attempt = 0;
    function once() {
      attempt += 1;
      item.attempted = true;  // from now on it may have arrived: its key and body stay
      return Store.put(item).then(function () { return fetch(req.url, { method: "POST", headers: req.headers, body: req.body, credentials: "same-origin", redirect: "manual" })
        .then(function (response) {
          // 503: the same item, sent from another tab a moment ago, is still at work on the
          // server; asked again shortly, the server answers with the first answer.
          if (response.status === 503 && attempt < 4) return sleep(1000 * attempt).then(once);
          return answered(item, response);
        }, function () {
          // No answer: the request may or may not have arrived. Send it again with the
          // same key: the server answers a second arrival with the first answer.
          if (attempt >= 4 || !navigator.onLine) {
            item.lastError = "上次上传未收到服务器答复，将以同一编号重发（不会重复保存）。";
            return Store.put(item).then(function () { return "stop"; });
          }
          return sleep(400 * attempt).then(once);
        });
      });
    }
    return once();
  }

  function answered(item, response) {
    if (signedOut(response)) return "signin";
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

  window.FieldSync = { send: send, signedOut: signedOut };
})();
