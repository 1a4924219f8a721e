/* Signature on the tablet: draws on the canvas and writes a PNG data URL into the hidden field.
   Without JavaScript the section stays hidden and "Signed on paper" with a scan upload works. */
(function () {
  "use strict";
  function init() {
    var section = document.querySelector("[data-signature]");
    var field = document.querySelector("[data-signature-data]");
    if (!section || !field) { return; }
    var canvas = section.querySelector("[data-signature-canvas]");
    var status = section.querySelector("[data-signature-status]");
    var clear = section.querySelector("[data-signature-clear]");
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    section.hidden = false;
    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#000";

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - rect.left) * (canvas.width / rect.width),
        y: (event.clientY - rect.top) * (canvas.height / rect.height)
      };
    }
    function save() {
      field.value = drawn ? canvas.toDataURL("image/png") : "";
      status.textContent = drawn ? (section.dataset.signedText || "") : "";
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(p.x + 0.1, p.y + 0.1);
      ctx.stroke();
      drawn = true;
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      event.preventDefault();
    });
    function stop() {
      if (!drawing) { return; }
      drawing = false;
      save();
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    clear.addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      save();
    });
    // Choosing tablet shows the box; paper or oral hides it (the scan field is for paper).
    var radios = document.querySelectorAll("input[name='manner']");
    function sync() {
      var checked = document.querySelector("input[name='manner']:checked");
      section.hidden = !(checked && checked.value === "tablet");
    }
    radios.forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
