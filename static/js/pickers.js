// Searchable selects (Tom Select, vendored under static/vendor): a <select> marked
// data-picker="search" becomes a field one types into, with the chosen items as
// removable tags. Keyboard: type to filter, arrows and Enter to pick, Backspace to
// remove the last item; a plain click can no longer wipe a multiple selection.
// Without JavaScript the plain <select> stays usable.
(function () {
  "use strict";
  if (typeof window.TomSelect === "undefined") return;
  var rtl = document.documentElement.dir === "rtl";
  var ar = document.documentElement.lang === "ar";
  var words = ar
    ? { none: "لا نتيجة", placeholder: "اكتبوا للبحث…", remove: "إزالة" }
    : { none: "Aucun résultat", placeholder: "Tapez pour chercher…", remove: "Retirer" };
  document.querySelectorAll("select[data-picker='search']").forEach(function (select) {
    var multiple = select.multiple;
    // Read before Tom Select points the label at its own field.
    var label = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
    var name = label ? label.textContent.trim() : select.getAttribute("aria-label") || "";
    new window.TomSelect(select, {
      plugins: multiple ? { remove_button: { title: words.remove } } : {},
      maxOptions: 200,
      // Filter at each key: Tom Select waits 300 ms by default, and an Enter typed
      // within them picked the first option of the unfiltered list (a coordinator
      // invited for Khénifra was given Agadir-Ida-Ou-Tanane).
      refreshThrottle: 0,
      placeholder: words.placeholder,
      allowEmptyOption: !multiple,
      closeAfterSelect: !multiple,
      render: {
        no_results: function () {
          return '<div class="no-results">' + words.none + "</div>";
        },
      },
      onInitialize: function () {
        if (rtl) this.wrapper.setAttribute("dir", "rtl");
        // The typed field carries the label of the original select, which is now
        // only a carrier of the value (hidden from assistive technologies).
        if (name) this.control_input.setAttribute("aria-label", name);
        select.setAttribute("aria-hidden", "true");
      },
    });
  });
})();
