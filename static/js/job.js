// Follows a generated file's progress without reloading the page (polls the JSON status).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  // The bar's width is set here, not by a style attribute (the CSP refuses those).
  var initial = box.querySelector(".progress-bar");
  initial.style.width = initial.dataset.progress + "%";
  if (box.dataset.finished === "true") return;
  var statusUrl = box.dataset.statusUrl;
  var statusEl = document.getElementById("job-status");
  var messageEl = document.getElementById("job-message");
  var progress = document.getElementById("job-progress");
  var bar = progress.querySelector(".progress-bar");
  var download = document.getElementById("job-download");
  var delay = 1000;

  function show(data) {
    statusEl.textContent = data.status_label;
    messageEl.textContent = data.message;
    progress.setAttribute("aria-valuenow", String(data.progress));
    bar.style.width = data.progress + "%";
    bar.textContent = data.progress + " %";
    if (data.status === "done" && data.download_url) {
      bar.classList.add("bg-success");
      download.href = data.download_url;
      download.classList.remove("d-none");
    }
    if (data.status === "failed") {
      // The retry button is a form: reload once to show it.
      window.location.reload();
    }
  }

  function poll() {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (!data.finished) {
          delay = Math.min(delay * 1.3, 5000);
          window.setTimeout(poll, delay);
        } else {
          var refresh = document.getElementById("job-refresh");
          if (refresh) refresh.remove();
        }
      })
      .catch(function () {
        messageEl.textContent = box.dataset.offline || messageEl.textContent;
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 500);
})();
