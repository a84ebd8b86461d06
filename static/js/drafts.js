/* Nothing typed is lost: drafts on this device, and a save that survives an expired
   session or a lost signal. Declared by data attributes (no inline script: CSP).

   <form data-draft> (with the one-time key of templates/core/_submission_key.html):
   - a draft of the form is kept in localStorage as it is typed (key: user, the form's
     address with its query, the form's place on the page), and offered back when the
     page is opened again: "发现未提交的草稿（时间）：恢复 / 丢弃". Passwords, files and
     the hidden tokens are never kept. Drafts older than DRAFT_DAYS are forgotten;
   - the form is sent by fetch (header X-Form-Submit, core.middleware.FormSubmitMiddleware):
     saved → the draft is cleared and the saved record opens; no network → the input stays,
     a message says so, and it is sent again when the network is back (same submission
     key: the server saves it once, core/submissions.py); the session has ended → a
     sign-in form in place, then the same input is sent again; anything else (the form
     with errors) → the form is sent by the browser itself, which shows the answer.
   Without scripts the form is sent as before.

   Independent of static/js/offline*.js (the service worker and the API outbox). */
(function () {
  "use strict";

  var PREFIX = "weijian:draft:";
  var RESTORE_AFTER_RELOAD = "weijian:draft-restore";
  var SENT_BY_BROWSER = "weijian:draft-sent";
  var SAVED_KEY = "weijian:draft-saved-key:";
  var DRAFT_DAYS = 14;
  var RETRY_MS = 30000;
  var SKIPPED_TYPES = ["file", "password", "submit", "button", "reset", "image", "hidden"];
  var OFFLINE_TEXT = "网络不可用，已保存在本机，恢复网络后将自动提交。";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null; // private mode, storage full or refused: forms work as before
    }
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function when(ms) {
    var d = new Date(ms);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " +
      pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function forgetOld(store) {
    var limit = Date.now() - DRAFT_DAYS * 86400000;
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) continue;
      try {
        var draft = JSON.parse(store.getItem(key));
        if (!draft || !(draft.saved > limit)) store.removeItem(key);
      } catch (e) {
        store.removeItem(key);
      }
    }
  }

  function kept(el) {
    return el.name && !el.disabled && SKIPPED_TYPES.indexOf(el.type) === -1 &&
      el.tagName !== "BUTTON" && el.tagName !== "FIELDSET" && el.tagName !== "OUTPUT";
  }

  function values(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) return;
      var list = fields[el.name] || (fields[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) list.push(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { list.push(o.value); });
      } else {
        list.push(el.value);
      }
    });
    return fields;
  }

  function same(a, b) {
    return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
  }

  function sorted(fields) {
    return Object.keys(fields).sort().map(function (k) { return [k, fields[k]]; });
  }

  /* Put the draft's values into the form; the names it has no field for (rows that appear
     once a choice is loaded: a checklist's items) are returned. */
  function apply(form, fields) {
    var missing = [];
    Object.keys(fields).forEach(function (name) {
      var els = Array.prototype.filter.call(form.elements, function (el) {
        return el.name === name && kept(el);
      });
      if (!els.length) { missing.push(name); return; }
      var wanted = fields[name];
      var position = 0;
      els.forEach(function (el) {
        var before = el.type === "checkbox" || el.type === "radio" ? el.checked : el.value;
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = wanted.indexOf(el.value) !== -1;
        } else if (el.tagName === "SELECT" && el.multiple) {
          Array.prototype.forEach.call(el.options, function (o) {
            o.selected = wanted.indexOf(o.value) !== -1;
          });
        } else if (position < wanted.length) {
          el.value = wanted[position];
          position += 1;
        }
        var after = el.type === "checkbox" || el.type === "radio" ? el.checked : el.value;
        if (before !== after && !el.hasAttribute("data-click")) {
          // Behaviours of forms.js follow (sections shown by kind); a select that loads
          // rows (data-click) is followed below, once.
          el.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
    return missing;
  }

  /* Rows of a formset the draft has more of than the page (opinion items added with
     "添加一行", forms.js): added the same way, so their values have a place. */
  function addRows(form, missing) {
    var added = false;
    missing.forEach(function (name) {
      var match = /^(.+)-(\d+)-[^-]+$/.exec(name);
      if (!match) return;
      var prefix = match[1];
      var adder = form.querySelector('[data-add-row="' + prefix + '"]');
      var ready = adder && form.querySelector('[data-rows="' + prefix + '"]') &&
        form.querySelector('template[data-empty-row="' + prefix + '"]') &&
        form.querySelector('[name="' + prefix + '-TOTAL_FORMS"]');
      for (var i = 0; ready && i < 100 && !form.elements.namedItem(name); i++) {
        adder.click();
        added = true;
      }
    });
    return added;
  }

  function notice(form, level, text) {
    var list = form.previousElementSibling;
    if (!list || !list.hasAttribute("data-draft-notice")) {
      list = document.createElement("ul");
      list.className = "messages";
      list.setAttribute("data-draft-notice", "");
      form.parentNode.insertBefore(list, form);
    }
    list.textContent = "";
    if (!text) return null;
    var item = document.createElement("li");
    item.className = "msg-" + level;
    item.setAttribute("role", level === "error" || level === "warning" ? "alert" : "status");
    item.appendChild(document.createTextNode(text));
    list.appendChild(item);
    return item;
  }

  function button(label, onclick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", onclick);
    return b;
  }

  function parse(html) {
    return new DOMParser().parseFromString(html, "text/html");
  }

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) {
      return c.indexOf(name + "=") === 0;
    })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function Draft(form, index, store) {
    this.form = form;
    this.store = store;
    this.keyInput = form.querySelector("input[name=_submission]");
    this.user = this.keyInput ? this.keyInput.getAttribute("data-user") : "";
    this.username = this.keyInput ? this.keyInput.getAttribute("data-username") : "";
    var action = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    this.storageKey = PREFIX + this.user + ":" + action.pathname + action.search + "#" + index;
    this.action = action.href;
    this.initial = values(form);
    this.offering = false;
    this.sending = false;
    this.timer = null;
    this.retryTimer = null;
  }

  Draft.prototype.read = function () {
    if (!this.store) return null;
    try { return JSON.parse(this.store.getItem(this.storageKey)); } catch (e) { return null; }
  };

  Draft.prototype.write = function (pending) {
    if (!this.store || this.done) return;
    var fields = values(this.form);
    var previous = this.read();
    if (!pending && same(fields, this.initial) && !(previous && previous.pending)) {
      this.store.removeItem(this.storageKey); // nothing typed
      return;
    }
    var draft = {
      saved: Date.now(),
      fields: fields,
      pending: !!(pending || (previous && previous.pending)),
      key: this.keyInput ? this.keyInput.value : ""
    };
    try {
      this.store.setItem(this.storageKey, JSON.stringify(draft));
    } catch (e) { /* storage full: the form itself still holds the input */ }
  };

  Draft.prototype.clear = function () {
    if (this.store) this.store.removeItem(this.storageKey);
  };

  Draft.prototype.start = function () {
    var self = this;
    var form = this.form;
    var draft = this.read();
    var restoring = false;
    var answered = false; // this page is the answer to the form sent by the browser
    try {
      restoring = window.sessionStorage.getItem(RESTORE_AFTER_RELOAD) === this.storageKey;
      answered = window.sessionStorage.getItem(SENT_BY_BROWSER) === this.storageKey;
      window.sessionStorage.removeItem(SENT_BY_BROWSER);
    } catch (e) { /* none */ }
    var navigation = window.performance && performance.getEntriesByType &&
      performance.getEntriesByType("navigation")[0];
    if (navigation && navigation.type === "back_forward" && this.keyInput) {
      try {
        var saved = window.sessionStorage.getItem(SAVED_KEY + this.storageKey);
        if (saved) this.keyInput.value = saved;
      } catch (e) { /* none */ }
    }
    if (restoring) {
      try { window.sessionStorage.removeItem(RESTORE_AFTER_RELOAD); } catch (e) { /* none */ }
      if (draft) this.restore(draft, true);
    } else if (answered) {
      // The form as the server shows it again (with its errors, or a list loaded): what
      // was sent; the draft follows it from here.
    } else if (draft && draft.fields && !same(draft.fields, this.initial)) {
      this.offer(draft);
    }
    function later() {
      if (self.offering) return; // the draft offered is kept until the user chooses
      window.clearTimeout(self.timer);
      self.timer = window.setTimeout(function () { self.write(false); }, 300);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function (event) { self.submit(event); });
    window.addEventListener("pagehide", function () { if (!self.offering) self.write(false); });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { self.sending = false; self.done = false; } // back from the cache
    });
  };

  Draft.prototype.offer = function (draft) {
    var self = this;
    this.offering = true;
    var item = notice(this.form, "info", "发现未提交的草稿（" + when(draft.saved) + "）：");
    item.setAttribute("data-draft-offer", "");
    item.appendChild(button("恢复", function () {
      self.offering = false;
      notice(self.form, "info", "");
      self.restore(draft, false);
    }));
    item.appendChild(document.createTextNode(" / "));
    item.appendChild(button("丢弃", function () {
      self.offering = false;
      self.clear();
      notice(self.form, "info", "");
      self.write(false);
    }));
  };

  Draft.prototype.restore = function (draft, afterReload) {
    var form = this.form;
    if (draft.pending && draft.key && this.keyInput) {
      // Sent before, answer unknown: the same key, so the server saves it at most once.
      this.keyInput.value = draft.key;
    }
    var missing = apply(form, draft.fields);
    if (missing.length && addRows(form, missing)) missing = apply(form, draft.fields);
    if (missing.length && !afterReload) {
      var loader = Array.prototype.filter.call(form.querySelectorAll("select[data-click]"), function (s) {
        return draft.fields[s.name] && draft.fields[s.name][0];
      })[0];
      var reload = loader && document.getElementById(loader.getAttribute("data-click"));
      if (reload && this.store) {
        // Rows named by the draft appear once its choice is loaded: load it, then restore.
        this.store.setItem(this.storageKey, JSON.stringify(draft));
        try { window.sessionStorage.setItem(RESTORE_AFTER_RELOAD, this.storageKey); } catch (e) { /* none */ }
        this.submitter = reload;
        this.done = true; // the draft as it is, not the form without its rows, is kept
        this.native();
        return;
      }
    }
    notice(form, "info", "已恢复草稿，请核对后提交。" +
      (form.querySelector("input[type=file]") ? "照片、附件等文件不保存在草稿中，请重新选择。" : ""));
    this.write(draft.pending);
  };

  Draft.prototype.submit = function (event) {
    var form = this.form;
    if (form.hasAttribute("data-draft-native")) return; // the browser sends it this time
    event.preventDefault();
    if (this.sending && !this.waiting) return; // a double click: the first is on its way
    this.offering = false;
    this.submitter = event.submitter || null;
    this.write(true);
    this.csrfRetried = false;
    this.send();
  };

  Draft.prototype.body = function () {
    var data = this.submitter ? new FormData(this.form, this.submitter) : new FormData(this.form);
    return data;
  };

  Draft.prototype.native = function () {
    try { window.sessionStorage.setItem(SENT_BY_BROWSER, this.storageKey); } catch (e) { /* none */ }
    this.form.setAttribute("data-draft-native", "");
    if (this.submitter) this.form.requestSubmit(this.submitter);
    else this.form.requestSubmit();
  };

  Draft.prototype.send = function () {
    var self = this;
    this.sending = true;
    this.waiting = false;
    window.clearTimeout(this.retryTimer);
    if (this.onlineHandler) window.removeEventListener("online", this.onlineHandler);
    fetch(this.action, {
      method: "POST",
      body: this.body(),
      credentials: "same-origin",
      headers: { "X-Form-Submit": "1" }
    }).then(function (response) {
      var outcome = response.headers.get("X-Form-Outcome");
      if (outcome === "redirect") {
        return response.json().then(function (data) {
          self.clear();
          // Back to this page (history) and Save again: the same key, so the server
          // opens the record saved now instead of saving it twice.
          try { window.sessionStorage.setItem(SAVED_KEY + self.storageKey, self.keyInput.value); } catch (e) { /* none */ }
          self.done = true; // nothing more is kept: the page is leaving for the record
          window.location.assign(data.location);
        });
      }
      if (outcome === "signin" || outcome === "csrf") {
        return response.json().then(function (data) {
          if (data.signin) return self.signIn(data.signin, data.message);
          if (!self.csrfRetried) { // the token changed (signed in again elsewhere)
            self.csrfRetried = true;
            return self.freshToken().then(function () { self.send(); });
          }
          self.sending = false;
          self.native();
        });
      }
      // The form with errors, or another answer: the browser sends it and shows it.
      self.sending = false;
      self.native();
    }, function () {
      self.offline();
    }).catch(function () {
      self.sending = false;
      notice(self.form, "error", "提交未完成，内容已保存在本机草稿中，请稍后再试。");
    });
  };

  Draft.prototype.offline = function () {
    var self = this;
    this.write(true);
    this.waiting = true;
    var item = notice(this.form, "warning", OFFLINE_TEXT + " ");
    item.setAttribute("data-draft-offline", "");
    item.appendChild(button("立即重试", function () { self.send(); }));
    function again() {
      window.removeEventListener("online", again);
      self.send();
    }
    this.onlineHandler = again;
    window.addEventListener("online", again);
    // A signal lost with the network still "online" sends no event: try again anyway.
    this.retryTimer = window.setTimeout(function () {
      window.removeEventListener("online", again);
      if (navigator.onLine !== false) self.send();
      else window.addEventListener("online", again);
    }, RETRY_MS);
  };

  /* A fresh CSRF token: the form's page fetched again (signed in, the token has changed). */
  Draft.prototype.freshToken = function () {
    var self = this;
    return fetch(window.location.href, { credentials: "same-origin" }).then(function (r) {
      return r.text();
    }).then(function (html) {
      var page = parse(html);
      var mark = page.querySelector("input[name=_submission]");
      if (mark && self.user && mark.getAttribute("data-user") !== self.user) {
        throw new Error("other user");
      }
      var token = page.querySelector("input[name=csrfmiddlewaretoken]");
      var value = token ? token.value : cookie("csrftoken");
      Array.prototype.forEach.call(self.form.querySelectorAll("input[name=csrfmiddlewaretoken]"), function (el) {
        el.value = value;
      });
    });
  };

  Draft.prototype.signIn = function (loginUrl, message) {
    var self = this;
    this.write(true);
    notice(this.form, "warning", "登录已失效，填写的内容已保存在本机草稿中。");
    var dialog = document.createElement("dialog");
    dialog.className = "card signin-dialog";
    dialog.setAttribute("aria-labelledby", "draft-signin-title");
    var title = document.createElement("h2");
    title.id = "draft-signin-title";
    title.textContent = "请重新登录";
    var text = document.createElement("p");
    text.textContent = message || "登录已失效，请重新登录；填写的内容没有丢失，登录后将自动提交。";
    var errors = document.createElement("div");
    errors.className = "form-errors";
    errors.setAttribute("role", "alert");
    errors.hidden = true;
    var inner = document.createElement("form");
    inner.className = "stacked";
    inner.method = "post";
    inner.action = loginUrl;
    function field(name, label, type, value, autocomplete) {
      var wrap = document.createElement("div");
      wrap.className = "field";
      var l = document.createElement("label");
      l.htmlFor = "draft-signin-" + name;
      l.textContent = label;
      var input = document.createElement("input");
      input.type = type;
      input.name = name;
      input.id = "draft-signin-" + name;
      input.required = true;
      input.value = value || "";
      input.autocomplete = autocomplete;
      wrap.appendChild(l);
      wrap.appendChild(input);
      inner.appendChild(wrap);
      return input;
    }
    var username = field("username", "用户名", "text", this.username, "username");
    var password = field("password", "密码", "password", "", "current-password");
    var buttons = document.createElement("div");
    buttons.className = "form-buttons";
    var go = document.createElement("button");
    go.type = "submit";
    go.className = "primary";
    go.textContent = "登录并提交";
    buttons.appendChild(go);
    buttons.appendChild(button("取消", function () {
      dialog.close();
      dialog.remove();
      self.sending = false;
      notice(self.form, "warning", "未提交：填写的内容已保存在本机草稿中，登录后再次打开本页即可恢复。");
    }));
    inner.appendChild(buttons);
    dialog.appendChild(title);
    dialog.appendChild(text);
    dialog.appendChild(errors);
    dialog.appendChild(inner);
    document.body.appendChild(dialog);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); });
    dialog.showModal();
    (this.username ? password : username).focus();

    function fail(text) {
      errors.textContent = "";
      var p = document.createElement("p");
      p.textContent = text;
      errors.appendChild(p);
      errors.hidden = false;
      go.disabled = false;
    }

    inner.addEventListener("submit", function (event) {
      event.preventDefault();
      go.disabled = true;
      // The sign-in page first: its token (and cookie) for the sign-in itself.
      fetch(loginUrl, { credentials: "same-origin" }).then(function (r) {
        return r.text();
      }).then(function (html) {
        var token = parse(html).querySelector("input[name=csrfmiddlewaretoken]");
        var data = new FormData();
        data.append("csrfmiddlewaretoken", token ? token.value : cookie("csrftoken"));
        data.append("username", username.value);
        data.append("password", password.value);
        return fetch(loginUrl, {
          method: "POST", body: data, credentials: "same-origin",
          headers: { "X-Form-Submit": "1" }
        });
      }).then(function (response) {
        if (response.headers.get("X-Form-Outcome") === "redirect") {
          return self.freshToken().then(function () {
            dialog.close();
            dialog.remove();
            notice(self.form, "info", "已重新登录，正在提交……");
            self.csrfRetried = false;
            self.send();
          }, function () {
            dialog.close();
            dialog.remove();
            self.sending = false;
            notice(self.form, "error", "已登录的是另一个账号：本表单未提交，内容保留在原账号的本机草稿中。");
          });
        }
        return response.text().then(function (html) {
          var page = parse(html);
          var said = page.querySelector(".form-errors, .errorlist, main h1 + p, main p");
          fail(said ? said.textContent.trim() : "登录未成功（" + response.status + "），请重试。");
        });
      }).catch(function () {
        fail("网络不可用，请恢复网络后再登录。");
      });
    });
  };

  ready(function () {
    var forms = document.querySelectorAll("form[data-draft]");
    if (!forms.length) return;
    var store = storage();
    if (store) forgetOld(store);
    Array.prototype.forEach.call(forms, function (form, index) {
      var draft = new Draft(form, index, store);
      if (!draft.user) return; // not signed in: nothing to key a draft by
      draft.start();
    });
  });
})();
