// Counts the incident clocks down every second from their data attributes; the page's own text is the fallback.
(function () {
  var words = document.getElementById("clock-words");
  var clocks = document.querySelectorAll(".clock[data-deadline]:not([data-stopped])");
  if (!words || !clocks.length) return;
  var skew = Date.parse(words.dataset.now) - Date.now();  // trust the server's clock, not the phone's
  function fill(pattern, values) {
    return pattern.replace(/\{(\w)\}/g, function (_, k) { return values[k]; });
  }
  function duration(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var d = Math.floor(minutes / 1440), h = Math.floor(minutes % 1440 / 60), m = minutes % 60;
    if (d) return fill(words.dataset.dh, {d: d, h: h});
    if (h) return fill(words.dataset.hm, {h: h, m: m});
    return fill(words.dataset.m, {m: m});
  }
  function tick() {
    var now = Date.now() + skew;
    clocks.forEach(function (el) {
      var left = Date.parse(el.dataset.deadline) - now;
      var over = left < 0;
      el.textContent = fill(over ? words.dataset.over : words.dataset.left, {t: duration(left)});
      el.classList.toggle("overdue", over);
      el.classList.toggle("running", !over);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
