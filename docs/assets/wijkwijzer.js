// WijkWijzer: progressive enhancements. Every page works without this script.
(function () {
  "use strict";

  // Case overview: filter the table by quality level (the last column).
  function setUpQualityFilter() {
    var box = document.querySelector('[data-ww-filter="kwaliteit"]');
    if (!box) return;
    var select = box.querySelector("select");
    var table = box.parentElement.querySelector("table");
    if (!select || !table) return;
    box.hidden = false;
    var wanted = new URLSearchParams(window.location.search).get("kwaliteit") || "";
    select.value = wanted;
    function apply() {
      var level = select.value;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var cell = row.lastElementChild;
        var label = cell ? cell.textContent.trim() : "";
        row.hidden = level !== "" && label !== level;
      });
    }
    select.addEventListener("change", function () {
      var url = new URL(window.location.href);
      if (select.value) url.searchParams.set("kwaliteit", select.value);
      else url.searchParams.delete("kwaliteit");
      window.history.replaceState(null, "", url);
      apply();
    });
    apply();
  }

  document.addEventListener("DOMContentLoaded", setUpQualityFilter);
})();
