/* A signature drawn on the tablet with a pen or a finger (or the mouse), sent as a PNG.
   Declared by data attributes (no inline script: CSP):
   - <canvas data-signature-pad="<id of a hidden input>">: pointer events draw on it; on
     submit of its form the drawing is put in the input as a data URL (image/png); an
     untouched pad leaves the input empty (the server says the pad is empty);
   - <button data-signature-clear> in the same form clears the pad;
   - <form data-signature-form>: the officer field shows only when the role is 执法人员,
     the name field only for the other roles. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function pad(canvas) {
    var input = document.getElementById(canvas.getAttribute("data-signature-pad"));
    var form = canvas.closest("form");
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    var last = null;

    context.lineWidth = 3;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#000";

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height)
      };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      last = point(event);
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
      context.beginPath();
      context.arc(last.x, last.y, context.lineWidth / 2, 0, Math.PI * 2);
      context.fill();
      drawn = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      if (!events.length) events = [event];
      events.forEach(function (e) {
        var p = point(e);
        context.beginPath();
        context.moveTo(last.x, last.y);
        context.lineTo(p.x, p.y);
        context.stroke();
        last = p;
      });
      drawn = true;
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () {
        // Kept in the input after each stroke too: a form sent by static/js/drafts.js
        // (whose submit handler may run before this one's) carries the signature.
        if (drawing && drawn && input) input.value = canvas.toDataURL("image/png");
        drawing = false;
      });
    });

    if (form) {
      var clear = form.querySelector("[data-signature-clear]");
      if (clear) {
        clear.addEventListener("click", function () {
          context.clearRect(0, 0, canvas.width, canvas.height);
          drawn = false;
          if (input) input.value = "";
        });
      }
      form.addEventListener("submit", function () {
        if (input) input.value = drawn ? canvas.toDataURL("image/png") : "";
      });
    }
  }

  function roles(form) {
    var role = form.querySelector("[name=role]");
    if (!role) return;
    function field(name) {
      var el = form.querySelector("[name=" + name + "]");
      return el ? el.closest(".field") : null;
    }
    var officer = field("officer");
    var name = field("name");
    function show() {
      var isOfficer = role.value === "officer";
      if (officer) officer.hidden = !isOfficer;
      if (name) name.hidden = isOfficer;
    }
    role.addEventListener("change", show);
    show();
  }

  ready(function () {
    document.querySelectorAll("canvas[data-signature-pad]").forEach(pad);
    document.querySelectorAll("form[data-signature-form]").forEach(roles);
  });
})();
