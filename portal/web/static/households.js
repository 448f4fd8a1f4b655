// Refills the household picker with the chosen village's households when the place changes. No library.
(function () {
  var form = document.querySelector("form[data-households-url]");
  if (!form) return;
  var place = form.querySelector("#place_id"), picker = form.querySelector("#household_id");
  if (!place || !picker) return;
  place.addEventListener("change", function () {
    fetch(form.dataset.householdsUrl + "?place=" + encodeURIComponent(place.value), {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (rows) {
        var keep = picker.value;
        while (picker.options.length > 1) picker.remove(1);  // the first option is "(none)"
        rows.forEach(function (h) { picker.add(new Option(h.label, h.id, false, String(h.id) === keep)); });
      })
      .catch(function () { /* the server checks the choice on save; the old list stays */ });
  });
})();
