// Takwia's service worker: the field agent's questionnaire pages and the static files
// stay usable with no connection. Served at /sw.js (scope /) by takwia.views.
//
// - Static files: from the cache, fetched once.
// - Questionnaire steps (/diagnostics/<pk>/entry/<step>/): from the network while it
//   answers, each answer kept; with no connection, the kept copy. A page asks for the
//   steps it will need (message "precache") and only missing ones are fetched.
// - Any other page: the network only; with no connection, a short French notice.
// - Logging out empties the cache (the device keeps nothing of the session).
// The answers themselves never go through here: diagnostic.js keeps unsent answers on
// the device and sends them, with the version they were typed on, when online.
"use strict";
var CACHE = "takwia-field-v1";
var ENTRY = /^\/diagnostics\/\d+\/entry\/\d+\/$/;
var OFFLINE = "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">" +
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
  "<title>Hors connexion · Takwia</title><main><h1>Hors connexion</h1>" +
  "<p>Cette page n'est pas disponible sur cet appareil sans connexion. Les questionnaires " +
  "déjà ouverts et ceux qui vous sont confiés restent accessibles.</p>" +
  "<p lang=\"ar\" dir=\"rtl\">غير متصل: هذه الصفحة غير متاحة على هذا الجهاز دون اتصال.</p></main></html>";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function keep(request, response) {
  if (response && response.ok && response.type === "basic" && !response.redirected) {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/accounts/logout/") {
    event.respondWith(caches.delete(CACHE).then(function () { return fetch(request); }));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request, { ignoreVary: true }).then(function (hit) {
      return hit || fetch(request).then(function (response) { return keep(request, response); });
    }));
    return;
  }
  if (ENTRY.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) {
      return keep(request, response);
    }).catch(function () {
      return caches.match(request, { ignoreSearch: true, ignoreVary: true }).then(function (hit) {
        return hit || new Response(OFFLINE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      });
    }));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () {
      return new Response(OFFLINE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    }));
  }
});

// A page lists the steps it will need offline: fetch those not kept yet, one at a
// time (a background trickle, not a burst on the server).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "precache" || !Array.isArray(data.urls)) return;
  var paths = data.urls.filter(function (path) {
    return ENTRY.test(path) || path.indexOf("/static/") === 0;
  });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return paths.reduce(function (previous, path) {
      return previous.then(function () {
        return cache.match(path, { ignoreVary: true }).then(function (hit) {
          if (hit) return null;
          return fetch(path, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected) return cache.put(path, response);
            return null;
          });
        }).catch(function () { return null; });
      });
    }, Promise.resolve());
  }));
});
