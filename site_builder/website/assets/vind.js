// "Vind praktijkvoorbeelden": filter all cases client-side, from data/cases.json.
// Within a group of tags (bouwstenen, dragers, stappen) a case must have every
// chosen tag; provinces are alternatives; "actief in" keeps programmes that ran
// in that year as far as the sources show (the field `actief` of cases.json).
// "Alleen voorbeelden uit de bron" counts only tags the source itself gives the case
// as an example of. The filters live in the URL, so a view can be shared. Every word
// and address the finder shows comes from its page (templates/pages/finder.md).
(function () {
  "use strict";

  // Each group's address parameter (`key`, urls.FINDER_PARAMETERS) and legend come from the page.
  var GROUPS = [
    { field: "bouwstenen", vocabulary: "bouwstenen", all: true, tags: true },
    { field: "dragers", vocabulary: "dragers", all: true, tags: true },
    { field: "stappen", vocabulary: "stappen", all: true, tags: true },
    { field: "provincie_id", vocabulary: "provincies", all: false },
    { field: "kwaliteit", vocabulary: "kwaliteit", all: false },
    { field: "controlestatus", vocabulary: "controle", all: false }
  ];

  var el = window.WijkWijzer.el;
  var count = window.WijkWijzer.count;
  var fill = window.WijkWijzer.fill;

  // The ids of a case in one group; tags are objects {id, grond, ...}.
  function valuesOf(item, group, sourceOnly) {
    var value = item[group.field];
    var values = Array.isArray(value) ? value : value ? [value] : [];
    if (!group.tags) return values;
    return values
      .filter(function (tag) { return !sourceOnly || tag.grond === "bron"; })
      .map(function (tag) { return typeof tag === "string" ? tag : tag.id; });
  }

  // `actief` is [first, last] year, both counted, as content.models.Case.active_years
  // defines them (the timeline and the CLI read the same); null without a start year.
  function activeIn(item, year) {
    return Array.isArray(item.actief) && item.actief[0] <= year && year <= item.actief[1];
  }

  function matches(item, state, skipGroup) {
    for (var i = 0; i < GROUPS.length; i++) {
      var group = GROUPS[i];
      if (group.key === skipGroup) continue;
      var chosen = state[group.key];
      if (!chosen.length) continue;
      var has = valuesOf(item, group, state.bron);
      var ok = group.all
        ? chosen.every(function (id) { return has.indexOf(id) !== -1; })
        : chosen.some(function (id) { return has.indexOf(id) !== -1; });
      if (!ok) return false;
    }
    if (skipGroup !== "jaar" && state.jaar && !activeIn(item, state.jaar)) return false;
    return true;
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    GROUPS.forEach(function (group) { state[group.key] = params.getAll(group.key); });
    var year = parseInt(params.get("actief") || "", 10);
    state.jaar = isNaN(year) ? null : year;
    state.bron = params.get("bron") === "1";
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    GROUPS.forEach(function (group) {
      state[group.key].forEach(function (id) { params.append(group.key, id); });
    });
    if (state.jaar) params.set("actief", String(state.jaar));
    if (state.bron) params.set("bron", "1");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function build(root, cases, vocabularies) {
    var siteRoot = root.getAttribute("data-site-root") || "";
    var compareAddress = root.getAttribute("data-compare");
    var words = window.WijkWijzer.wording(root);
    var labels = window.WijkWijzer.labels(root);
    var parameters = JSON.parse(root.getAttribute("data-parameters") || "{}");
    GROUPS.forEach(function (group) {
      group.key = parameters[group.vocabulary];
      group.legend = labels.legends[group.vocabulary];
    });
    var state = readState();
    var form = el("form", { "class": "ww-finder-filters", "aria-label": labels.filters, id: "ww-finder-filters" });
    var countInputs = [];

    GROUPS.forEach(function (group) {
      var terms = vocabularies[group.vocabulary] || [];
      var fieldset = el("fieldset", { "class": "ww-finder-group" });
      fieldset.appendChild(el("legend", {}, group.legend));
      terms.forEach(function (term) {
        var id = "ww-" + group.key + "-" + term.id;
        var label = el("label", { "for": id });
        var input = el("input", { type: "checkbox", id: id, name: group.key, value: term.id });
        input.checked = state[group.key].indexOf(term.id) !== -1;
        var count = el("span", { "class": "ww-count" });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + term.label + " "));
        label.appendChild(count);
        fieldset.appendChild(label);
        // The term's question in plain words (schema/*.yml `vraag`), under its name.
        if (term.vraag) {
          var question = el("span", { "class": "ww-finder-vraag", id: id + "-vraag" }, term.vraag);
          input.setAttribute("aria-describedby", question.id);
          fieldset.appendChild(question);
        }
        countInputs.push({ group: group, term: term, input: input, count: count });
      });
      form.appendChild(fieldset);
    });

    var yearSet = el("fieldset", { "class": "ww-finder-group" });
    yearSet.appendChild(el("legend", {}, labels.period));
    var yearLabel = el("label", { "for": "ww-actief" }, labels.activeIn + " ");
    var yearInput = el("input", { type: "number", id: "ww-actief", name: "actief", min: "1900", max: "2100",
                                  inputmode: "numeric", placeholder: labels.yearExample });
    if (state.jaar) yearInput.value = String(state.jaar);
    yearLabel.appendChild(yearInput);
    yearSet.appendChild(yearLabel);
    form.appendChild(yearSet);

    var groundSet = el("fieldset", { "class": "ww-finder-group" });
    groundSet.appendChild(el("legend", {}, labels.ground));
    var groundLabel = el("label", { "for": "ww-bron" });
    var groundInput = el("input", { type: "checkbox", id: "ww-bron", name: "bron", value: "1" });
    groundInput.checked = state.bron;
    groundLabel.appendChild(groundInput);
    groundLabel.appendChild(document.createTextNode(" " + labels.sourceOnly));
    groundSet.appendChild(groundLabel);
    groundSet.appendChild(el("p", { "class": "ww-finder-uitleg" }, labels.sourceOnlyExplained));
    form.appendChild(groundSet);

    var reset = el("button", { type: "button", "class": "md-button" }, labels.reset);
    form.appendChild(reset);

    var summary = el("p", { "class": "ww-finder-summary", "aria-live": "polite", id: "ww-finder-aantal" });
    var list = el("ul", { "class": "ww-finder-results", id: "ww-finder-resultaten" });
    // The count, the downloads and the list, beside the filters on a wide screen and
    // brought into view after a change on a narrow one.
    var outcome = el("div", { "class": "ww-finder-uitkomst" });
    var downloads = el("p", { "class": "ww-finder-download" });
    outcome.appendChild(summary);
    // On a narrow screen the filters are above, out of view once a change brought the results.
    var back = el("p", { "class": "ww-finder-terug" });
    back.appendChild(el("a", { href: "#" + form.id }, labels.backToFilters));
    outcome.appendChild(back);
    outcome.appendChild(downloads);
    outcome.appendChild(list);
    root.classList.add("ww-finder-klaar");
    root.appendChild(form);
    root.appendChild(outcome);
    var hits = [];
    downloads.appendChild(document.createTextNode(labels.download + ": "));
    [["csv", "text/csv", selectionCsv], ["json", "application/json", selectionJson]].forEach(function (kind, index) {
      if (index) downloads.appendChild(document.createTextNode(" · "));
      var link = el("a", { href: "#", download: labels.fileName + "." + kind[0], "data-formaat": kind[0] },
                    labels["download_" + kind[0]]);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        saveFile(labels.fileName + "." + kind[0], kind[1], kind[2](hits));
      });
      downloads.appendChild(link);
    });

    function update() {
      countInputs.forEach(function (entry) {
        var group = entry.group;
        var chosen = state[group.key];
        var n = 0;
        cases.forEach(function (item) {
          if (!matches(item, state, group.key)) return;
          var has = valuesOf(item, group, state.bron);
          var withThis = chosen.indexOf(entry.term.id) === -1 ? chosen.concat([entry.term.id]) : chosen;
          var ok = group.all
            ? withThis.every(function (id) { return has.indexOf(id) !== -1; })
            : has.indexOf(entry.term.id) !== -1;
          if (ok) n++;
        });
        entry.count.textContent = "(" + n + ")";
      });
      hits = cases.filter(function (item) { return matches(item, state, null); });
      summary.textContent = fill(labels.found, { aantal: count(hits.length, words.casus) });
      list.textContent = "";
      hits.forEach(function (item) {
        var li = el("li", { "data-slug": item.slug });
        var link = el("a", { href: siteRoot + item.url }, item.titel);
        var heading = el("strong");
        heading.appendChild(link);
        li.appendChild(heading);
        li.appendChild(el("span", { "class": "ww-finder-meta" },
          " — " + item.plaats + " · " + item.periode_tekst));
        li.appendChild(el("p", {}, item.samenvatting));
        var compare = el("p", { "class": "ww-finder-compare" });
        compare.appendChild(el("a", { href: compareAddress + encodeURIComponent(item.slug),
                                      "aria-label": fill(labels.compareCase, { titel: item.titel }) },
                                      labels.compare));
        li.appendChild(compare);
        list.appendChild(li);
      });
      writeState(state);
    }

    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target === groundInput) {
        state.bron = groundInput.checked;
      } else if (target.type === "checkbox") {
        var chosen = state[target.name];
        var at = chosen.indexOf(target.value);
        if (target.checked && at === -1) chosen.push(target.value);
        if (!target.checked && at !== -1) chosen.splice(at, 1);
      }
      update();
      bringResultsIntoView(outcome);
    });
    yearInput.addEventListener("input", function () {
      var year = parseInt(yearInput.value, 10);
      state.jaar = isNaN(year) ? null : year;
      update();
    });
    // A year is typed digit by digit: the results come into view once it is complete.
    yearInput.addEventListener("change", function () { bringResultsIntoView(outcome); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    reset.addEventListener("click", function () {
      GROUPS.forEach(function (group) { state[group.key] = []; });
      state.jaar = null;
      yearInput.value = "";
      state.bron = false;
      groundInput.checked = false;
      countInputs.forEach(function (entry) { entry.input.checked = false; });
      update();
    });
    update();
    // Arriving with filters chosen elsewhere (the front page, a shared address): the results first.
    if (window.location.search) bringResultsIntoView(outcome);
  }

  // The count and the first results in view, below the sticky header (CSS scroll-margin-top);
  // nothing moves when they are in view already (the filters beside them on a wide screen).
  function bringResultsIntoView(outcome) {
    var box = outcome.getBoundingClientRect();
    var first = outcome.querySelector("li");
    var bottom = first ? first.getBoundingClientRect().top + 48 : box.top + 48;
    if (box.top >= 0 && bottom <= window.innerHeight) return;
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    outcome.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
  }

  // --- "Download deze selectie": the chosen cases as cases.csv and cases.json have them ---

  // The columns of cases.csv (codebook.csv_columns): [name, place in a cases.json record],
  // and how it writes a list in a cell and which first characters make a cell a formula
  // (codebook.csv_format): such a cell gets a leading apostrophe, as codebook.inert_cell does.
  var csvColumns = [];
  var csvFormat = { separator: "", formula_starts: [] };

  function listItem(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/\\/g, "\\\\").replace(/;/g, "\\;");
  }

  // Empty for null; a number or truth value as JSON spells it (as codebook's cells do).
  function scalar(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  // One cell, by its place in a record: a key, "key.sub", "list[].sub" or "actief[0]".
  function cellValue(record, path) {
    var parts = path.split(".");
    var head = parts[0];
    var index = /^(.+)\[(\d+)\]$/.exec(head);
    if (index) {
      var list = record[index[1]];
      return Array.isArray(list) ? scalar(list[parseInt(index[2], 10)]) : "";
    }
    if (head.slice(-2) === "[]") {
      return (record[head.slice(0, -2)] || []).map(function (item) { return listItem(item[parts[1]]); })
        .join(csvFormat.separator);
    }
    var value = record[head];
    if (parts.length > 1) value = (value || {})[parts[1]];
    if (Array.isArray(value)) return value.map(listItem).join(csvFormat.separator);
    return scalar(value);
  }

  function csvCell(text) {
    if (text && csvFormat.formula_starts.indexOf(text.charAt(0)) >= 0) text = "'" + text;
    return /[",\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  function csvLine(cells) {
    return cells.map(csvCell).join(",") + "\r\n";
  }

  function selectionCsv(records) {
    var header = csvColumns.map(function (column) { return column[0]; });
    return [header.join(",") + "\r\n"].concat(records.map(function (record) {
      return csvLine(csvColumns.map(function (column) { return cellValue(record, column[1]); }));
    })).join("");
  }

  function selectionJson(records) {
    return JSON.stringify(records);
  }

  function saveFile(name, type, text) {
    var address = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var link = el("a", { href: address, download: name });
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(address); }, 1000);
  }

  function start() {
    var root = document.getElementById("ww-finder");
    if (!root) return;
    csvColumns = JSON.parse(root.getAttribute("data-csv-columns") || "[]");
    csvFormat = JSON.parse(root.getAttribute("data-csv-format") || "{}");
    window.WijkWijzer.loadData(root, ["data-cases", "data-vocabularies"], build,
                               window.WijkWijzer.labels(root).failed);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
