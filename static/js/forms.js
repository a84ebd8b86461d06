/* Small behaviours of forms, declared in the templates by data attributes (no inline
   script, so the Content-Security-Policy allows scripts from our own files only):
   - <form data-kind-field="kind">: elements with data-kind="x" show only while the
     field named "kind" has the value x;
   - <select data-click="id">: choosing an option clicks the button with that id (which
     is then hidden: without scripts it stays, and does the same);
   - <select data-autosubmit>: choosing an option submits its form;
   - <button data-confirm="text">: asks first; cancelled, nothing is sent. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    document.querySelectorAll("form[data-kind-field]").forEach(function (form) {
      var field = form.querySelector("[name=" + form.getAttribute("data-kind-field") + "]");
      if (!field) return;
      function show() {
        form.querySelectorAll("[data-kind]").forEach(function (el) {
          el.hidden = el.getAttribute("data-kind") !== field.value;
        });
      }
      field.addEventListener("change", show);
      show();
    });
    document.querySelectorAll("select[data-click]").forEach(function (select) {
      var button = document.getElementById(select.getAttribute("data-click"));
      if (!button) return;
      button.hidden = true;
      select.addEventListener("change", function () { button.click(); });
    });
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  });
})();
