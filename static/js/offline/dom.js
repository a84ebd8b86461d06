/* Small DOM helpers of the field page (static/js/offline/field.js): elements built with
   textContent only (no HTML from data), form controls, local date and time. */
(function () {
  "use strict";
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

  function choices(name, options, checked) {
    return h("div", { "class": "choices" }, options.map(function (o) {
      var box = h("input", { type: "checkbox", name: name, value: String(o.id) });
      box.checked = checked.indexOf(o.id) >= 0;
      return h("label", {}, box, o.name);
    }));
  }

  function localValue(iso) {
    var d = new Date(iso);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function checked(form, name) {
    return Array.prototype.map.call(form.querySelectorAll("input[name=" + name + "]:checked"), function (b) { return Number(b.value); });
  }

  window.FieldDom = {
    h: h, $: $, byId: byId, pad: pad, localNow: localNow, localValue: localValue, shown: shown,
    labelled: labelled, select: select, choices: choices, checked: checked, sleep: sleep
  };
})();
