/* IndexedDB for the field page: today's work ("meta": the downloaded bundle, the units
   picked) and the outbox of records entered offline ("outbox", in the order entered). */
(function () {
  "use strict";
  var NAME = "weijian-field";
  var VERSION = 1;
  var opening = null;

  function open() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "key" });
        if (!db.objectStoreNames.contains("outbox")) {
          db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
        }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opening;
  }

  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var result;
        var request = work(tx.objectStore(storeName));
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  window.FieldStore = {
    uuid: uuid,
    getMeta: function (key) {
      return run("meta", "readonly", function (s) { return s.get(key); }).then(function (row) {
        return row ? row.value : undefined;
      });
    },
    setMeta: function (key, value) {
      return run("meta", "readwrite", function (s) { return s.put({ key: key, value: value }); });
    },
    /* Every outbox item, oldest first (seq is the order entered). */
    items: function () {
      return run("outbox", "readonly", function (s) { return s.getAll(); }).then(function (rows) {
        return (rows || []).sort(function (a, b) { return a.seq - b.seq; });
      });
    },
    add: function (item) {
      return run("outbox", "readwrite", function (s) { return s.add(item); });
    },
    put: function (item) {
      return run("outbox", "readwrite", function (s) { return s.put(item); });
    },
    remove: function (seq) {
      return run("outbox", "readwrite", function (s) { return s.delete(seq); });
    }
  };
})();
