// "Use my location" on the volunteer's form (issue 27): the phone's position fills the hidden latitude and
// longitude and chooses the nearest village; nobody types coordinates. A static file: the content security
// policy forbids inline scripts.
(function () {
  function nearest(villages, lat, lon) {   // each village is [id, lat, lon, township id]
    var best = null, bestD = Infinity;
    villages.forEach(function (v) {
      var dLat = v[1] - lat, dLon = (v[2] - lon) * Math.cos(lat * Math.PI / 180);
      var d = dLat * dLat + dLon * dLon;
      if (d < bestD) { bestD = d; best = v; }
    });
    return best;
  }
  function choose(select, village) {
    // the picker lists one township at a time (places/static/place-picker.js): ask it for the village's
    if (!select.querySelector('option[value="' + village[0] + '"]')) {
      select.dispatchEvent(new CustomEvent("guanai:choose-place", {bubbles: true,
        detail: {place: village[0], township: village[3]}}));
    } else { select.value = String(village[0]); }
  }
  document.addEventListener('DOMContentLoaded', function () {
    var button = document.getElementById('use-location');
    if (!button) { return; }
    var status = document.getElementById('location-status');
    var form = button.form;
    button.addEventListener('click', function () {
      if (!navigator.geolocation) { status.textContent = button.dataset.failed; return; }
      status.textContent = button.dataset.asking;
      navigator.geolocation.getCurrentPosition(function (pos) {
        var lat = Math.round(pos.coords.latitude * 1e5) / 1e5, lon = Math.round(pos.coords.longitude * 1e5) / 1e5;
        form.querySelector('input[name=lat]').value = lat;
        form.querySelector('input[name=lon]').value = lon;
        var village = nearest(JSON.parse(button.dataset.villages || '[]'), lat, lon);
        var select = form.querySelector('select[name=place_id]');
        if (village !== null && select) { choose(select, village); }
        status.textContent = button.dataset.found;
      }, function () { status.textContent = button.dataset.failed; }, {enableHighAccuracy: true, timeout: 15000});
    });
  });
})();
