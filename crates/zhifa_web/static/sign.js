// The signature pad of the signing page: draws with a finger, a pen or a mouse, and on
// submit puts the drawing into the form as a PNG data URL. No library, nothing loaded from
// elsewhere.
(function () {
  var canvas = document.getElementById("sign-pad");
  var form = document.getElementById("sign-form");
  if (!canvas || !form) return;
  var ctx = canvas.getContext("2d");
  var drawn = false;
  var last = null;
  function clear() {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    drawn = false;
  }
  function point(e) {
    var r = canvas.getBoundingClientRect();
    return {
      x: (e.clientX - r.left) * (canvas.width / r.width),
      y: (e.clientY - r.top) * (canvas.height / r.height),
    };
  }
  canvas.addEventListener("pointerdown", function (e) {
    canvas.setPointerCapture(e.pointerId);
    last = point(e);
    e.preventDefault();
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!last) return;
    var p = point(e);
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 4;
    ctx.lineCap = "round";
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
    drawn = true;
    e.preventDefault();
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (t) {
    canvas.addEventListener(t, function () { last = null; });
  });
  document.getElementById("sign-clear").addEventListener("click", clear);
  form.addEventListener("submit", function (e) {
    if (!drawn) {
      e.preventDefault();
      alert("请先在签名区签名");
      return;
    }
    document.getElementById("sign-image").value = canvas.toDataURL("image/png");
  });
  clear();
})();
