/* On every page of a signed-in user (issue 31): registers the service worker, keeps the phone's idea of who is
 * signed in, shows "未发送 (N)" in the header, sends what waits (on load, when the signal returns, and through
 * Background Sync), and asks before sign-out wipes the day and the waiting items from the phone.
 * Its words come from the page (data-strings on its own <script> element). */
(function () {
  'use strict';
  var script = document.getElementById('offline-phone');
  if (!script || !window.GuanaiOutbox || !window.indexedDB) { return; }
  var O = window.GuanaiOutbox;
  var S = JSON.parse(script.getAttribute('data-strings') || '{}');
  var userId = parseInt(script.getAttribute('data-user'), 10);
  O.configure({dayUrl: script.getAttribute('data-day-url'), itemsUrl: script.getAttribute('data-items-url')});

  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (_, k) { return values[k] === undefined ? '' : values[k]; });
  }

  async function badge() {
    var link = document.getElementById('outbox');
    if (!link) { return; }
    var n = await O.count(userId);
    link.textContent = n ? fill(S.outbox_count, {count: n}) : S.outbox;
    link.classList.toggle('waiting', n > 0);
    link.setAttribute('aria-label', link.textContent);
  }

  var retry = null;
  async function send() {
    if (navigator.onLine === false) { return; }
    if (await O.count(userId)) {
      var result = await O.sync();
      if (result.offline && !retry) {   // no answer: try again a little later (Background Sync too, where present)
        retry = setTimeout(function () { retry = null; send(); }, 15000);
      }
    }
    await badge();
  }

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(script.getAttribute('data-sw'), {scope: '/'}).catch(function () {});
  }
  /* The day is kept fresh from any page, so that one visit to the portal with a signal puts it on the phone. */
  var FRESH_MS = 30 * 60 * 1000;
  async function keepDay() {
    if (navigator.onLine === false) { return; }
    var row = await (await O.db()).get('days', userId);
    if (row && Date.now() - Date.parse(row.savedAt) < FRESH_MS) { return; }
    try { await O.fetchDay(); } catch (e) { /* no answer: the kept day stays */ }
  }

  /* The shells and the day are kept in the language they were fetched in. A page in another language (the user
   * switched) fetches them again while there is a signal, so that the phone speaks it with none. */
  var LANG_KEY = 'guanai-offline-lang';
  async function followLanguage() {
    var lang = document.documentElement.lang || '';
    var kept = null;
    try { kept = localStorage.getItem(LANG_KEY); } catch (e) { return; }
    if (kept === lang || navigator.onLine === false || !window.caches) { return; }
    var shells = JSON.parse(script.getAttribute('data-shells') || '[]');
    var names = (await caches.keys()).filter(function (name) { return name.indexOf('guanai-shell-') === 0; });
    try {
      for (var i = 0; i < names.length; i++) {
        var cache = await caches.open(names[i]);
        for (var j = 0; j < shells.length; j++) {
          var response = await fetch(shells[j], {credentials: 'same-origin'});
          if (!response.ok) { return; }
          await cache.put(shells[j], response);
        }
      }
      if (kept !== null && await O.getDay(userId)) { await O.fetchDay(); }   /* a switch: the kept day too */
    } catch (e) { return; }   /* no answer: tried again on the next page */
    localStorage.setItem(LANG_KEY, lang);   /* only once the shells and the day speak it */
  }
  async function keepDayIn() {
    await followLanguage();
    await keepDay();
  }

  O.setCurrentUser(userId).then(badge).then(send).then(keepDayIn);
  window.addEventListener('online', send);
  O.onChange(badge);

  /* Sign-out: nothing kept, sign out at once; else name what is not sent and ask. */
  var logout = script.getAttribute('data-logout');
  document.addEventListener('submit', async function (event) {
    var form = event.target;
    if (!form || form.dataset.asked || new URL(form.action, location.href).pathname !== logout) { return; }
    event.preventDefault();
    var items = await O.itemsOf(userId);
    var day = await O.getDay(userId);
    var people = day && day.people ? day.people.length : 0;
    if (!items.length && !people) { go(form); return; }
    ask(form, items, day, people);
  }, true);

  function go(form) {
    form.dataset.asked = '1';
    form.submit();
  }

  function ask(form, items, day, people) {
    var dialog = document.createElement('dialog');
    dialog.className = 'sign-out-dialog';
    dialog.id = 'sign-out-dialog';
    var h = document.createElement('h2');
    h.textContent = S.sign_out_title;
    dialog.appendChild(h);
    if (items.length) {
      var p = document.createElement('p');
      p.textContent = S.sign_out_items;
      dialog.appendChild(p);
      var list = document.createElement('ul');
      list.className = 'unsent';
      items.forEach(function (item) {
        var li = document.createElement('li');
        li.textContent = (item.label || item.kind) + (item.personName ? ' · ' + item.personName : '') + ' · ' +
          new Date(item.createdAt).toLocaleString(document.documentElement.lang || undefined);
        list.appendChild(li);
      });
      dialog.appendChild(list);
    }
    if (people) {
      var kept = document.createElement('p');
      kept.textContent = fill(S.sign_out_people, {name: day.user.name, count: people});
      dialog.appendChild(kept);
    }
    var actions = document.createElement('p');
    actions.className = 'actions';
    [['wipe', S.sign_out_wipe, 'primary'], ['keep', S.sign_out_keep, ''], ['cancel', S.cancel, '']].forEach(function (b) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = b[2];
      button.value = b[0];
      button.textContent = b[1];
      button.addEventListener('click', async function () {
        if (b[0] === 'wipe') {
          await O.wipe(userId);
          go(form);
        } else if (b[0] === 'keep') {
          go(form);
        } else {
          dialog.close();
          dialog.remove();
        }
      });
      actions.appendChild(button);
    });
    dialog.appendChild(actions);
    document.body.appendChild(dialog);
    dialog.showModal();
  }
})();
