// The front page starts with the question: fills the finder's filters (building
// block, carrier, province) from data/vocabularies.json, the number of cases per
// building block from data/cases.json, the newest cases from feed.xml (date added)
// and the most recently updated from cases.json (laatst_gewijzigd). The filters
// lead into /vind/ with the same URL parameters vind.js reads.
(function () {
  "use strict";

  var root = document.querySelector("[data-ww-start]");
  if (!root) return;
  var LISTED = 5;

  var el = window.WijkWijzer.el;

  function ids(values) {
    return (values || []).map(function (value) { return typeof value === "string" ? value : value.id; });
  }

  function casesWord(n) { return n === 1 ? "1 casus" : n + " casussen"; }

  function fill(id, items) {
    var list = document.getElementById(id);
    if (!list || !items.length) return;
    list.textContent = "";
    items.forEach(function (item) { list.appendChild(item); });
  }

  function caseItem(item, note) {
    var li = el("li");
    li.appendChild(el("a", { href: item.url }, item.titel));
    li.appendChild(document.createTextNode(" — " + (item.gemeente || item.provincie || "landelijk") + (note ? " · " + note : "")));
    return li;
  }

  function dateText(iso) {
    var parts = (iso || "").slice(0, 10).split("-");
    return parts.length === 3 ? Number(parts[2]) + "-" + Number(parts[1]) + "-" + parts[0] : "";
  }

  // Empty choices are left out of the address, so "alle" means no filter in /vind/.
  var filters = root.querySelector(".ww-start-filters");
  filters.addEventListener("submit", function () {
    filters.querySelectorAll("select").forEach(function (select) { select.disabled = !select.value; });
    setTimeout(function () {
      filters.querySelectorAll("select").forEach(function (select) { select.disabled = false; });
    }, 0);
  });

  function addedDates(feedText) {
    var added = {};
    var xml = new DOMParser().parseFromString(feedText, "application/xml");
    Array.prototype.forEach.call(xml.getElementsByTagName("entry"), function (entry) {
      var link = entry.getElementsByTagName("link")[0];
      var published = entry.getElementsByTagName("published")[0];
      var match = link && /\/casussen\/([^/]+)\/?$/.exec(link.getAttribute("href") || "");
      if (match && published) added[match[1]] = published.textContent;
    });
    return added;
  }

  Promise.all([
    fetch(root.getAttribute("data-cases")).then(function (r) { return r.json(); }),
    fetch(root.getAttribute("data-vocabularies")).then(function (r) { return r.json(); }),
    fetch(root.getAttribute("data-feed")).then(function (r) { return r.ok ? r.text() : ""; }).catch(function () { return ""; })
  ]).then(function (data) {
    var cases = data[0], vocabularies = data[1], added = data[2] ? addedDates(data[2]) : {};

    root.querySelectorAll("select[data-vocabulary]").forEach(function (select) {
      (vocabularies[select.getAttribute("data-vocabulary")] || []).forEach(function (term) {
        select.appendChild(el("option", { value: term.id }, term.label));
      });
    });

    fill("ww-start-bouwstenen", (vocabularies.bouwstenen || []).map(function (term) {
      var n = cases.filter(function (item) { return ids(item.bouwstenen).indexOf(term.id) !== -1; }).length;
      var li = el("li");
      li.appendChild(el("a", { href: "vind/?bouwsteen=" + encodeURIComponent(term.id) }, term.label));
      li.appendChild(document.createTextNode(" — " + casesWord(n)));
      return li;
    }));

    var newest = cases.filter(function (item) { return added[item.slug]; })
      .sort(function (a, b) { return added[b.slug].localeCompare(added[a.slug]) || a.titel.localeCompare(b.titel); })
      .slice(0, LISTED);
    fill("ww-start-nieuw", newest.map(function (item) {
      return caseItem(item, "toegevoegd " + dateText(added[item.slug]));
    }));

    var updated = cases.filter(function (item) { return item.laatst_gewijzigd; })
      .sort(function (a, b) { return b.laatst_gewijzigd.localeCompare(a.laatst_gewijzigd) || a.titel.localeCompare(b.titel); })
      .slice(0, LISTED);
    fill("ww-start-gewijzigd", updated.map(function (item) {
      return caseItem(item, "bijgewerkt " + dateText(item.laatst_gewijzigd));
    }));
  }).catch(function () {
    // The fallback links in the page stay; the filters still lead to /vind/.
  });
})();
