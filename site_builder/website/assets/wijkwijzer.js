// WijkWijzer: progressive enhancements. Every page works without this script.
// Loaded first of the site's scripts: it also holds what the others share
// (window.WijkWijzer: building an element, loading the published data).
(function () {
  "use strict";

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The JSON files named by the root's data attributes, in order, then build(root, ...data);
  // a sentence in the page if they cannot be loaded.
  function loadData(root, attributes, build, failure) {
    Promise.all(attributes.map(function (name) {
      return fetch(root.getAttribute(name)).then(function (response) { return response.json(); });
    })).then(function (data) { build.apply(null, [root].concat(data)); })
      .catch(function () { root.appendChild(el("p", {}, failure)); });
  }

  // The nouns a page's script counts with, from its data-wording attribute
  // (content/wording.py: script_wording), each as [one, many].
  function wording(root) {
    return JSON.parse(root.getAttribute("data-wording") || "{}");
  }

  // "1 casus", "12 casussen": as content/wording.py's count_text says it.
  function count(n, noun) {
    return n + " " + (n === 1 ? noun[0] : noun[1]);
  }

  // The Dutch text a page's script shows, from its template (data-labels).
  function labels(root) {
    return JSON.parse(root.getAttribute("data-labels") || "{}");
  }

  // A label with its {placeholders} filled: fill("Vergelijk {titel}", {titel: "X"}).
  function fill(text, values) {
    return String(text).replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  window.WijkWijzer = { el: el, loadData: loadData, wording: wording, count: count, labels: labels, fill: fill };

  // Case overview: filter the table by quality level (its last column). The
  // page carries an empty hook; the control is built here from the table.
  function setUpQualityFilter() {
    var hook = document.querySelector(".ww-kwaliteitsfilter");
    var table = hook && hook.parentElement.querySelector("table");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    function levelOf(row) {
      return row.lastElementChild ? row.lastElementChild.textContent.trim() : "";
    }
    var counts = {};
    rows.forEach(function (row) { counts[levelOf(row)] = (counts[levelOf(row)] || 0) + 1; });
    var label = document.createElement("label");
    label.setAttribute("for", "ww-kwaliteit");
    label.textContent = "Kwaliteitsniveau ";
    var select = document.createElement("select");
    select.id = "ww-kwaliteit";
    select.appendChild(new Option("alle niveaus", ""));
    Object.keys(counts).sort().forEach(function (level) {
      select.appendChild(new Option(level + " (" + counts[level] + ")", level));
    });
    label.appendChild(select);
    hook.appendChild(label);
    select.value = new URLSearchParams(window.location.search).get("kwaliteit") || "";
    function apply() {
      rows.forEach(function (row) { row.hidden = select.value !== "" && levelOf(row) !== select.value; });
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

  // A generated page (a case, a building block, a province) is in no menu of its own:
  // its breadcrumb names the menu tab it belongs to, and that tab is shown active.
  function markSectionTab() {
    var section = document.querySelector(".ww-kruimelpad .ww-kruimel-tab");
    if (!section || document.querySelector(".md-tabs__item--active")) return;
    Array.prototype.forEach.call(document.querySelectorAll(".md-tabs__link"), function (link) {
      if (link.href === section.href) link.parentElement.classList.add("md-tabs__item--active");
    });
  }

  document.addEventListener("DOMContentLoaded", markSectionTab);

  // Print: collapsed blocks ("Citeer deze casus") belong on paper too.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-ww-print-open", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-ww-print-open]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-ww-print-open");
    });
  });
})();
