// Questionnaire entry. Saves as the agent types (debounced) and says truly what
// happened: saved at HH:MM, not saved (n errors), or kept on this device (n answers
// waiting). Answers not yet accepted by the server wait in IndexedDB (device.js) with
// the version of the questionnaire they were typed on, and are sent when the
// connection returns; a submission asked for offline is sent after them. A save refused because someone else saved meanwhile (409) is resolved
// question by question: the agent keeps their answer or the saved one, then the
// choice is saved over the fresh version (never over the refused one, so no loop).
// Which questions are asked is decided by the server; the browser hides the others
// with the server's own operator list. Without JavaScript each step posts normally.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  var device = window.TakwiaDevice;
  var statusBox = document.getElementById("sync-status");
  var submitForm = document.getElementById("submit-form");
  if (submitForm) { submitStep(submitForm); return; }
  var form = document.getElementById("entry-form");
  if (!form || !device) return;
  var saveUrl = form.dataset.saveUrl;
  var lockInputs = document.querySelectorAll("[data-lock-version]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var operatorNames = readJson("condition-operators", []);
  var elsewhere = readJson("answers-elsewhere", {});
  var pending = {};   // code or identification field -> value not yet accepted
  var refused = {};   // code -> value the server refused (kept in the field and here)
  var errors = {};    // code -> French message of the last refusal
  var base = {};      // code -> the value the server held when the agent typed theirs
  var typedOn = null; // the version stored answers were typed on (first send after a reload)
  var timer = null;
  var inFlight = false;
  var conflict = false;
  var submitAfter = null; // a step submit waiting for the autosave in flight
  var submitAsked = false; // the agent asked to submit offline: sent after the answers

  function readJson(id, fallback) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : fallback; } catch (e) { return fallback; }
  }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }
  function count(map) { return Object.keys(map).length; }
  function lockVersion() { return parseInt(lockInputs[0].value, 10); }
  function setLockVersion(value) { lockInputs.forEach(function (el) { el.value = value; }); }

  function say(message, kind) { tell(statusBox, message, kind); }

  function sayWaiting() {
    say(format(form.dataset.msgWaiting, { n: count(pending) + count(refused) }), "warn");
  }

  // The device's copy of what waits (deleted once nothing does).
  function remember() {
    var kept = {};
    Object.keys(pending).concat(Object.keys(refused)).forEach(function (code) {
      if (code in base) kept[code] = base[code];
    });
    return device.put({
      diagnostic: form.dataset.diagnostic,
      save_url: saveUrl,
      submit_url: form.dataset.submitUrl,
      lock_version: typedOn === null ? lockVersion() : typedOn,
      answers: Object.assign({}, pending),
      refused: Object.assign({}, refused),
      base: kept,
      submit: submitAsked
    });
  }

  // Fields: each question's box, or an identification input, by code or name.
  function boxOf(code) { return form.querySelector("[data-question='" + code + "']"); }
  function identificationInput(name) {
    return form.querySelector("[data-identification][name='" + name + "']");
  }

  function valueOf(code) {
    var box = boxOf(code);
    if (!box) {
      var input = identificationInput(code);
      return input ? input.value : undefined;
    }
    var kind = box.dataset.kind;
    var inputs = Array.prototype.slice.call(box.querySelectorAll("input, textarea"));
    if (kind === "multiple") {
      return inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    if (kind === "yes_no" || kind === "single") {
      var checked = inputs.filter(function (i) { return i.checked; })[0];
      return checked ? checked.value : "";
    }
    return inputs[0].value;
  }

  function setValue(code, value) {
    var box = boxOf(code);
    if (!box) {
      var input = identificationInput(code);
      if (input) input.value = value || "";
      return;
    }
    var kind = box.dataset.kind;
    box.querySelectorAll("input, textarea").forEach(function (input) {
      if (kind === "multiple") input.checked = (value || []).indexOf(input.value) !== -1;
      else if (kind === "yes_no" || kind === "single") input.checked = input.value === value;
      else input.value = value || "";
    });
  }

  // How the agent reads a value (choice labels), for the conflict panel.
  function shown(code, value) {
    var box = boxOf(code);
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && !value.length)) return form.dataset.msgConflictNone;
    if (!box || ["yes_no", "single", "multiple"].indexOf(box.dataset.kind) === -1) {
      return String(value);
    }
    return [].concat(value).map(function (choice) {
      var input = box.querySelector("input[value='" + choice + "']");
      return input ? input.dataset.label : choice;
    }).join(" | ");
  }

  function labelOf(code) {
    var box = boxOf(code);
    var label = box ? box.querySelector("legend, label") : null;
    if (!box) {
      var input = identificationInput(code);
      label = input ? form.querySelector("label[for='" + input.id + "']") : null;
    }
    return label ? label.textContent.replace("*", "").trim() : code;
  }

  function same(a, b) {
    var norm = function (v) {
      if (v === null || v === undefined) return "";
      return Array.isArray(v) ? v.slice().sort().join("\u0000") : String(v).trim();
    };
    return norm(a) === norm(b);
  }

  // The typed value a condition reads: what the server's kinds would store.
  function typed(box) {
    var raw = valueOf(box.dataset.question);
    var kind = box.dataset.kind;
    if (Array.isArray(raw)) return raw.length ? raw : null;
    raw = raw.trim();
    if (raw === "") return null;
    if (kind === "yes_no") return raw === "yes";
    if (kind === "integer" || kind === "scale") {
      var digits = raw.replace(/[\s\u00a0\u202f]/g, "");
      return /^[+-]?\d{1,15}$/.test(digits) ? parseInt(digits, 10) : null;
    }
    return raw;
  }

  var OPERATORS = {
    equals: function (v, o) { return v === o; },
    in: function (v, o) { return o.indexOf(v) !== -1; },
    gte: function (v, o) { return typeof v === "number" && v >= o; },
    lte: function (v, o) { return typeof v === "number" && v <= o; },
    between: function (v, o) { return typeof v === "number" && o[0] <= v && v <= o[1]; },
    contains: function (v, o) { return Array.isArray(v) && v.indexOf(o) !== -1; },
    contains_any: function (v, o) {
      return Array.isArray(v) && o.some(function (c) { return v.indexOf(c) !== -1; });
    },
    excludes: function (v, o) { return Array.isArray(v) && v.indexOf(o) === -1; }
  };

  // true, false, or null when it cannot be decided here (the server rendered it).
  function holds(predicate, answers) {
    if (!predicate || !Object.keys(predicate).length) return true;
    var parts = predicate.all || predicate.any;
    if (parts) {
      var all = !!predicate.all, result = all;
      for (var i = 0; i < parts.length; i++) {
        var part = holds(parts[i], answers);
        if (part === !all) return !all;
        if (part === null) result = null;
      }
      return result;
    }
    if (!(predicate.question in answers)) return null;
    var value = answers[predicate.question];
    var operator = operatorNames.filter(function (name) { return name in predicate; })[0];
    if (!operator || !OPERATORS[operator]) return null;
    if (value === null || value === undefined) return false;
    try { return !!OPERATORS[operator](value, predicate[operator]); } catch (e) { return false; }
  }

  // In questionnaire order: a hidden question's answer is not live, as on the server.
  function applyConditions() {
    var answers = Object.assign({}, elsewhere);
    form.querySelectorAll("[data-question]").forEach(function (box) {
      var asked = holds(JSON.parse(box.dataset.condition || "{}"), answers);
      if (asked !== null) box.classList.toggle("d-none", !asked);
      answers[box.dataset.question] = box.classList.contains("d-none") ? null : typed(box);
    });
  }

  function showErrors() {
    form.querySelectorAll("[data-error-for]").forEach(function (el) {
      var message = errors[el.dataset.errorFor] || "";
      el.textContent = message;
      el.classList.toggle("d-block", !!message);
      var box = el.closest("[data-question]") || el.parentElement;
      box.querySelectorAll("input, textarea, fieldset").forEach(function (field) {
        if (field.type === "hidden") return;
        if (field.tagName !== "FIELDSET") field.classList.toggle("is-invalid", !!message);
        if (message) field.setAttribute("aria-invalid", "true");
        else field.removeAttribute("aria-invalid");
      });
    });
  }

  function showProgress(progress) {
    var asked = 0, answered = 0;
    progress.forEach(function (entry) {
      asked += entry.asked; answered += entry.answered;
      var label = document.querySelector("[data-axis-progress='" + entry.axis + "']");
      if (label) label.textContent = entry.label || (entry.answered + " / " + entry.asked);
    });
    var percent = asked ? Math.round(100 * answered / asked) : 100;
    var bar = document.getElementById("overall-progress");
    bar.setAttribute("aria-valuenow", String(percent));
    bar.firstElementChild.style.width = percent + "%";
    bar.firstElementChild.textContent = percent + " %";
  }

  function send(afterReconnect) {
    if (conflict || inFlight || !count(pending)) return;
    if (!navigator.onLine) { sayWaiting(); return; }
    var sent = pending;
    var version = typedOn === null ? lockVersion() : typedOn;
    pending = {};
    inFlight = true;
    say(form.dataset.msgSaving);
    device.sendAnswers(saveUrl, sent, version, csrf).then(function (result) {
      inFlight = false;
      var data = result.data;
      if (submitAfter && result.status !== 409) {
        if (data.lock_version !== undefined) setLockVersion(data.lock_version);
        var submitter = submitAfter === true ? undefined : submitAfter;
        submitAfter = null;
        form.requestSubmit(submitter);
        return;
      }
      if (result.status === 409) {
        pending = Object.assign(sent, pending);
        resolve(data, afterReconnect);
        return;
      }
      if (result.status !== 200 && result.status !== 422) {
        pending = Object.assign(sent, pending);
        remember();
        say(data.error || format(form.dataset.msgFailed, { n: count(pending) }), "error");
        return;
      }
      typedOn = null;
      setLockVersion(data.lock_version);
      Object.keys(sent).forEach(function (code) {
        if (data.errors && data.errors[code]) {
          errors[code] = data.errors[code];
          refused[code] = sent[code];
        } else {
          delete errors[code];
          delete refused[code];
          base[code] = sent[code];
        }
      });
      showErrors();
      showProgress(data.progress || []);
      if (submitAsked && !count(refused) && !count(pending)) {
        submitQueued();
        return;
      }
      remember();
      if (count(refused)) {
        say(format(form.dataset.msgRefused, { n: count(refused) }), "error");
      } else {
        var message = afterReconnect === "restored" ? form.dataset.msgKept
          : afterReconnect ? form.dataset.msgResent : form.dataset.msgSaved;
        say(format(message, { time: data.saved_at }), "ok");
      }
      if (count(pending)) schedule();
    }).catch(function () {
      // Network down mid-request: the answers go back to the waiting list.
      inFlight = false;
      pending = Object.assign(sent, pending);
      remember();
      sayWaiting();
    });
  }

  // A 409: the saved answers are in ``data``. Where theirs equals mine, or theirs is
  // still what I started from, nothing needs choosing; the rest is asked question by
  // question. Fields the agent did not touch take the saved answers.
  function resolve(data, afterReconnect) {
    typedOn = null;
    submitAfter = null;
    var choices = [];
    var theirs = data.answers || {};
    Object.keys(pending).forEach(function (code) {
      var saved = code in theirs ? theirs[code] : "";
      if (same(saved, pending[code])) delete pending[code];
      else if (!(code in base) || !same(saved, base[code])) choices.push(code);
    });
    form.querySelectorAll("[data-question]").forEach(function (box) {
      var code = box.dataset.question;
      var saved = code in theirs ? theirs[code] : (box.dataset.kind === "multiple" ? [] : "");
      base[code] = saved;
      if (!(code in pending) && !(code in refused)) setValue(code, saved);
    });
    applyConditions();
    var fresh = data.lock_version;
    if (!choices.length) {
      setLockVersion(fresh);
      remember();
      // Nothing left to send: what was typed is what is saved (the copy kept on the
      // device may have arrived already, from a page that closed as it came online).
      if (count(pending)) send(afterReconnect);
      else say(format(afterReconnect === "restored" ? form.dataset.msgKept
        : afterReconnect ? form.dataset.msgResent : form.dataset.msgSaved, { time: data.when }), "ok");
      return;
    }
    conflict = true;
    remember();
    say(format(form.dataset.msgConflict, { who: data.who, when: data.when }), "error");
    showConflict(choices, theirs, data, fresh);
  }

  function showConflict(codes, theirs, data, fresh) {
    var old = document.getElementById("conflict-panel");
    if (old) old.remove();
    var panel = document.createElement("section");
    panel.id = "conflict-panel";
    panel.className = "card card-body border-danger mb-3";
    panel.setAttribute("aria-labelledby", "conflict-title");
    panel.dataset.testid = "conflict-panel";
    var title = document.createElement("h2");
    title.id = "conflict-title";
    title.className = "h6";
    title.tabIndex = -1;
    title.textContent = form.dataset.msgConflictTitle;
    panel.appendChild(title);
    codes.forEach(function (code) {
      var fieldset = document.createElement("fieldset");
      fieldset.className = "mb-3";
      fieldset.dataset.conflict = code;
      var legend = document.createElement("legend");
      legend.className = "fs-6 fw-semibold";
      legend.textContent = labelOf(code);
      fieldset.appendChild(legend);
      [["mine", form.dataset.msgConflictMine + " : " + shown(code, pending[code])],
       ["theirs", format(form.dataset.msgConflictTheirs, { who: data.who, when: data.when }) +
         " : " + ((data.shown || {})[code] || form.dataset.msgConflictNone)]
      ].forEach(function (option, index) {
        var wrap = document.createElement("div");
        wrap.className = "form-check";
        var input = document.createElement("input");
        input.type = "radio";
        input.className = "form-check-input";
        input.name = "conflict-" + code;
        input.id = "conflict-" + code + "-" + option[0];
        input.value = option[0];
        input.checked = index === 0;
        var label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = input.id;
        label.textContent = option[1];
        wrap.appendChild(input);
        wrap.appendChild(label);
        fieldset.appendChild(wrap);
      });
      panel.appendChild(fieldset);
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-primary";
    button.textContent = form.dataset.msgConflictSave;
    button.addEventListener("click", function () {
      codes.forEach(function (code) {
        var pick = panel.querySelector("input[name='conflict-" + code + "']:checked");
        if (pick && pick.value === "theirs") {
          setValue(code, code in theirs ? theirs[code] : "");
          delete pending[code];
        }
      });
      panel.remove();
      conflict = false;
      setLockVersion(fresh);
      applyConditions();
      remember();
      if (count(pending)) send(false);
      else say(format(form.dataset.msgSaved, { time: data.when }), "ok");
    });
    panel.appendChild(button);
    statusBox.insertAdjacentElement("afterend", panel);
    title.focus();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () { send(false); }, 800);
  }

  function onChange(event) {
    var target = event.target;
    var code;
    if (target.dataset.identification !== undefined) {
      code = target.name;
    } else {
      var box = target.closest("[data-question]");
      if (!box) return;
      code = box.dataset.question;
      applyConditions();
    }
    pending[code] = valueOf(code);
    delete refused[code];
    if (conflict) { remember(); return; }
    if (!navigator.onLine) { remember().then(sayWaiting); return; }
    remember();
    schedule();
  }

  // The submission asked for offline, once every answer is accepted: the results
  // page opens; a refusal (answers missing) is said here.
  function submitQueued() {
    submitAsked = false;
    device.submit({ submit_url: form.dataset.submitUrl, lock_version: lockVersion() }, csrf)
      .then(function (result) {
        return remember().then(function () {
          if (result.status === 200) {
            say(form.dataset.msgSubmitted, "ok");
            window.location.assign(result.data.url);
          } else {
            say(format(form.dataset.msgSubmitRefused, {
              reasons: (result.data.errors || []).join(" ")
            }), "error");
          }
        });
      }, function () {
        submitAsked = true;
        remember().then(sayWaiting);
      });
  }

  // What the server holds, as the page was rendered (refused fields excepted).
  form.querySelectorAll("[data-question]").forEach(function (box) {
    if (!box.querySelector("[aria-invalid]")) base[box.dataset.question] = valueOf(box.dataset.question);
  });
  form.querySelectorAll("[data-identification]").forEach(function (input) {
    if (!input.hasAttribute("aria-invalid")) base[input.name] = input.value;
  });

  // Leaving the page by a link before the debounced save: send what waits, with
  // keepalive so the request outlives the page (it stays on the device too, and a
  // later page sends it again if this one did not arrive).
  window.addEventListener("pagehide", function () {
    if (conflict || inFlight || !count(pending) || !navigator.onLine) return;
    clearTimeout(timer);
    try {
      device.sendAnswers(saveUrl, pending, typedOn === null ? lockVersion() : typedOn, csrf, true)
        .catch(function () { /* kept on the device: sent from the next entry page */ });
    } catch (e) { /* kept on the device: sent from the next entry page */ }
  });

  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  window.addEventListener("offline", function () { if (!conflict) sayWaiting(); });
  window.addEventListener("online", function () {
    if (submitAsked && !count(pending) && !count(refused)) submitQueued();
    else send(true);
  });

  // Answers typed on this device and never accepted (connection lost, page closed):
  // back in their fields, sent with the version they were typed on. If the server has
  // moved on, its 409 leads to the choice above; the page's own version is kept.
  // Anything typed before the device answered is newer and stays.
  applyConditions();
  device.get(form.dataset.diagnostic).then(function (stored) {
    if (!stored) return;
    var typedHere = pending;
    pending = Object.assign({}, stored.answers || {}, stored.refused || {});
    Object.assign(base, stored.base || {});
    typedOn = typeof stored.lock_version === "number" ? stored.lock_version : null;
    submitAsked = !!stored.submit;
    Object.keys(pending).forEach(function (code) {
      if (!(code in typedHere) && (boxOf(code) || identificationInput(code))) {
        setValue(code, pending[code]);
      }
    });
    Object.assign(pending, typedHere);
    applyConditions();
    if (!count(pending) && submitAsked) {
      if (navigator.onLine) submitQueued();
      else say(form.dataset.msgSubmitWaiting, "warn");
      return;
    }
    say(format(form.dataset.msgRestored, { n: count(pending) }), "warn");
    if (navigator.onLine) send("restored");
  }).catch(function () { /* nothing stored, or no IndexedDB */ });

  // A normal submit (next / previous step) posts what is in the fields. It cannot
  // load offline: the agent stays here and the answers stay on this device.
  form.addEventListener("submit", function (event) {
    if (!navigator.onLine) {
      // No server to post to: the answers stay on this device and the step the agent
      // asked for opens from the copy the service worker keeps.
      event.preventDefault();
      var previous = event.submitter && event.submitter.name === "previous";
      var target = previous ? form.dataset.previousUrl : form.dataset.nextUrl;
      remember().then(function () {
        if (target) window.location.assign(target);
        else sayWaiting();
      });
      return;
    }
    if (sending) return;
    clearTimeout(timer);
    if (inFlight) {
      // Post once the autosave in flight has answered, with the version it returns
      // (posting now would collide with the agent's own save).
      event.preventDefault();
      submitAfter = event.submitter || true;
      return;
    }
    if (conflict) return;
    // The post carries this step's fields; what waits for other steps stays on the
    // device (written before the page leaves: IndexedDB is not synchronous).
    event.preventDefault();
    var submitter = event.submitter;
    [pending, refused].forEach(function (map) {
      Object.keys(map).forEach(function (code) {
        if (boxOf(code) || identificationInput(code)) delete map[code];
      });
    });
    remember().then(function () {
      sending = true;
      form.requestSubmit(submitter);
    });
  });
  var sending = false;

// The status box: its words and its colour (saved, waiting, refused).
function tell(box, message, kind) {
  box.textContent = message;
  box.className = "alert py-2 small mb-3 " + ({
    ok: "alert-success", warn: "alert-warning", error: "alert-danger"
  }[kind] || "alert-light border");
}

// The last step ("Vérifier et soumettre"). Offline, asking to submit is kept on the
// device, sent once the answers waiting before it are accepted. Online, answers or a
// submission waiting on this device are sent first; the page then opens again, its
// missing answers counted with them.
function submitStep(submitForm) {
  var device = window.TakwiaDevice;
  var statusBox = document.getElementById("sync-status");
  var id = submitForm.dataset.diagnostic;
  var lock = submitForm.querySelector("[data-lock-version]");
  var csrf = submitForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  var button = submitForm.querySelector("button[type=submit]");
  var msg = submitForm.dataset;
  if (!device) return;
  function waitingWords(record) {
    var words = [];
    if (device.waiting(record)) words.push(msg.msgWaiting.replace("{n}", device.waiting(record)));
    if (record.submit) words.push(msg.msgSubmitWaiting);
    return words.join(" ");
  }
  device.get(id).then(function (stored) {
    if (!stored) return;
    if (!navigator.onLine) {
      tell(statusBox, waitingWords(stored), "warn");
      // This copy counted the missing answers without those typed offline: the server
      // checks again when the submission arrives.
      if (device.waiting(stored)) button.disabled = false;
      return;
    }
    tell(statusBox, msg.msgSending, "warn");
    device.flush(csrf, function (record) { return record.diagnostic === String(id); })
      .then(function (outcomes) {
      var mine = outcomes.filter(function (o) { return o.record.diagnostic === String(id); })[0];
      if (!mine || mine.status === "saved") { window.location.reload(); return; }
      if (mine.status === "submitted") { window.location.assign(mine.url); return; }
      if (mine.status === "not-submitted") {
        tell(statusBox, msg.msgSubmitRefused.replace("{reasons}", mine.errors.join(" ")), "error");
      } else if (mine.status === "offline") {
        tell(statusBox, waitingWords(mine.record), "warn");
      } else {
        tell(statusBox, msg.msgCheckSteps, "error");
      }
    });
  }).catch(function () { /* nothing stored, or no IndexedDB */ });
  submitForm.addEventListener("submit", function (event) {
    if (navigator.onLine) return;
    event.preventDefault();
    device.get(id).then(function (stored) {
      var record = stored || {
        diagnostic: id, save_url: msg.saveUrl, submit_url: submitForm.action,
        lock_version: parseInt(lock.value, 10), answers: {}, refused: {}, base: {}
      };
      record.submit = true;
      return device.put(record).then(function () { tell(statusBox, waitingWords(record), "warn"); });
    });
  });
}
})();
