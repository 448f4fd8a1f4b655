// Polls a run's status (progress and what the worker is doing) and reloads the page once the run has ended (proposed, failed or cancelled): polling
// stops there, and after many failed requests in a row. No library, no network beyond this site.
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  var errors = 0;
  function stop() {
    var note = box.querySelector("[data-stopped]");
    if (note) note.hidden = false;
  }
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (s) {
        errors = 0;
        // a commit is one transaction, a report's build one piece of work: no steps (the bar stays indeterminate)
        if (s.status !== "committing" && s.progress !== null && s.progress !== undefined) bar.value = s.progress;
        var phase = box.querySelector("[data-phase]");
        if (phase && s.phase) phase.textContent = s.phase;
        if (s.final) { stop(); window.location.reload(); }
        else { setTimeout(poll, 1000); }
      })
      .catch(function () { errors += 1; if (errors < 20) { setTimeout(poll, 3000); } else { stop(); } });
  }
  setTimeout(poll, 500);
})();
