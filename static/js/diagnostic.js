// Questionnaire entry: saves as the agent types (debounced), keeps unsent answers in
// this browser when the connection drops, sends them when it returns, and refuses to
// overwrite someone else's save (the server answers 409). Works without it too: each
// step's form posts normally.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var saveUrl = form.dataset.saveUrl;
  var storageKey = "takwia:diagnostic:" + form.dataset.diagnostic;
  var statusBox = document.getElementById("sync-status");
  var lockInputs = document.querySelectorAll("[data-lock-version]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var pending = {};        // question code -> value not yet accepted by the server
  var identification = {}; // respondent fields not yet accepted
  var timer = null;
  var inFlight = false;
  var conflict = false;

  function lockVersion() { return parseInt(lockInputs[0].value, 10); }
  function setLockVersion(value) { lockInputs.forEach(function (el) { el.value = value; }); }

  function say(message, kind) {
    statusBox.textContent = message;
    statusBox.className = "alert py-2 small mb-3 " + ({
      ok: "alert-success", warn: "alert-warning", error: "alert-danger"
    }[kind] || "alert-light border");
  }

  function remember() {
    try {
      if (Object.keys(pending).length || Object.keys(identification).length) {
        localStorage.setItem(storageKey, JSON.stringify({
          lock_version: lockVersion(), answers: pending, identification: identification
        }));
      } else {
        localStorage.removeItem(storageKey);
      }
    } catch (e) { /* private mode: the server copy is all we have */ }
  }

  function valueOf(box) {
    var kind = box.dataset.kind;
    var inputs = box.querySelectorAll("input, textarea");
    if (kind === "multiple") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; })
        .map(function (i) { return i.value; });
    }
    if (kind === "yes_no" || kind === "single") {
      var checked = Array.prototype.find.call(inputs, function (i) { return i.checked; });
      return checked ? checked.value : "";
    }
    return inputs[0].value;
  }

  function setValue(box, value) {
    var kind = box.dataset.kind;
    box.querySelectorAll("input, textarea").forEach(function (input) {
      if (kind === "multiple") input.checked = (value || []).indexOf(input.value) !== -1;
      else if (kind === "yes_no" || kind === "single") input.checked = input.value === value;
      else input.value = value;
    });
  }

  function currentAnswers() {
    var answers = {};
    form.querySelectorAll("[data-question]").forEach(function (box) {
      var value = valueOf(box);
      if (box.dataset.kind === "yes_no") value = value === "" ? null : value === "yes";
      else if (box.dataset.kind === "integer" || box.dataset.kind === "scale") value = value === "" ? null : Number(value);
      answers[box.dataset.question] = value;
    });
    return answers;
  }

  function holds(condition, answers) {
    if (!condition || !condition.question) return true;
    if (!(condition.question in answers)) return null; // asked on another step: keep as rendered
    var value = answers[condition.question];
    if (value === null || value === "" || (Array.isArray(value) && !value.length)) return false;
    if ("equals" in condition) return value === condition.equals;
    if ("in" in condition) return condition.in.indexOf(value) !== -1;
    if ("gte" in condition) return value >= condition.gte;
    if ("lte" in condition) return value <= condition.lte;
    if ("contains" in condition) return value.indexOf(condition.contains) !== -1;
    return true;
  }

  function applyConditions() {
    var answers = currentAnswers();
    form.querySelectorAll("[data-question]").forEach(function (box) {
      var shown = holds(JSON.parse(box.dataset.condition || "{}"), answers);
      if (shown !== null) box.classList.toggle("d-none", !shown);
    });
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (el) {
      var message = errors[el.dataset.errorFor] || "";
      el.textContent = message;
      el.classList.toggle("d-block", !!message);
      var box = el.closest("[data-question]") || el.parentElement;
      box.querySelectorAll("input, textarea").forEach(function (i) {
        if (i.type !== "hidden") i.classList.toggle("is-invalid", !!message);
      });
    });
  }

  function showProgress(progress) {
    var asked = 0, answered = 0;
    progress.forEach(function (entry) {
      asked += entry.asked; answered += entry.answered;
      var label = document.querySelector("[data-axis-progress='" + entry.axis + "']");
      if (label) label.textContent = entry.answered + " / " + entry.asked;
    });
    var percent = asked ? Math.round(100 * answered / asked) : 100;
    var bar = document.getElementById("overall-progress");
    bar.setAttribute("aria-valuenow", String(percent));
    bar.firstElementChild.style.width = percent + "%";
    bar.firstElementChild.textContent = percent + " %";
  }

  function send(afterReconnect) {
    if (conflict || inFlight) return;
    if (!Object.keys(pending).length && !Object.keys(identification).length) return;
    if (!navigator.onLine) { say(form.dataset.msgOffline, "warn"); return; }
    var answers = pending, ident = identification;
    pending = {}; identification = {};
    inFlight = true;
    say(form.dataset.msgSaving);
    fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ lock_version: lockVersion(), answers: answers, identification: ident })
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      inFlight = false;
      if (result.status === 409) {
        conflict = true;
        // Keep what was typed here, so it is not lost, but never send it over theirs.
        pending = Object.assign(answers, pending);
        remember();
        say(result.data.error, "error");
        return;
      }
      if (result.status >= 400 && result.status !== 422) {
        say(result.data.error || form.dataset.msgOffline, "error");
        return;
      }
      setLockVersion(result.data.lock_version);
      showErrors(result.data.errors || {});
      showProgress(result.data.progress || []);
      remember();
      var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      say((afterReconnect ? form.dataset.msgResent : form.dataset.msgSaved) + " · " + time, "ok");
      if (Object.keys(pending).length || Object.keys(identification).length) schedule();
    }).catch(function () {
      // Network down mid-request: put the answers back, keep them on this device.
      inFlight = false;
      pending = Object.assign(answers, pending);
      identification = Object.assign(ident, identification);
      remember();
      say(form.dataset.msgOffline, "warn");
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () { send(false); }, 800);
  }

  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  function onChange(event) {
    var target = event.target;
    if (target.dataset.identification !== undefined) {
      identification[target.name] = target.value;
    } else {
      var box = target.closest("[data-question]");
      if (!box) return;
      pending[box.dataset.question] = valueOf(box);
      applyConditions();
    }
    remember();
    if (conflict) return;
    if (!navigator.onLine) { say(form.dataset.msgOffline, "warn"); return; }
    schedule();
  }

  window.addEventListener("offline", function () { say(form.dataset.msgOffline, "warn"); });
  window.addEventListener("online", function () { send(true); });

  // Answers typed on this device and never accepted by the server (connection lost,
  // page closed): put them back in the fields and send them.
  try {
    var stored = JSON.parse(localStorage.getItem(storageKey) || "null");
    if (stored) {
      pending = stored.answers || {};
      identification = stored.identification || {};
      setLockVersion(stored.lock_version);
      Object.keys(pending).forEach(function (code) {
        var box = form.querySelector("[data-question='" + code + "']");
        if (box) setValue(box, pending[code]);
      });
      Object.keys(identification).forEach(function (name) {
        var input = form.querySelector("[name='" + name + "']");
        if (input) input.value = identification[name];
      });
      applyConditions();
      say(form.dataset.msgRestored, "warn");
      if (navigator.onLine) send(true);
    }
  } catch (e) { /* nothing stored */ }

  // A normal submit (next / previous step) sends what is in the fields: nothing pending.
  form.addEventListener("submit", function (event) {
    if (!navigator.onLine) {
      // The next page cannot load: stay here, answers kept on this device.
      event.preventDefault();
      say(form.dataset.msgOffline, "warn");
      return;
    }
    clearTimeout(timer);
    if (!conflict) { pending = {}; identification = {}; remember(); }
  });
})();
