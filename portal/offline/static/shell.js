/* The offline shell pages (issue 31): the helper's day, a form, the outbox, drawn from IndexedDB (outbox.js) and
 * refreshed from day.json when there is a signal. The pages hold no one's data; every word comes from the page
 * (data-strings on <body>); everything from the day is put in as text, never as markup. */
(function () {
  'use strict';
  var O = window.GuanaiOutbox;
  var body = document.body;
  var S = JSON.parse(body.getAttribute('data-strings') || '{}');
  var URLS = {day: body.getAttribute('data-shell-day'), write: body.getAttribute('data-shell-write'),
              outbox: body.getAttribute('data-shell-outbox'), login: body.getAttribute('data-login')};
  var RETRY_MS = 15000;  // a sending that had no answer is tried again after this long
  var MAX_SIDE = 1600;   // photos are made at most this many pixels on their longer side before they are kept
  /* Fields the phone fills from where the form was opened (day.json: the person, the follow-up tapped). */
  var CONTEXT_FIELDS = {person: 'person', follow_up: 'follow_up'};
  O.configure({dayUrl: body.getAttribute('data-day-url'), itemsUrl: body.getAttribute('data-items-url')});

  function fill(text, values) {
    return String(text || '').replace(/%\((\w+)\)s/g, function (_, k) {
      return values[k] === undefined || values[k] === null ? '' : values[k];
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else if (k === 'className') { node.className = attrs[k]; }
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function when(iso) {
    if (!iso) { return ''; }
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString(document.documentElement.lang || undefined);
  }

  function link(href, text, className) { return el('a', {href: href, text: text, className: className || ''}); }

  function writeUrl(params) {
    var q = Object.keys(params).filter(function (k) { return params[k] !== undefined && params[k] !== null; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]); }).join('&');
    return URLS.write + '?' + q;
  }

  function network(offline) {
    var p = document.getElementById('network');
    p.hidden = !offline;
    p.textContent = offline ? S.offline : '';
    p.className = offline ? 'network flash warning' : 'network';
  }

  async function badge() {
    var userId = await O.currentUser();
    var n = await O.count(userId);
    var a = document.getElementById('outbox');
    a.textContent = n ? fill(S.outbox_count, {count: n}) : S.outbox;
    a.classList.toggle('waiting', n > 0);
  }

  /* The first numbers (the emergency services come first) stay in sight; on the day page (``data-keep`` on the
   * list) the rest fold under "more numbers", so the day's people are not a long scroll away on a phone. */
  function numbers(list, day) {
    list.textContent = '';
    var all = (day && day.emergency) || [];
    var keep = parseInt(list.getAttribute('data-keep') || '0', 10) || all.length;
    var more = null;
    all.forEach(function (n, i) {
      // whose number it is (the village's doctor, not "a" doctor): the label, then the name or the place
      var who = [n.label, n.name || n.place].filter(Boolean).join(' · ');
      var item = el('li', {}, [el('a', {href: 'tel:' + n.number, className: 'button call', text: who + ' ' + n.number})]);
      if (i < keep) { list.appendChild(item); return; }
      if (!more) {
        more = el('ul', {className: 'numbers'});
        var summary = el('summary', {text: fill(S.more_numbers, {count: all.length - keep})});
        list.appendChild(el('li', {className: 'more-numbers'}, [el('details', {}, [summary, more])]));
      }
      more.appendChild(item);
    });
  }

  /* The user whose day is shown: the one signed in when there is a signal, else the phone's last. With a signal
   * the day is fetched again and the waiting items are sent. */
  var retry = null;
  async function refresh() {
    var result = null;
    if (navigator.onLine !== false) { result = await O.sync(); }
    network(navigator.onLine === false || (result && result.offline));
    if (result && result.offline && navigator.onLine !== false && !retry) {
      // no answer though the phone thinks it has a signal (a weak one, a lost answer): try again a little later
      retry = setTimeout(function () { retry = null; redraw(); }, RETRY_MS);
    }
    return result;
  }

  function redraw() {
    return refresh().then(function (result) {
      var page = body.getAttribute('data-page');
      return page === 'day' ? drawDay(result && result.signedOut) : page === 'outbox' ? drawOutbox(result) : badge();
    });
  }

  function personOf(day, id) {
    return (day.people || []).filter(function (p) { return String(p.id) === String(id); })[0] || null;
  }

  function kindLabel(day, kind) {
    return day && day.kinds && day.kinds[kind] ? day.kinds[kind].label : kind;
  }

  function registerWorker() {
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register(body.getAttribute('data-sw'), {scope: '/'}).catch(function () {});
    }
  }

  function askForSync() {
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.ready.then(function (reg) {
        if (reg.sync) { return reg.sync.register('guanai-outbox'); }
      }).catch(function () {});
    }
  }

  /* ---------------------------------------------------------------- the day ------------------------------------ */

  async function drawDay(signedOut) {
    var userId = await O.currentUser();
    var day = await O.getDay(userId);
    var state = document.getElementById('day-state');
    ['emergency', 'due', 'follow-ups', 'people'].forEach(function (id) { document.getElementById(id).hidden = true; });
    document.getElementById('day-user').textContent = '';
    state.textContent = '';
    if (signedOut) {
      state.appendChild(document.createTextNode(S.signed_out + ' '));
      state.appendChild(link(URLS.login + '?next=' + encodeURIComponent(URLS.day), S.sign_in));
    }
    if (!day) {
      if (!signedOut) { state.textContent = S.no_day; }
      return;
    }
    if (day.expired) {
      state.textContent = fill(S.expired, {when: when(day.expires_at)});
      return;
    }
    document.getElementById('day-user').textContent = fill(S.helper, {name: day.user.name});
    if (!signedOut) {
      state.textContent = fill(S.updated, {when: when(day.made_at)}) + ' · ' + fill(S.expires, {when: when(day.expires_at)});
    }
    var emergency = document.getElementById('emergency');
    numbers(emergency.querySelector('ul'), day);
    emergency.hidden = !(day.emergency || []).length;

    var due = [], followUps = [];
    (day.people || []).forEach(function (person) {
      (person.duties || []).forEach(function (duty) { due.push({person: person, duty: duty}); });
      (person.follow_ups || []).forEach(function (f) { followUps.push({person: person, follow: f}); });
    });
    due.sort(function (a, b) { return (a.duty.due_on || '') < (b.duty.due_on || '') ? -1 : 1; });
    followUps.sort(function (a, b) { return (a.follow.due_on || '') < (b.follow.due_on || '') ? -1 : 1; });

    var dueList = document.querySelector('#due ul');
    dueList.textContent = '';
    due.forEach(function (row) {
      var kinds = row.person.kinds || [];
      var li = el('li', {className: 'duty' + (row.duty.overdue ? ' overdue' : '')}, [
        el('strong', {text: row.person.name}), document.createTextNode(' · ' + row.duty.label + ' · '),
        el('span', {className: row.duty.overdue ? 'late' : 'hint',
                    text: (row.duty.overdue ? S.overdue + ' · ' : '') + fill(S.due_on, {date: row.duty.due_on})})]);
      var actions = el('p', {className: 'actions'});
      if (row.duty.action === 'knock' && day.kinds && day.kinds.duty_round) {
        actions.appendChild(link(writeUrl({kind: 'duty_round'}), kindLabel(day, 'duty_round'), 'button'));
      } else if (kinds.indexOf('visit') >= 0) {   // a visit or a talk: the visit form, its rule chosen
        actions.appendChild(link(writeUrl({kind: 'visit', person: row.person.id, duty: row.duty.key}),
                                 kindLabel(day, 'visit'), 'button'));
      }
      li.appendChild(actions);
      dueList.appendChild(li);
    });
    document.getElementById('due').hidden = !due.length;

    var rounds = document.getElementById('rounds');
    var roundKind = day.kinds && day.kinds.duty_round;
    var grids = roundKind ? (roundKind.fields.filter(function (f) { return f.name === 'place'; })[0] || {}).choices : null;
    rounds.querySelector('p.actions').textContent = '';
    if (roundKind && !roundKind.for_person && grids && grids.length) {
      rounds.querySelector('p.actions').appendChild(link(writeUrl({kind: 'duty_round'}), roundKind.label, 'button'));
    }
    rounds.hidden = !(roundKind && grids && grids.length);

    var followList = document.querySelector('#follow-ups ul');
    followList.textContent = '';
    followUps.forEach(function (row) {
      var li = el('li', {className: 'follow-up'}, [
        el('strong', {text: row.person.name}), document.createTextNode(' · ' + row.follow.what + ' · '),
        el('span', {className: 'hint', text: fill(S.due_on, {date: row.follow.due_on})})]);
      if ((row.person.kinds || []).indexOf('follow_up_done') >= 0) {
        li.appendChild(el('p', {className: 'actions'}, [link(writeUrl({kind: 'follow_up_done', person: row.person.id,
                                                                         follow_up: row.follow.id}), S.done, 'button')]));
      }
      followList.appendChild(li);
    });
    document.getElementById('follow-ups').hidden = !followUps.length;

    var peopleList = document.querySelector('#people ul');
    peopleList.textContent = '';
    (day.people || []).forEach(function (person) {
      var details = [person.village, person.address].filter(Boolean).join(' · ');
      var li = el('li', {className: 'person', 'data-person': person.id}, [
        el('strong', {text: person.name}), details ? el('div', {className: 'hint', text: details}) : null,
        el('div', {className: 'hint', text: person.last_visit ? fill(S.last_visit, {date: person.last_visit.slice(0, 10)})
                                                               : S.never_visited})]);
      if (person.phone) {
        li.appendChild(el('div', {}, [document.createTextNode(S.phone + ' '), link('tel:' + person.phone, person.phone)]));
      }
      var actions = el('p', {className: 'actions'});
      var first = ['visit', 'reading'];   // the everyday ones first, an incident after them
      (person.kinds || []).slice().sort(function (a, b) {
        var ia = first.indexOf(a) < 0 ? first.length : first.indexOf(a);
        var ib = first.indexOf(b) < 0 ? first.length : first.indexOf(b);
        return ia - ib;
      }).forEach(function (kind) {
        if (kind === 'follow_up_done' || kind === 'duty_round') { return; }   // offered beside each follow-up, duty
        actions.appendChild(link(writeUrl({kind: kind, person: person.id}), kindLabel(day, kind), 'button'));
      });
      li.appendChild(actions);
      peopleList.appendChild(li);
    });
    if (!(day.people || []).length) { peopleList.appendChild(el('li', {className: 'hint', text: S.nobody})); }
    document.getElementById('people').hidden = false;
  }

  async function dayPage() {
    await drawDay(false);
    var result = await refresh();
    await drawDay(result && result.signedOut);
  }

  /* ---------------------------------------------------------------- a form ------------------------------------- */

  function choicesOf(field) {
    return (field.choices || []).map(function (c) {
      return Array.isArray(c) ? {value: c[0], label: c[1]} : (typeof c === 'object' ? c : {value: c, label: c});
    });
  }

  function input(field, value) {
    var id = 'f-' + field.name;
    var type = field.type || 'text';
    var control;
    if (type === 'textarea') {
      control = el('textarea', {id: id, name: field.name, rows: 3});
      control.value = value || '';
    } else if (type === 'select' || type === 'multiselect' || type === 'person') {
      control = el('select', {id: id, name: field.name, multiple: type === 'multiselect' ? 'multiple' : null});
      var choices = choicesOf(field);
      var chosen = [].concat(value === undefined || value === null ? [] : value).map(String);
      if (type !== 'multiselect' && !choices.some(function (c) { return c.value === ''; })) {
        control.appendChild(el('option', {value: '', text: S.select}));
      }
      choices.forEach(function (c) {
        var option = el('option', {value: c.value, text: c.label});
        if (chosen.indexOf(String(c.value)) >= 0) { option.selected = true; }
        control.appendChild(option);
      });
    } else if (type === 'radio') {
      control = el('div', {id: id, className: 'choices', role: 'radiogroup'});
      choicesOf(field).forEach(function (c, i) {
        var radio = el('input', {type: 'radio', name: field.name, value: c.value, id: id + '-' + i});
        if (String(c.value) === String(value)) { radio.checked = true; }
        control.appendChild(el('label', {'for': id + '-' + i, className: 'choice'}, [radio, document.createTextNode(' ' + c.label)]));
      });
    } else if (type === 'checkbox' || type === 'boolean') {
      control = el('input', {type: 'checkbox', id: id, name: field.name, value: 'y'});
      control.checked = value === 'y' || value === true || value === 'true';
    } else {
      var types = {date: 'date', datetime: 'datetime-local', number: 'number', integer: 'number', tel: 'tel'};
      control = el('input', {type: types[type] || 'text', id: id, name: field.name,
                             step: type === 'number' ? 'any' : type === 'integer' ? '1' : null,
                             inputmode: type === 'integer' ? 'numeric' : type === 'number' ? 'decimal' : null,
                             maxlength: field.max_length || null});
      control.value = value === undefined || value === null ? '' : value;
    }
    if (type === 'textarea' && field.max_length) { control.setAttribute('maxlength', field.max_length); }
    if (field.required) { control.setAttribute('aria-required', 'true'); }
    return control;
  }

  function fieldValue(form, field) {
    var type = field.type || 'text';
    if (type === 'radio') {
      var checked = form.querySelector('input[name="' + field.name + '"]:checked');
      return checked ? checked.value : '';
    }
    var control = form.querySelector('#f-' + CSS.escape(field.name));
    if (!control) { return ''; }
    if (type === 'checkbox' || type === 'boolean') { return control.checked ? 'y' : ''; }
    if (type === 'multiselect') {
      return Array.prototype.filter.call(control.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    return control.value;
  }

  /* A photo made at most MAX_SIDE pixels on its longer side (a canvas, JPEG), or kept as it is when it already is. */
  async function downscale(file) {
    var bitmap = await createImageBitmap(file);
    var width = bitmap.width, height = bitmap.height;
    var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    if (scale === 1 && /^image\/(jpeg|png|webp)$/.test(file.type)) {
      bitmap.close();
      return {blob: file, name: file.name, type: file.type, width: width, height: height};
    }
    var canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    var blob = await new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.85); });
    return {blob: blob, name: (file.name || 'photo').replace(/\.[^.]*$/, '') + '.jpg', type: 'image/jpeg',
            width: canvas.width, height: canvas.height};
  }

  function dataUrl(blob) {   // previews as data: addresses (the portal's CSP allows data: images, not blob:)
    return new Promise(function (resolve) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.readAsDataURL(blob);
    });
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function localDate(d) { return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); }
  function localMinute(d) { return localDate(d) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes()); }

  /* A field of day.json made ready for this form: the person chosen among the day's people, the visit's rule
   * among the person's rules (the duty tapped chosen), an incident's type among the person's group's, the day and
   * the moment of writing as the default of a date and a time. */
  function shaped(field, day, person, dutyKey) {
    var f = Object.assign({}, field);
    var now = new Date();
    if (f.type === 'person') {
      f.choices = (day.people || []).map(function (p) { return [String(p.id), p.name]; });
    } else if (f.name === 'rule' && person && person.visit_rules) {
      f.type = 'select';
      f.choices = person.visit_rules.map(function (r) { return [r.code, r.label]; });
      if (person.visit_rule) { f.value = person.visit_rule; }   // the rule the helper's own pairing carries
      if (dutyKey) {
        var base = dutyKey.split(':')[0];
        var codes = f.choices.map(function (c) { return c[0]; });
        var found = [dutyKey, base, base.split('.').pop()].filter(function (c) { return codes.indexOf(c) >= 0; })[0];
        if (found) { f.value = found; }
      }
    } else if (f.type === 'select' && person && person.group && f.choices &&
               f.choices.some(function (c) { return String(c[0]).indexOf(person.group + '.') === 0; })) {
      f.choices = f.choices.filter(function (c) { return String(c[0]).indexOf(person.group + '.') === 0; });
    }
    if (f.value === undefined) {
      if (f.type === 'datetime') { f.value = localMinute(now); }
      else if (f.type === 'date' && f.required) { f.value = localDate(now); }
    }
    return f;
  }

  function incidentWarning(box, day) {
    box.querySelector('.warning-text').textContent = S.incident_warning;
    numbers(box.querySelector('.numbers'), day);
    box.hidden = false;
  }

  async function writePage() {
    var params = new URLSearchParams(location.search);
    var userId = await O.currentUser();
    var day = await O.getDay(userId);
    if ((!day || day.expired) && navigator.onLine !== false) {
      await refresh();
      userId = await O.currentUser();
      day = await O.getDay(userId);
    } else {
      network(navigator.onLine === false);
    }
    var state = document.getElementById('write-state');
    var item = params.get('item') ? await O.getItem(params.get('item')) : null;
    var kind = item ? item.kind : params.get('kind');
    var spec = day && !day.expired && day.kinds ? day.kinds[kind] : null;
    if (!spec) {
      state.textContent = S.unknown_kind;
      state.className = 'flash error';
      state.hidden = false;
      return;
    }
    var personId = item ? item.personId : params.get('person');
    var person = personId ? personOf(day, personId) : null;
    if (personId && !person && !item) {
      state.textContent = S.unknown_person;
      state.className = 'flash error';
      state.hidden = false;
      return;
    }
    var context = {person: personId, follow_up: item ? null : params.get('follow_up')};
    var dutyKey = item ? null : params.get('duty');
    document.getElementById('write-title').textContent = spec.label;
    document.title = spec.label + ' · ' + document.title.split(' · ').pop();
    var personName = person ? person.name : (item ? item.personName : null);
    if (personName) { document.getElementById('write-about').textContent = fill(S.about, {name: personName}); }
    if (kind === 'incident') { incidentWarning(document.getElementById('incident-warning'), day); }

    var form = document.getElementById('offline-form');
    var holder = form.querySelector('.fields');
    var values = item ? item.fields : {};
    var errors = item && item.errors ? item.errors : {};
    var photoField = null;
    var hidden = {};
    if (item && item.reason) {
      state.textContent = fill(S.refused, {reason: item.reason});
      state.className = 'flash error';
      state.hidden = false;
    }
    spec.fields.forEach(function (field) {
      if (field.type === 'photos' || field.type === 'file') { photoField = field.name; return; }
      var fromContext = CONTEXT_FIELDS[field.name] ? context[CONTEXT_FIELDS[field.name]] : null;
      if (field.type === 'hidden' || (fromContext !== null && fromContext !== undefined && fromContext !== '') ||
          (item && CONTEXT_FIELDS[field.name] && values[field.name])) {
        var v = values[field.name] !== undefined ? values[field.name] : fromContext;
        hidden[field.name] = v === undefined || v === null ? '' : v;
        return;
      }
      field = shaped(field, day, person, dutyKey);
      var wrap = el('div', {className: 'field' + (errors[field.name] ? ' has-error' : ''), 'data-field': field.name,
                            'data-required': field.required ? '1' : null});
      var control = input(field, values[field.name] !== undefined ? values[field.name] : field.value);
      wrap.appendChild(el('label', {'for': 'f-' + field.name,
                                    text: field.label + (field.required ? ' *' : '')}));
      wrap.appendChild(control);
      if (field.help) { wrap.appendChild(el('p', {className: 'hint', text: field.help})); }
      (errors[field.name] || []).forEach(function (m) { wrap.appendChild(el('p', {className: 'error', text: m})); });
      holder.appendChild(wrap);
    });

    var photos = item && item.photos ? item.photos.slice() : [];
    var photoBox = form.querySelector('.photos-field');
    var thumbs = photoBox.querySelector('.thumbs');
    async function drawThumbs() {
      thumbs.textContent = '';
      for (var i = 0; i < photos.length; i++) {
        var img = el('img', {src: await dataUrl(photos[i].blob), alt: photos[i].name, width: 96});
        var remove = el('button', {type: 'button', className: 'link', text: S.photo_remove, 'data-index': i});
        remove.addEventListener('click', function (event) {
          photos.splice(parseInt(event.target.getAttribute('data-index'), 10), 1);
          drawThumbs();
        });
        thumbs.appendChild(el('li', {'data-width': photos[i].width, 'data-height': photos[i].height}, [img, remove]));
      }
    }
    if (photoField) {
      photoBox.hidden = false;
      var chooser = photoBox.querySelector('input[type=file]');
      chooser.addEventListener('change', async function () {
        var files = Array.prototype.slice.call(chooser.files);
        form.classList.add('busy');
        for (var i = 0; i < files.length; i++) { photos.push(await downscale(files[i])); }
        chooser.value = '';
        await drawThumbs();
        form.classList.remove('busy');
        form.dataset.photos = String(photos.length);
      });
      await drawThumbs();
      form.dataset.photos = String(photos.length);
    }
    form.hidden = false;

    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var fields = {};
      var missing = false;
      Object.keys(hidden).forEach(function (k) { fields[k] = hidden[k]; });
      form.querySelectorAll('.field .error.required').forEach(function (n) { n.remove(); });
      spec.fields.forEach(function (field) {
        if (field.name in hidden || field.name === photoField) { return; }
        fields[field.name] = fieldValue(form, field);
        var wrap = form.querySelector('[data-field="' + field.name + '"]');
        var empty = Array.isArray(fields[field.name]) ? !fields[field.name].length : !fields[field.name];
        if (field.required && empty) {
          missing = true;
          wrap.classList.add('has-error');
          wrap.appendChild(el('p', {className: 'error required', text: S.required}));
        } else if (wrap) {
          wrap.classList.remove('has-error');
        }
      });
      if (missing) {   // the first field to fill, in view and in focus: the save button is far below it
        var first = form.querySelector('.field.has-error');
        first.scrollIntoView({block: 'center'});
        var input = first.querySelector('input, select, textarea');
        if (input) { input.focus({preventScroll: true}); }
        return;
      }
      var pid = personId || fields.person || null;
      var chosen = pid ? personOf(day, pid) : null;
      var saved = await O.putItem({
        key: item ? item.key : O.newKey(), userId: item ? item.userId : day.user.id, kind: kind,
        personId: pid ? (isNaN(Number(pid)) ? pid : Number(pid)) : null,
        personName: chosen ? chosen.name : personName,
        label: spec.label, fields: fields, photos: photos, photoField: photoField || 'photos',
        createdAt: item ? item.createdAt : null, status: 'waiting', reason: null, errors: null, reasonCode: null
      });
      askForSync();
      location.assign(URLS.outbox + '?saved=' + encodeURIComponent(saved.key));
    });
  }

  /* ---------------------------------------------------------------- the outbox --------------------------------- */

  function statusText(item) {
    if (item.status === 'refused') {
      return item.reasonCode === 'too_large' && !item.reason ? S.too_large : fill(S.refused, {reason: item.reason});
    }
    if (item.status === 'signed_out') { return S.needs_sign_in; }
    if (item.reasonCode === 'failed' && item.reason) { return fill(S.failed, {reason: item.reason}); }
    return S.waiting;
  }

  async function drawOutbox(result) {
    var userId = await O.currentUser();
    var items = userId === null ? [] : await O.itemsOf(userId);
    var day = await O.getDay(userId);
    var list = document.getElementById('items');
    list.textContent = '';
    items.forEach(function (item) {
      var li = el('li', {className: 'item ' + item.status + (item.kind === 'incident' ? ' incident' : ''),
                         'data-key': item.key, 'data-kind': item.kind});
      li.appendChild(el('strong', {text: item.label || item.kind}));
      if (item.personName) { li.appendChild(document.createTextNode(' · ' + item.personName)); }
      li.appendChild(el('div', {className: 'hint', text: fill(S.written, {when: when(item.createdAt)}) +
        ((item.photos || []).length ? ' · ' + fill(S.photos, {count: item.photos.length}) : '')}));
      li.appendChild(el('p', {className: 'status ' + item.status, text: statusText(item)}));
      Object.keys(item.errors || {}).forEach(function (name) {
        (item.errors[name] || []).forEach(function (m) { li.appendChild(el('p', {className: 'error', text: m})); });
      });
      if (item.status === 'signed_out') {
        li.appendChild(el('p', {}, [link(URLS.login + '?next=' + encodeURIComponent(URLS.outbox), S.sign_in)]));
      }
      var edit = link(writeUrl({item: item.key}), S.edit, 'button edit');
      var remove = el('button', {type: 'button', className: 'delete', text: S['delete']});
      remove.addEventListener('click', async function () {
        if (window.confirm(S.confirm_delete)) {
          await O.removeItem(item.key);
          await drawOutbox();
        }
      });
      li.appendChild(el('p', {className: 'actions'}, [edit, remove]));
      list.appendChild(li);
    });
    var empty = document.getElementById('outbox-empty');
    empty.textContent = S.outbox_empty;
    empty.hidden = items.length > 0;
    var incidents = items.filter(function (i) { return i.kind === 'incident'; });
    var warning = document.getElementById('incident-warning');
    if (incidents.length) { incidentWarning(warning, day && !day.expired ? day : null); } else { warning.hidden = true; }
    document.getElementById('send-now').hidden = !items.length;
    await badge();
  }

  async function outboxPage() {
    var params = new URLSearchParams(location.search);
    var state = document.getElementById('outbox-state');
    if (params.get('saved')) {
      state.textContent = S.saved;
      state.className = 'flash success';
      state.hidden = false;
    }
    await drawOutbox();
    var result = await refresh();
    await drawOutbox(result);
    if (result && result.sent && params.get('saved') && !(await O.getItem(params.get('saved')))) {
      state.textContent = S.sent;
    }
    document.getElementById('send-now').addEventListener('click', async function () {
      var userId = await O.currentUser();
      var refused = (await O.itemsOf(userId)).filter(function (i) { return i.status === 'refused'; })
        .map(function (i) { return i.key; });
      network(false);
      var r = await O.sync({retryRefused: refused});
      network(r.offline);
      await drawOutbox(r);
    });
    O.onChange(function () { drawOutbox(); });
  }

  registerWorker();
  window.addEventListener('online', redraw);
  window.addEventListener('offline', function () { network(true); });
  badge();
  var pages = {day: dayPage, write: writePage, outbox: outboxPage};
  (pages[body.getAttribute('data-page')] || function () {})().then(function () {
    body.setAttribute('data-ready', '1');
  }, function (error) {
    body.setAttribute('data-ready', 'error');
    throw error;
  });
})();
