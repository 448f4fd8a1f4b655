// The menu button of narrow screens (600 px and below): the navigation folds behind it (issue 27).
// A static file, not an inline script: the content security policy forbids those.
(function () {
  document.documentElement.classList.add('js');
  document.addEventListener('DOMContentLoaded', function () {
    var button = document.querySelector('.menu-button');
    var nav = document.getElementById('main-nav');
    if (!button || !nav) { return; }
    button.addEventListener('click', function () {
      var open = nav.classList.toggle('open');
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
  });
})();
