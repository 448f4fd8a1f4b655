// The township-first place picker (portal/places/widgets.py): choosing a township fetches this same page for it
// and takes the place <select>'s options from the answer, so the labels, scope and checks are the page's own.
// "Use my location" (volunteers/static/location.js) asks for a place of another township with the event
// "guanai:choose-place". No library; a static file (the content security policy forbids inline scripts).
(function () {
  function load(town, then) {
    var place = document.getElementById(town.dataset.placeFor);
    if (!place) return;
    var url = new URL(window.location.href);
    url.searchParams.set(town.name, town.value);
    place.setAttribute("aria-busy", "true");
    fetch(url.toString(), {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var found = new DOMParser().parseFromString(html, "text/html").getElementById(place.id);
        if (!found) return;
        place.innerHTML = found.innerHTML;
        place.selectedIndex = -1;
        if (then) then(place);
        if (place.selectedIndex < 0) place.selectedIndex = 0;
        place.dispatchEvent(new Event("change", {bubbles: true}));
      })
      .catch(function () { /* the old list stays; the server checks the choice on save */ })
      .then(function () { place.removeAttribute("aria-busy"); });
  }
  document.addEventListener("change", function (e) {
    var town = e.target;
    if (town.matches && town.matches("select[data-place-for]")) load(town);
  });
  document.addEventListener("guanai:choose-place", function (e) {
    var place = e.target, want = String(e.detail.place);
    var town = document.querySelector('select[data-place-for="' + place.id + '"]');
    if (!town || e.detail.township == null) return;
    town.value = String(e.detail.township);
    load(town, function (select) { select.value = want; });
  });
})();
