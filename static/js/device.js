// What waits on this device: the answers typed and not yet accepted by the server,
// one record per diagnostic, in IndexedDB (never localStorage: it survives no quota
// pressure and blocks the page). A record:
//   {diagnostic, save_url, submit_url, lock_version (the version the answers were
//    typed on), answers {code: value}, refused {code: value}, base {code: value},
//    submit (the agent asked to submit), since (when the first answer started waiting),
//    user (whose session typed them)}
// Records are sent oldest first (``since``), each in one request with its version, so
// the server's conflict handling applies question by question. Writes are chained:
// each starts after the previous one has committed, so the last value typed wins.
// Logging out deletes the database (takwia.views.logout also sends Clear-Site-Data).
(function () {
  "use strict";
  var NAME = "takwia-device";
  var STORE = "waiting";
  var opened = null;
  var chain = Promise.resolve();
  // Whose answers these are (base.html's meta): a record is only ever read and sent in
  // its own user's session, never under another account that logs in on the device.
  var meta = document.querySelector("meta[name=takwia-user]");
  var user = meta ? meta.content : "";

  function open() {
    if (!("indexedDB" in window)) return Promise.reject(new Error("no IndexedDB"));
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open(NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: ["user", "diagnostic"] });
        };
        request.onsuccess = function () {
          var db = request.result;
          // Another tab deleting the database (logout): let it, and reopen next time.
          db.onversionchange = function () { db.close(); opened = null; };
          resolve(db);
        };
        request.onerror = function () { opened = null; reject(request.error); };
        request.onblocked = function () { opened = null; reject(new Error("blocked")); };
      });
    }
    return opened;
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result;
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
        work(tx.objectStore(STORE), function (value) { result = value; });
      });
    });
  }

  function write(work) {
    chain = chain.then(function () { return run("readwrite", work); })
      .catch(function () { return null; });
    return chain;
  }

  function key(diagnostic) { return String(diagnostic); }
  function id(diagnostic) { return [user, key(diagnostic)]; }

  function waiting(record) {
    if (!record) return 0;
    return Object.keys(record.answers || {}).length + Object.keys(record.refused || {}).length;
  }

  var IDENTIFICATION = ["respondent", "respondent_role", "interviewed_on"];
  function split(values) {
    var answers = {}, identification = {};
    Object.keys(values).forEach(function (code) {
      if (IDENTIFICATION.indexOf(code) !== -1) identification[code] = values[code];
      else answers[code] = values[code];
    });
    return { answers: answers, identification: identification };
  }

  function answer(response) {
    return response.json().then(function (data) {
      return { status: response.status, data: data };
    }, function () { return { status: response.status, data: {} }; });
  }

  // One autosave request: the values, with the version they were typed on.
  function sendAnswers(url, values, version, csrf, keepalive) {
    var body = split(values);
    return fetch(url, {
      method: "POST",
      keepalive: !!keepalive,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({
        lock_version: version, answers: body.answers, identification: body.identification
      })
    }).then(answer);
  }

  // A submission asked for offline: 200 {url} once submitted, 422 {errors} or 409.
  function submit(record, csrf) {
    var body = new URLSearchParams();
    body.set("lock_version", String(record.lock_version));
    return fetch(record.submit_url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
      body: body
    }).then(answer);
  }

  var api = {
    waiting: waiting,
    split: split,
    sendAnswers: sendAnswers,
    submit: submit,
    get: function (diagnostic) {
      return chain.then(function () {
        return run("readonly", function (store, done) {
          var request = store.get(id(diagnostic));
          request.onsuccess = function () { done(request.result || null); };
        });
      });
    },
    all: function () {
      return chain.then(function () {
        return run("readonly", function (store, done) {
          var request = store.getAll();
          request.onsuccess = function () {
            done((request.result || []).filter(function (record) {
              return record.user === user;
            }).sort(function (a, b) { return a.since - b.since; }));
          };
        });
      });
    },
    // Replace the diagnostic's record (kept ``since``), or delete it when nothing waits.
    put: function (record) {
      record.diagnostic = key(record.diagnostic);
      record.user = user;
      return write(function (store) {
        var request = store.get(id(record.diagnostic));
        request.onsuccess = function () {
          var old = request.result;
          if (!waiting(record) && !record.submit) {
            store.delete(id(record.diagnostic));
            return;
          }
          record.since = old && old.since ? old.since : Date.now();
          store.put(record);
        };
      });
    },
    remove: function (diagnostic) {
      return write(function (store) { store.delete(id(diagnostic)); });
    },
    // Everything this session left on the device: the waiting answers and the pages
    // the service worker keeps.
    // Sends the records ``which(record)`` picks (all by default; a page handles its
    // own diagnostic itself), oldest first: its answers, then its submission. A record the server refuses in part
    // (422) keeps the refused answers; one it finds outdated (409) waits for its entry
    // page, where the agent chooses question by question. Resolves with the outcomes.
    flush: function (csrf, which) {
      var outcomes = [];
      return api.all().then(function (records) {
        return records.reduce(function (previous, record) {
          return previous.then(function (go) {
            if (!go || (which && !which(record))) return go;
            return flushOne(record, csrf).then(function (outcome) {
              outcomes.push(outcome);
              return outcome.status !== "offline";
            });
          });
        }, Promise.resolve(navigator.onLine));
      }).then(function () { return outcomes; });
    },
    clear: function () {
      var db = opened ? opened.then(function (d) { d.close(); }, function () {}) : Promise.resolve();
      opened = null;
      return db.then(function () {
        return new Promise(function (resolve) {
          if (!("indexedDB" in window)) { resolve(); return; }
          var request = indexedDB.deleteDatabase(NAME);
          request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
        });
      }).then(function () {
        if (!("caches" in window)) return null;
        return caches.keys().then(function (names) {
          return Promise.all(names.filter(function (name) {
            return name.indexOf("takwia-") === 0;
          }).map(function (name) { return caches.delete(name); }));
        });
      });
    }
  };

  function flushOne(record, csrf) {
    var values = Object.assign({}, record.answers || {}, record.refused || {});
    var sent = Object.keys(values).length
      ? sendAnswers(record.save_url, values, record.lock_version, csrf)
      : Promise.resolve({ status: 200, data: { lock_version: record.lock_version, errors: {} } });
    return sent.then(function (result) {
      if (result.status === 409) return { record: record, status: "conflict" };
      if (result.status !== 200 && result.status !== 422) {
        return { record: record, status: "failed", data: result.data };
      }
      var errors = result.data.errors || {};
      record.answers = {};
      record.refused = {};
      Object.keys(errors).forEach(function (code) { record.refused[code] = values[code]; });
      record.lock_version = result.data.lock_version;
      if (Object.keys(errors).length || !record.submit) {
        record.submit = record.submit && !Object.keys(errors).length;
        return api.put(record).then(function () {
          return { record: record, status: Object.keys(errors).length ? "refused" : "saved" };
        });
      }
      return submit(record, csrf).then(function (outcome) {
        record.submit = false;
        return api.put(record).then(function () {
          return outcome.status === 200
            ? { record: record, status: "submitted", url: outcome.data.url }
            : { record: record, status: "not-submitted", errors: outcome.data.errors || [] };
        });
      }, function () {
        // The answers arrived, the submission did not: it waits with their new version.
        return api.put(record).then(function () { return { record: record, status: "offline" }; });
      });
    }, function () { return { record: record, status: "offline" }; });
  }

  window.TakwiaDevice = api;

  // Logging out leaves nothing of the session on this device. Answers still waiting
  // would be lost: the agent is asked first (the form says how, in their language).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-logout]") || form.dataset.cleared) return;
    event.preventDefault();
    api.all().catch(function () { return []; }).then(function (records) {
      var n = records.reduce(function (sum, record) { return sum + waiting(record); }, 0);
      if (n && !window.confirm(form.dataset.msgWaiting.replace("{n}", n))) return null;
      return api.clear().catch(function () { return null; }).then(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    });
  });
})();
