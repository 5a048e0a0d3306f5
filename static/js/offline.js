// Registers the service worker (static/js/sw.js, served at /sw.js) and asks it to keep
// the pages listed in the data-precache attribute of #offline-precache (the steps of the
// questionnaires an agent has open or is assigned), so they open with no connection.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var holder = document.getElementById("offline-precache");
  var urls = [];
  try { urls = holder ? JSON.parse(holder.textContent) : []; } catch (e) { urls = []; }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (urls.length && registration.active) {
      registration.active.postMessage({ type: "precache", urls: urls });
    }
  }).catch(function () { /* no service worker: the pages work online as before */ });
})();
