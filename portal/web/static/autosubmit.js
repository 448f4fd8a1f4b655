// Submits a select's form when a choice is made: <select data-autosubmit> (no inline handler: the content security
// policy forbids them); the form's own button still works without JavaScript.
document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
  select.addEventListener('change', function () { select.form.submit(); });
});
