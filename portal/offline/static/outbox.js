/* The phone's store and its sender (issue 31), shared by the pages and the service worker (importScripts).
 *
 * IndexedDB "guanai-offline" through idb: "days" (the day.json of each user, keyed by user id; once expired only
 * {userId, expired: when}), "items" (what was
 * written on the phone, keyed by its idempotency key, indexed by user id) and "meta" (who used the phone last).
 * No words of its own: the pages show every state in the words their template gives them.
 *
 * An item: {key, userId, kind, personId, personName, label, fields: {name: value}, photos: [{name, type, blob,
 * width, height}], createdAt, updatedAt, status: "waiting" | "refused" | "signed_out", reason, errors, tries}.
 */
(function (root) {
  'use strict';
  var DB_NAME = 'guanai-offline';
  var DB_VERSION = 1;
  var LOCK = 'guanai-outbox';
  var config = {dayUrl: '/offline/day.json', itemsUrl: '/offline/items/'};
  var dbPromise = null;
  var channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('guanai-outbox') : null;

  function configure(options) {
    Object.keys(options || {}).forEach(function (k) { if (options[k]) { config[k] = options[k]; } });
  }

  function db() {
    if (!dbPromise) {
      dbPromise = root.idb.openDB(DB_NAME, DB_VERSION, {
        upgrade: function (database) {
          database.createObjectStore('days', {keyPath: 'userId'});
          var items = database.createObjectStore('items', {keyPath: 'key'});
          items.createIndex('userId', 'userId');
          database.createObjectStore('meta', {keyPath: 'name'});
        }
      });
    }
    return dbPromise;
  }

  function changed(what) {
    if (channel) { channel.postMessage({type: 'changed', what: what}); }
  }

  function onChange(callback) {
    if (channel) { channel.addEventListener('message', function (event) { callback(event.data); }); }
  }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) { return root.crypto.randomUUID(); }
    var b = root.crypto.getRandomValues(new Uint8Array(16));   // an older browser without randomUUID: a v4 uuid
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  async function currentUser() {
    var row = await (await db()).get('meta', 'current');
    return row ? row.userId : null;
  }

  async function setCurrentUser(userId) {
    var database = await db();
    var row = await database.get('meta', 'current');
    if (!row || row.userId !== userId) {
      await database.put('meta', {name: 'current', userId: userId});
      changed('user');
    }
  }

  function expired(day, now) {
    return !day || !day.expires_at || Date.parse(day.expires_at) <= (now || Date.now());
  }

  /* The user's day, or null; an expired day is removed (the waiting items are kept). */
  async function getDay(userId) {
    if (userId === null || userId === undefined) { return null; }
    var database = await db();
    var row = await database.get('days', userId);
    if (!row) { return null; }
    if (row.expired) { return {expired: true, expires_at: row.expired}; }
    if (expired(row.day)) {   // the people go; only the moment it expired stays, to say so
      await database.put('days', {userId: userId, expired: row.day.expires_at || new Date().toISOString()});
      changed('day');
      return {expired: true, expires_at: row.day.expires_at};
    }
    return row.day;
  }

  async function saveDay(day) {
    var database = await db();
    await database.put('days', {userId: day.user.id, day: day, savedAt: new Date().toISOString()});
    changed('day');
  }

  async function itemsOf(userId) {
    var items = await (await db()).getAllFromIndex('items', 'userId', userId);
    return items.sort(order);
  }

  /* Incidents first, then the order they were written in. */
  function order(a, b) {
    var ai = a.kind === 'incident' ? 0 : 1;
    var bi = b.kind === 'incident' ? 0 : 1;
    return ai - bi || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);
  }

  async function getItem(key) {
    return (await db()).get('items', key);
  }

  async function putItem(item) {
    var now = new Date().toISOString();
    if (!item.key) { item.key = newKey(); }
    if (!item.createdAt) { item.createdAt = now; }
    item.updatedAt = now;
    if (!item.status) { item.status = 'waiting'; }
    await (await db()).put('items', item);
    changed('items');
    return item;
  }

  async function removeItem(key) {
    await (await db()).delete('items', key);
    changed('items');
  }

  async function count(userId) {
    if (userId === null || userId === undefined) { return 0; }
    return (await db()).countFromIndex('items', 'userId', userId);
  }

  /* Sign-out's wipe: the user's day and every item the user wrote on the phone. */
  async function wipe(userId) {
    var database = await db();
    var tx = database.transaction(['days', 'items', 'meta'], 'readwrite');
    await tx.objectStore('days').delete(userId);
    var keys = await tx.objectStore('items').index('userId').getAllKeys(userId);
    for (var i = 0; i < keys.length; i++) { await tx.objectStore('items').delete(keys[i]); }
    var current = await tx.objectStore('meta').get('current');
    if (current && current.userId === userId) { await tx.objectStore('meta').delete('current'); }
    await tx.done;
    changed('items');
  }

  /* day.json: {day} when signed in, {signedOut: true} when not, throws when there is no answer. */
  async function fetchDay() {
    var response = await fetch(config.dayUrl, {credentials: 'same-origin', cache: 'no-store', redirect: 'manual',
                                               headers: {Accept: 'application/json'}});
    var type = response.headers.get('Content-Type') || '';
    if (response.status === 401 || response.type === 'opaqueredirect' || (response.ok && type.indexOf('json') < 0)) {
      return {signedOut: true};
    }
    if (!response.ok) { throw new Error('day.json answered ' + response.status); }
    var day = await response.json();
    await saveDay(day);
    await setCurrentUser(day.user.id);
    return {day: day};
  }

  function formData(item) {
    var data = new FormData();
    Object.keys(item.fields || {}).forEach(function (name) {
      var value = item.fields[name];
      if (Array.isArray(value)) {
        value.forEach(function (v) { data.append(name, v); });
      } else if (value !== null && value !== undefined) {
        data.append(name, value);
      }
    });
    (item.photos || []).forEach(function (photo) { data.append(item.photoField || 'photos', photo.blob, photo.name); });
    return data;
  }

  async function post(item, csrfToken) {
    return fetch(config.itemsUrl + encodeURIComponent(item.kind), {
      method: 'POST', body: formData(item), credentials: 'same-origin', redirect: 'manual', cache: 'no-store',
      headers: {'Idempotency-Key': item.key, 'X-CSRFToken': csrfToken || '', Accept: 'application/json'}
    });
  }

  async function answer(response) {
    try { return await response.json(); } catch (e) { return {}; }
  }

  /* Send what waits for the signed-in user, incidents first, each with its key. An item is removed only when the
   * server says done (201, or 200 replayed); kept with the reason on 422; kept until the next sign-in on 401; kept
   * and tried again later on anything else. Returns {sent, refused, waiting, signedOut, offline}. */
  async function syncNow(options) {
    var result = {sent: 0, refused: 0, waiting: 0, signedOut: false, offline: false};
    var got;
    try {
      got = await fetchDay();
    } catch (e) {
      result.offline = true;
      return result;
    }
    var database = await db();
    if (got.signedOut) {
      result.signedOut = true;
      var userId = await currentUser();
      if (userId !== null) {
        var held = await itemsOf(userId);
        for (var h = 0; h < held.length; h++) {
          if (held[h].status === 'waiting') { held[h].status = 'signed_out'; await database.put('items', held[h]); }
        }
        if (held.length) { changed('items'); }
      }
      return result;
    }
    var day = got.day;
    var items = await itemsOf(day.user.id);
    var retryRefused = options && options.retryRefused;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      if (item.status === 'refused' && !(retryRefused && retryRefused.indexOf(item.key) >= 0)) {
        result.refused += 1;
        continue;
      }
      var response;
      try {
        response = await post(item, day.csrf_token);
      } catch (e) {   // no answer (the signal went, or the answer was lost): kept, the same key next time
        item.tries = (item.tries || 0) + 1;
        item.status = 'waiting';
        item.reasonCode = 'network';
        await database.put('items', item);
        result.offline = true;
        result.waiting += items.length - i;
        break;
      }
      var body = await answer(response);
      if ((response.status === 201 || response.status === 200) && body.status === 'done') {
        await database.delete('items', item.key);
        result.sent += 1;
      } else if (response.status === 422) {
        item.status = 'refused';
        item.reason = body.reason || '';
        item.errors = body.errors || {};
        item.reasonCode = 'refused';
        await database.put('items', item);
        result.refused += 1;
      } else if (response.status === 401 || response.type === 'opaqueredirect') {
        for (var j = i; j < items.length; j++) {
          if (items[j].status !== 'refused') { items[j].status = 'signed_out'; await database.put('items', items[j]); }
        }
        result.signedOut = true;
        break;
      } else if (response.status === 413) {
        item.status = 'refused';
        item.reason = body.reason || '';
        item.reasonCode = 'too_large';
        await database.put('items', item);
        result.refused += 1;
      } else {   // 400, 5xx: kept as it is, tried again later with the same key
        item.tries = (item.tries || 0) + 1;
        item.status = 'waiting';
        item.reason = body.reason || ('HTTP ' + response.status);
        item.reasonCode = 'failed';
        await database.put('items', item);
        result.waiting += 1;
      }
    }
    changed('items');
    return result;
  }

  /* One sender at a time across the pages and the service worker (Web Locks where the browser has them). */
  function sync(options) {
    var locks = root.navigator && root.navigator.locks;
    if (locks && locks.request) {
      return locks.request(LOCK, function () { return syncNow(options); });
    }
    return syncNow(options);
  }

  root.GuanaiOutbox = {
    configure: configure, db: db, newKey: newKey, currentUser: currentUser, setCurrentUser: setCurrentUser,
    getDay: getDay, saveDay: saveDay, itemsOf: itemsOf, getItem: getItem, putItem: putItem, removeItem: removeItem,
    count: count, wipe: wipe, fetchDay: fetchDay, sync: sync, onChange: onChange, expired: expired, order: order
  };
})(typeof self !== 'undefined' ? self : this);
