// WijkWijzer overview pages (/overzicht/): sort the timeline by start year or by
// length. Without this script the timeline is ordered by start year and shows
// no buttons; the order chosen here is kept in the address (?sortering=looptijd).
(function () {
  "use strict";

  function number(row, name) {
    return parseInt(row.getAttribute("data-" + name), 10);
  }

  var ORDERS = [
    { key: "beginjaar", label: "beginjaar", compare: function (a, b) {
      return number(a, "start") - number(b, "start") || number(a, "volgorde") - number(b, "volgorde");
    } },
    { key: "looptijd", label: "looptijd (langste eerst)", compare: function (a, b) {
      return number(b, "lengte") - number(a, "lengte") || number(a, "volgorde") - number(b, "volgorde");
    } }
  ];

  function setUpTimelineSort() {
    var chart = document.getElementById("ww-tijdlijn");
    var box = document.getElementById("ww-tijdlijn-sortering");
    if (!chart || !box) return;
    var rows = Array.prototype.slice.call(chart.querySelectorAll("g.ww-tijdlijn-rij"));
    // The rows arrive in start-year order; their positions are the slots to fill.
    var slots = rows.map(function (row) { return row.getAttribute("transform"); });
    var buttons = {};

    function apply(order, remember) {
      rows.slice().sort(order.compare).forEach(function (row, index) {
        row.setAttribute("transform", slots[index]);
        chart.appendChild(row); // document order follows the picture, for screen readers
      });
      ORDERS.forEach(function (each) {
        buttons[each.key].setAttribute("aria-pressed", String(each === order));
      });
      if (remember) {
        var url = new URL(window.location.href);
        if (order === ORDERS[0]) url.searchParams.delete("sortering");
        else url.searchParams.set("sortering", order.key);
        window.history.replaceState(null, "", url);
      }
    }

    var label = document.createElement("span");
    label.textContent = "Sorteer op:";
    box.appendChild(label);
    ORDERS.forEach(function (order) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = order.label;
      button.setAttribute("data-sortering", order.key);
      button.addEventListener("click", function () { apply(order, true); });
      buttons[order.key] = button;
      box.appendChild(button);
    });
    var wanted = new URLSearchParams(window.location.search).get("sortering");
    apply(ORDERS.filter(function (order) { return order.key === wanted; })[0] || ORDERS[0], false);
  }

  document.addEventListener("DOMContentLoaded", setUpTimelineSort);
})();
