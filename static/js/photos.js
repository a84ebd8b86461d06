/* The photo upload form (templates/inspections/photo_form.html): when photos are chosen,
   the tablet's clock and, if allowed, its position are put in the hidden fields
   device_time, latitude and longitude. The server uses them only for photos whose EXIF
   has no capture time or GPS position. Declared by <input data-photo-input>. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    document.querySelectorAll("input[data-photo-input]").forEach(function (input) {
      var form = input.form;
      if (!form) return;
      function set(name, value) {
        var field = form.querySelector("[name=" + name + "]");
        if (field) field.value = value;
      }
      input.addEventListener("change", function () {
        set("device_time", new Date().toISOString());
        var status = form.querySelector("[data-photo-status]");
        if (status) status.textContent = "已选择 " + input.files.length + " 张照片。";
        if (!navigator.geolocation) return;
        navigator.geolocation.getCurrentPosition(
          function (position) {
            set("latitude", position.coords.latitude.toFixed(6));
            set("longitude", position.coords.longitude.toFixed(6));
          },
          function () { /* refused or unavailable: the EXIF position, if any, is used */ },
          { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
        );
      });
    });
  });
})();
