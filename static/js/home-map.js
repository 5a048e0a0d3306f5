// A home page's map, when it was not yet in the cache: fetched after the page is
// shown (the page keeps its query budget); the link inside stays for readers
// without JavaScript, and if the fetch fails.
(function () {
  "use strict";
  document.querySelectorAll("[data-map-fragment]").forEach(function (holder) {
    fetch(holder.getAttribute("data-map-fragment"), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        holder.innerHTML = html;
        holder.removeAttribute("aria-busy");
      })
      .catch(function () {
        holder.removeAttribute("aria-busy");
      });
  });
})();
