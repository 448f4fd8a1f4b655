// Polls a run's status and reloads the page when the run is done. No library, no network beyond this site.
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.progress;
        if (s.status === "queued" || s.status === "running") { setTimeout(poll, 1000); }
        else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
