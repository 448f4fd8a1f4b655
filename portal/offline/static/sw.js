/* The portal's service worker (issue 31), served by /sw.js at the root scope with the configuration below written
 * in by the server (the precache list with each file's hash, the shell pages, the scripts' addresses).
 *
 * What it keeps: the static files the phone needs (Workbox precaching) and the three shell pages, which hold no
 * one's data. It NEVER keeps another page: every other page goes to the network, and without a signal a page
 * opened goes to the day shell instead. The day and the waiting items live in IndexedDB (outbox.js), keyed by
 * the user's id; Background Sync sends the waiting items where the browser has it.
 */
/* global workbox, GuanaiOutbox */
'use strict';
var CONFIG = self.__GUANAI_CONFIG;
importScripts(CONFIG.scripts[0]);
workbox.setConfig({modulePathPrefix: CONFIG.workbox, debug: false});
importScripts(CONFIG.scripts[1], CONFIG.scripts[2]);
GuanaiOutbox.configure({dayUrl: CONFIG.dayUrl, itemsUrl: CONFIG.itemsUrl});

var SHELL_CACHE = 'guanai-shell-' + CONFIG.shellRevision;
workbox.core.setCacheNameDetails({prefix: 'guanai'});
workbox.core.clientsClaim();
self.skipWaiting();

workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute(CONFIG.precache);

function isShell(url) {
  return url.origin === self.location.origin && CONFIG.shells.indexOf(url.pathname) >= 0;
}

/* The shell is one page whatever its query (?kind=visit&person=12): kept once, under its path. */
var onePerPath = {
  cacheKeyWillBeUsed: async function (args) {
    var url = new URL(args.request.url);
    return url.origin + url.pathname;
  },
  cacheWillUpdate: async function (args) {
    var r = args.response;
    return r && r.status === 200 && !r.redirected && (r.headers.get('Content-Type') || '').indexOf('text/html') === 0
      ? r : null;
  }
};

var shellStrategy = new workbox.strategies.NetworkFirst({cacheName: SHELL_CACHE, networkTimeoutSeconds: 5,
                                                         plugins: [onePerPath]});
workbox.routing.registerRoute(function (o) { return o.request.mode === 'navigate' && isShell(o.url); },
                              shellStrategy);

/* Every other page: the network only (never kept); with no signal, the day shell. */
workbox.routing.registerRoute(function (o) { return o.request.mode === 'navigate' && !isShell(o.url); },
                              new workbox.strategies.NetworkOnly());
workbox.routing.setCatchHandler(async function (o) {
  if (o.request.mode === 'navigate') {
    var kept = await caches.match(CONFIG.fallback, {cacheName: SHELL_CACHE});
    if (kept) { return kept; }
  }
  return Response.error();
});

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return Promise.all(CONFIG.shells.map(function (path) {
      return fetch(path, {credentials: 'same-origin', cache: 'no-store'}).then(function (response) {
        if (response.ok && !response.redirected) { return cache.put(self.location.origin + path, response); }
        throw new Error('shell ' + path + ' answered ' + response.status);
      });
    }));
  }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf('guanai-shell-') === 0 && name !== SHELL_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }));
});

/* Background Sync: the pages register "guanai-outbox" when they keep an item; an answerless try throws, so that
 * the browser tries again later. */
self.addEventListener('sync', function (event) {
  if (event.tag !== 'guanai-outbox') { return; }
  event.waitUntil(GuanaiOutbox.sync().then(function (result) {
    if (result.offline) { throw new Error('no signal: the browser will try again'); }
  }));
});
