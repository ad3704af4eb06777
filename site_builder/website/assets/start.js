// The front page starts with the question: fills the finder's filters (building
// block, carrier, province) from data/vocabularies.json, and the number of cases per
// building block, the newest and the most recently updated cases from
// data/start.json (site_data.front_page_data: a few kilobytes, where cases.json
// holds every case in full; its addresses, counts and dates are worded there, in
// Python). The filters lead into /vind/ with the same URL parameters vind.js reads.
(function () {
  "use strict";

  var root = document.querySelector("[data-ww-start]");
  if (!root) return;

  var el = window.WijkWijzer.el;

  function fill(id, items) {
    var list = document.getElementById(id);
    if (!list || !items.length) return;
    list.textContent = "";
    items.forEach(function (item) { list.appendChild(item); });
  }

  function caseItem(item) {
    var li = el("li");
    li.appendChild(el("a", { href: item.url }, item.titel));
    li.appendChild(document.createTextNode(" — " + item.toelichting));
    return li;
  }

  // Empty choices are left out of the address, so "alle" means no filter in /vind/.
  var filters = root.querySelector(".ww-start-filters");
  filters.addEventListener("submit", function () {
    filters.querySelectorAll("select").forEach(function (select) { select.disabled = !select.value; });
    setTimeout(function () {
      filters.querySelectorAll("select").forEach(function (select) { select.disabled = false; });
    }, 0);
  });

  // Pages written before data/start.json name data/cases.json; the summary lives beside it.
  var summaryUrl = root.getAttribute("data-summary") ||
    (root.getAttribute("data-cases") || "data/cases.json").replace(/cases\.json$/, "start.json");

  Promise.all([
    fetch(summaryUrl).then(function (r) { return r.json(); }),
    fetch(root.getAttribute("data-vocabularies")).then(function (r) { return r.json(); })
  ]).then(function (data) {
    var summary = data[0], vocabularies = data[1];

    root.querySelectorAll("select[data-vocabulary]").forEach(function (select) {
      (vocabularies[select.getAttribute("data-vocabulary")] || []).forEach(function (term) {
        select.appendChild(el("option", { value: term.id }, term.label));
      });
    });

    // Each building block with its question in plain words (schema/bouwstenen.yml `vraag`).
    var questions = {};
    (vocabularies.bouwstenen || []).forEach(function (term) { questions[term.id] = term.vraag; });
    fill("ww-start-bouwstenen", (summary.bouwstenen || []).map(function (term) {
      var li = el("li", { "data-term": term.id });
      li.appendChild(el("a", { href: term.url }, term.label));
      li.appendChild(document.createTextNode(" — " + term.aantal_tekst));
      if (questions[term.id]) li.appendChild(el("span", { "class": "ww-start-vraag" }, questions[term.id]));
      return li;
    }));
    fill("ww-start-nieuw", (summary.nieuw || []).map(caseItem));
    fill("ww-start-gewijzigd", (summary.gewijzigd || []).map(caseItem));
  }).catch(function () {
    // The fallback links in the page stay; the filters still lead to /vind/.
  });
})();
