/* Signing out on a shared tablet (退出, the form marked data-field-signout in base.html).
   The field page keeps today's work in IndexedDB ("weijian-field": the downloaded units,
   the outbox) and its page in the service worker's caches ("weijian-field-*"): the next
   officer signing in on the same browser must not see them.

   - Records not uploaded yet (pending or refused, "冲突") are never thrown away: the officer
     is asked to confirm, and on 确定 signs out with the field data kept (each record is sent
     only under its own inspector's session, docs/offline-field.md); 取消 stays signed in.
   - Otherwise the field data is cleared and the cached field pages dropped, then the form
     is sent. Whatever goes wrong in the clearing, the sign-out still happens. */
(function () {
  "use strict";
  var NAME = "weijian-field";
  var VERSION = 1; // as static/js/offline/store.js
  var CACHE_PREFIX = "weijian-field-"; // as static/js/offline/sw.js

  function exists() {
    if (!window.indexedDB) return Promise.resolve(false);
    if (!indexedDB.databases) return Promise.resolve(true); // cannot tell: open it
    return indexedDB.databases().then(function (list) {
      return list.some(function (db) { return db.name === NAME; });
    });
  }

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = function () { // as store.js, so the field page finds its stores
        var db = request.result;
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "key" });
        if (!db.objectStoreNames.contains("outbox")) {
          db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
        }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
      request.onblocked = function () { reject(new Error("blocked")); };
    });
  }

  function unsent(db) {
    return new Promise(function (resolve, reject) {
      var request = db.transaction("outbox", "readonly").objectStore("outbox").getAll();
      request.onsuccess = function () {
        resolve((request.result || []).filter(function (i) { return i.status !== "sent"; }).length);
      };
      request.onerror = function () { reject(request.error); };
    });
  }

  function clearStores(db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(["meta", "outbox"], "readwrite");
      tx.objectStore("meta").clear();
      tx.objectStore("outbox").clear();
      tx.oncomplete = function () { resolve(); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error); };
    });
  }

  function dropCaches() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(CACHE_PREFIX) === 0; })
        .map(function (n) { return caches.delete(n); }));
    });
  }

  /* "keep" (records left to upload, sign out anyway), "stay" (not signed out), "cleared". */
  function prepare() {
    return exists().then(function (found) {
      if (!found) return dropCaches().then(function () { return "cleared"; });
      return open().then(function (db) {
        return unsent(db).then(function (count) {
          if (count) {
            db.close();
            var ok = window.confirm(
              "本机还有 " + count + " 条外出检查记录尚未上传（含上传被拒、待修改的记录）。\n" +
              "退出后这些记录仍保留在本机，录入人再次登录并打开“外出检查（离线）”即可继续上传。\n" +
              "确定退出吗？");
            return ok ? "keep" : "stay";
          }
          return clearStores(db).then(function () {
            db.close();
            return dropCaches();
          }).then(function () { return "cleared"; });
        });
      });
    });
  }

  function hook(form) {
    var ready = false;
    form.addEventListener("submit", function (event) {
      if (ready) return;
      event.preventDefault();
      var submitter = event.submitter || null;
      prepare().catch(function () { return "failed"; }).then(function (outcome) {
        if (outcome === "stay") return;
        ready = true;
        form.dataset.fieldSignout = outcome; // seen by the browser test
        if (submitter) form.requestSubmit(submitter);
        else form.requestSubmit();
      });
    });
  }

  function init() {
    document.querySelectorAll("form[data-field-signout]").forEach(hook);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
