// Field work with no connection (loaded on the agent's home page and the entry pages).
// - Registers the service worker (static/js/sw.js, served at /sw.js) and, when online,
//   asks it to keep what /offline/precache/ lists (the shell, the static files and
//   every step of the agent's drafts and returns) plus the steps this page lists in
//   #offline-precache.
// - Sends the answers waiting in IndexedDB (device.js) for the other questionnaires,
//   oldest first, when the page opens online and when the connection returns (the
//   entry page sends its own questionnaire's, with its conflict choice).
// - Says on the home page how many answers wait on this device (#device-waiting).
// - Starting a new diagnostic needs the server: offline, the button says so.
(function () {
  "use strict";
  var device = window.TakwiaDevice;
  var form = document.getElementById("entry-form") || document.getElementById("submit-form");
  var current = form ? form.dataset.diagnostic : null;
  var box = document.getElementById("device-waiting");
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = tokenInput ? tokenInput.value : "";

  function readJson(id, fallback) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : fallback; } catch (e) { return fallback; }
  }

  function showWaiting() {
    if (!box || !device) return;
    device.all().then(function (records) {
      var n = records.reduce(function (sum, record) { return sum + device.waiting(record); }, 0);
      var asked = records.filter(function (record) { return record.submit; }).length;
      var parts = [];
      if (n) parts.push(box.dataset.msgAnswers.replace("{n}", n));
      if (asked) parts.push(box.dataset.msgSubmits.replace("{n}", asked));
      box.textContent = parts.join(" ");
      box.className = parts.length ? "alert alert-warning py-2 small" : "";
    }).catch(function () { /* no IndexedDB: nothing waits here */ });
  }

  function flush() {
    if (!device || !navigator.onLine || !csrf) { showWaiting(); return; }
    device.flush(csrf, function (record) { return record.diagnostic !== current; })
      .then(showWaiting, showWaiting);
  }

  if ("serviceWorker" in navigator) {
    var own = readJson("offline-precache", []);
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (!navigator.onLine) return null;
      return fetch("/offline/precache/", { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : { urls: [] };
      }).catch(function () { return { urls: [] }; }).then(function (data) {
        var urls = own.concat(data.urls || []);
        if (urls.length && registration.active) {
          registration.active.postMessage({ type: "precache", urls: urls });
        }
      });
    }).catch(function () { /* no service worker: the pages work online as before */ });
  }

  document.querySelectorAll("form[data-needs-connection]").forEach(function (start) {
    start.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      if (box) {
        box.textContent = start.dataset.msgOffline;
        box.className = "alert alert-warning py-2 small";
      }
    });
  });

  window.addEventListener("online", flush);
  flush();
})();
