/* Small behaviours of forms, declared in the templates by data attributes (no inline
   script, so the Content-Security-Policy allows scripts from our own files only):
   - <form data-kind-field="kind">: elements with data-kind="x" (or "x y": any of them)
     show only while the field named "kind" has the value x (an <option> is also
     disabled, and unselected when it was chosen); an element with
     data-kind-labels="x:标签;y:标签" names its <label> by that value (data-default-label
     for the others); one with data-kind-required="x y" marks its field required (*)
     while the value is one of them;
   - <select data-click="id">: choosing an option clicks the button with that id (which
     is then hidden: without scripts it stays, and does the same);
   - <select data-autosubmit>: choosing an option submits its form;
   - <button data-confirm="text">: asks first; cancelled, nothing is sent;
   - [data-score-row] (checklists): radio buttons data-verdict="<full marks>" and an input
     data-score: 符合 sets the score to full marks, 不符合 clears it and asks for the score
     after the deduction, 不适用 blanks and disables it; typing a score picks the verdict;
     [data-score-tools] counts the items not judged and marks them 符合 on a click;
   - <button data-add-row="prefix"> (formsets): adds a copy of <template
     data-empty-row="prefix"> to [data-rows="prefix"] and counts it in prefix-TOTAL_FORMS
     (without scripts the button re-sends the page for more rows); [data-remove-row]
     clears and hides its row (an empty row is not saved);
   - <button data-menu-toggle="id">: shows and hides the menu with that id (narrow
     screens; the button stays hidden without scripts and the menu then shows in full);
   - every form with a one-time key (input name=_submission, core/submissions.py) that
     drafts.js does not handle (no data-draft): the key sent is remembered for this tab,
     and a page reached by Back gets it again, so Back + Save opens the record saved the
     first time instead of saving it twice (pages are no-store: Back fetches them anew,
     with a new key). */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    keepSubmissionKeys();
    document.querySelectorAll("form[data-kind-field]").forEach(function (form) {
      var name = form.getAttribute("data-kind-field");
      var field = form.querySelector("[name=" + name + "]");
      if (!field) return;
      if (field.type === "radio") {
        // radio buttons: the value is the checked one's ("" while none is)
        field = {
          get value() {
            var checked = form.querySelector("[name=" + name + "]:checked");
            return checked ? checked.value : "";
          },
          addEventListener: function (type, fn) {
            form.querySelectorAll("[name=" + name + "]").forEach(function (radio) {
              radio.addEventListener(type, fn);
            });
          }
        };
      }
      function show() {
        form.querySelectorAll("[data-kind]").forEach(function (el) {
          el.hidden = el.getAttribute("data-kind").split(" ").indexOf(field.value) < 0;
          if (el.tagName === "OPTION") {
            el.disabled = el.hidden;
            if (el.hidden && el.selected) el.parentNode.value = "";
          }
        });
        form.querySelectorAll("[data-kind-required]").forEach(function (el) {
          var marked = el.getAttribute("data-kind-required").split(" ").indexOf(field.value) >= 0;
          var box = el.querySelector(".field");
          if (box) box.classList.toggle("required", marked);
        });
        form.querySelectorAll("[data-kind-labels]").forEach(function (el) {
          var label = el.querySelector("label");
          if (!label) return;
          var text = el.getAttribute("data-default-label");
          el.getAttribute("data-kind-labels").split(";").forEach(function (pair) {
            var at = pair.indexOf(":");
            if (pair.slice(0, at) === field.value) text = pair.slice(at + 1);
          });
          label.textContent = text;
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
    document.querySelectorAll("[data-score-row]").forEach(scoreRow);
    document.querySelectorAll("[data-score-tools]").forEach(scoreTools);
    document.querySelectorAll("[data-add-row]").forEach(addRowButton);
    document.querySelectorAll("[data-rows] [data-remove-row]").forEach(removeRowButton);
    document.querySelectorAll("[data-menu-toggle]").forEach(menuToggle);
    navGroups(document.querySelectorAll("details[data-navgroup]"));
  });

  function scoreRow(row) {
    var score = row.querySelector("input[data-score]");
    var radios = row.querySelectorAll("input[data-verdict]");
    if (!score || !radios.length) return;
    var full = score.getAttribute("data-score");
    function pick(value) {
      radios.forEach(function (radio) { radio.checked = radio.value === value; });
      mark(value);
    }
    function mark(value) {
      row.classList.toggle("is-fails", value === "fails");
      row.classList.toggle("is-na", value === "na");
      score.disabled = value === "na";
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) return;
        if (radio.value === "meets") {
          score.value = full;
        } else if (radio.value === "fails") {
          if (Number(score.value) >= Number(full)) score.value = "";
          score.placeholder = "扣分后得分";
          mark("fails");
          score.focus();
          return;
        } else {
          score.value = "";
        }
        mark(radio.value);
      });
    });
    score.addEventListener("input", function () {
      if (score.value === "") return;
      pick(Number(score.value) >= Number(full) ? "meets" : "fails");
    });
    var checked = row.querySelector("input[data-verdict]:checked");
    if (checked) mark(checked.value);
  }

  // The count of items not judged yet, and a button that marks them 符合: a sheet starts
  // unanswered (an untouched sheet must not pass as full marks), the click is explicit.
  function scoreTools(tools) {
    var form = tools.closest("form");
    var left = tools.querySelector("[data-score-left]");
    var rest = tools.querySelector("[data-score-rest]");
    if (!form || !left || !rest) return;
    function unanswered() {
      return Array.prototype.filter.call(form.querySelectorAll("[data-score-row]"), function (row) {
        var score = row.querySelector("input[data-score]");
        return !row.querySelector("input[data-verdict]:checked") && !(score && score.value !== "");
      });
    }
    function count() {
      var n = unanswered().length;
      left.textContent = n ? "尚有 " + n + " 项未评定" : "各项均已评定";
      left.classList.toggle("error", n > 0);
      rest.hidden = n === 0;
    }
    rest.addEventListener("click", function () {
      unanswered().forEach(function (row) {
        var meets = row.querySelector('input[data-verdict][value="meets"]');
        if (!meets) return;
        meets.checked = true;
        meets.dispatchEvent(new Event("change", { bubbles: true }));
      });
      count();
    });
    form.addEventListener("change", count);
    form.addEventListener("input", count);
    tools.hidden = false;
    count();
  }

  function addRowButton(button) {
    var prefix = button.getAttribute("data-add-row");
    var form = button.form;
    var list = form && form.querySelector('[data-rows="' + prefix + '"]');
    var template = form && form.querySelector('template[data-empty-row="' + prefix + '"]');
    var total = form && form.querySelector('[name="' + prefix + '-TOTAL_FORMS"]');
    if (!list || !template || !total) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = Number(total.value);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var row = list.lastElementChild;
      var remove = row.querySelector("[data-remove-row]");
      if (remove) removeRowButton(remove);
      var first = row.querySelector("textarea, input");
      if (first) first.focus();
    });
  }

  function removeRowButton(button) {
    var row = button.closest("[data-row]");
    if (!row) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      row.querySelectorAll("textarea, input").forEach(function (field) { field.value = ""; });
      row.hidden = true;
    });
  }

  function menuToggle(button) {
    var menu = document.getElementById(button.getAttribute("data-menu-toggle"));
    if (!menu) return;
    button.hidden = false;
    document.documentElement.classList.add("menu-collapsible");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  }

  // The menu's groups (<details data-navgroup>): one open at a time; a click elsewhere or
  // Escape closes them.
  function navGroups(groups) {
    if (!groups.length) return;
    function closeAll(except) {
      groups.forEach(function (g) { if (g !== except) g.open = false; });
    }
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () { if (group.open) closeAll(group); });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest("details[data-navgroup]")) closeAll(null);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closeAll(null);
    });
  }

  function keepSubmissionKeys() {
    var navigation = window.performance && performance.getEntriesByType &&
      performance.getEntriesByType("navigation")[0];
    var back = navigation && navigation.type === "back_forward";
    document.querySelectorAll("form:not([data-draft])").forEach(function (form, index) {
      var input = form.querySelector("input[name=_submission]");
      if (!input) return;
      var name = "weijian-sent-key:" + window.location.pathname + window.location.search + "#" + index;
      try {
        var sent = window.sessionStorage.getItem(name);
        if (back && sent) input.value = sent;
      } catch (e) { /* storage refused: the page's own key */ }
      form.addEventListener("submit", function () {
        try { window.sessionStorage.setItem(name, input.value); } catch (e) { /* none */ }
      });
    });
  }
})();
