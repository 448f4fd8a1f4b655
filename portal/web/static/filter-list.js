// Filters a list of people as one types: <input data-filter-list="#people"> hides the list's items whose
// data-name does not contain what is typed (no inline script: the content security policy forbids it).
document.querySelectorAll('input[data-filter-list]').forEach(function (input) {
  input.addEventListener('input', function () {
    var q = input.value.trim();
    document.querySelectorAll(input.dataset.filterList + ' li[data-name]').forEach(function (li) {
      li.hidden = q !== '' && li.dataset.name.indexOf(q) < 0;
    });
  });
});
