// Takwia's service worker: field work goes on with no connection. Served at /sw.js
// (scope /) by takwia.views. Small and hand-written: three rules and a precache.
//
// - Static files: from the cache, fetched once.
// - The application shell (the home page) and the questionnaire steps
//   (/diagnostics/<pk>/entry/<step>/): from the network while it answers, each answer
//   kept; with no connection, the kept copy.
// - Any other page: the network only; with no connection, a short notice.
// - Precache: a page sends the list of /offline/precache/ (the shell, the static files
//   and every step of the agent's drafts and returns, each with the diagnostic's
//   version); a step is fetched when missing or kept from another version.
// - Logging out empties the cache (the server also answers with Clear-Site-Data, and
//   the page deletes the answers waiting in IndexedDB).
// The answers never go through here: diagnostic.js and device.js keep unsent answers in
// IndexedDB and send them, with the version they were typed on, when online.
"use strict";
var CACHE = "takwia-field-v2";
var ENTRY = /^\/diagnostics\/\d+\/entry\/\d+\/$/;
var VERSION = "X-Diagnostic-Version";
var OFFLINE = "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">" +
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
  "<title>Hors connexion · Takwia</title><main><h1>Hors connexion</h1>" +
  "<p>Cette page n'est pas disponible sur cet appareil sans connexion. Les questionnaires " +
  "déjà ouverts et ceux qui vous sont confiés restent accessibles depuis <a href=\"/\">l'accueil</a>.</p>" +
  "<p lang=\"ar\" dir=\"rtl\">غير متصل: هذه الصفحة غير متاحة على هذا الجهاز دون اتصال. " +
  "تبقى الاستمارات المفتوحة والمسندة إليك متاحة من <a href=\"/\">الصفحة الرئيسية</a>.</p></main></html>";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("takwia-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  if (response && response.ok && response.type === "basic" && !response.redirected) {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

function offline() {
  return new Response(OFFLINE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function kept(path) {
  return path === "/" || ENTRY.test(path);
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
  if (kept(url.pathname) && request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      return keep(request, response);
    }).catch(function () {
      return caches.match(request, { ignoreSearch: true, ignoreVary: true }).then(function (hit) {
        return hit || offline();
      });
    }));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offline));
  }
});

// One at a time: a background trickle, not a burst on the server.
function precache(entries) {
  return caches.open(CACHE).then(function (cache) {
    return entries.reduce(function (previous, entry) {
      return previous.then(function () {
        return cache.match(entry.url, { ignoreVary: true }).then(function (hit) {
          var wanted = entry.version === undefined || entry.version === null ? null : String(entry.version);
          if (hit && (wanted === null || hit.headers.get(VERSION) === wanted)) return null;
          return fetch(entry.url, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected) return cache.put(entry.url, response);
            return null;
          });
        }).catch(function () { return null; });
      });
    }, Promise.resolve());
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "precache" || !Array.isArray(data.urls)) return;
  var entries = data.urls.map(function (entry) {
    return typeof entry === "string" ? { url: entry } : entry;
  }).filter(function (entry) {
    return entry && typeof entry.url === "string" &&
      (kept(entry.url) || entry.url.indexOf("/static/") === 0);
  });
  event.waitUntil(precache(entries).then(function () {
    if (event.source) event.source.postMessage({ type: "precached", count: entries.length });
  }));
});
