// "Casussen vergelijken": two or three cases side by side, from data/cases.json.
// The choice lives in the address (?casussen=a,b,c) so it can be shared; an unknown
// slug is named and ignored. Rows where the cases differ carry the class
// ww-differs and the text "≠ verschilt" (never colour alone). Nothing is sent anywhere.
// Every word the page shows comes from its template (templates/pages/compare.md).
(function () {
  "use strict";

  var MAX = 3;
  var KINDS = ["bouwstenen", "dragers", "stappen"];  // fields of cases.json and data/vocabularies.json

  var el = window.WijkWijzer.el;
  var count = window.WijkWijzer.count;
  var fill = window.WijkWijzer.fill;
  var labels = {};  // the page's words, set in build()

  // `choice`: the address parameter holding the chosen cases (urls.COMPARE_CHOICE).
  function readSlugs(choice) {
    var value = new URLSearchParams(window.location.search).get(choice) || "";
    return value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function writeSlugs(choice, slugs) {
    var query = slugs.length ? "?" + choice + "=" + slugs.map(encodeURIComponent).join(",") : "";
    window.history.replaceState(null, "", window.location.pathname + query);
  }

  // Markdown of a lesson or section as plain text: emphasis marks and link targets dropped.
  // The five entities HTML escaping writes are read back as their characters; the
  // result is only ever set as text (textContent), so "<b>" shows as "<b>".
  var ENTITIES = { "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&amp;": "&" };

  function plain(markdown) {
    return String(markdown).replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]+/g, "")
      .replace(/&(lt|gt|quot|#39|amp);/g, function (entity) { return ENTITIES[entity]; });
  }

  function factRows(chosen) {
    function place(item) {
      return [item.wijk, item.plaats].filter(Boolean).join(", ");
    }
    function parties(item) {
      return (item.partijen || []).map(function (p) { return p.rol ? p.naam + " (" + p.rol + ")" : p.naam; });
    }
    return [
      { label: labels.place, cells: chosen.map(function (c) { return { text: place(c) }; }) },
      { label: labels.scale, cells: chosen.map(function (c) { return { text: c.schaal || "—" }; }) },
      { label: labels.period, cells: chosen.map(function (c) { return { text: c.periode_tekst || "—" }; }) },
      { label: labels.parties, cells: chosen.map(function (c) { return { list: parties(c), text: parties(c).join("; ") }; }) }
    ];
  }

  // One row per section written only from a source (content/case_sections.py): its text
  // from `secties` in cases.json, Markdown shown as plain text (set as text, never as HTML).
  // A section none of the chosen cases has gets no row.
  function sectionRows(chosen, sections) {
    return sections.filter(function (section) {
      return chosen.some(function (item) { return (item.secties || {})[section.key]; });
    }).map(function (section) {
      return {
        label: section.label,
        cells: chosen.map(function (item) {
          var text = (item.secties || {})[section.key];
          return text ? { paragraphs: plain(text).split(/\n\s*\n/), text: text }
                      : { missing: labels.missingSection, text: "" };
        })
      };
    });
  }

  function tagRows(chosen, field, terms, siteRoot, grounds) {
    return terms.map(function (term) {
      return {
        label: term.label, href: siteRoot + term.url,
        cells: chosen.map(function (item) {
          var tag = (item[field] || []).filter(function (t) { return t.id === term.id; })[0];
          if (!tag) return { ground: "niet", groundText: grounds.niet, text: "" };
          var ground = tag.grond || "geen";
          return { ground: ground, groundText: grounds[ground], text: tag.toelichting || "",
                   source: tag.bron, page: tag.pagina };
        })
      };
    });
  }

  function differs(row) {
    var keys = row.cells.map(function (cell) { return (cell.ground || "") + "|" + cell.text; });
    return keys.some(function (key) { return key !== keys[0]; });
  }

  function fillCell(node, cell) {
    if (cell.groundText) {
      var badge = el("span", { "class": "ww-grond ww-grond-" + cell.ground }, cell.groundText);
      if (cell.source) badge.textContent += ", bron " + cell.source + (cell.page ? ", p. " + cell.page : "");
      node.appendChild(badge);
    }
    if (cell.missing) {
      node.appendChild(el("p", { "class": "ww-compare-missing" }, cell.missing));
    } else if (cell.paragraphs) {
      cell.paragraphs.forEach(function (text) { node.appendChild(el("p", {}, text.trim())); });
    } else if (cell.list) {
      var ul = el("ul");
      cell.list.forEach(function (text) { ul.appendChild(el("li", {}, text)); });
      node.appendChild(ul);
    } else if (cell.text) {
      node.appendChild(el("p", {}, cell.text));
    }
  }

  function rowHeading(row) {
    var th = el("th", { scope: "row" });
    if (row.href) th.appendChild(el("a", { href: row.href }, row.label));
    else th.appendChild(document.createTextNode(row.label));
    if (row.differs) th.appendChild(el("span", { "class": "ww-differs-mark" }, " " + labels.differs));
    return th;
  }

  function renderTable(chosen, groups, siteRoot) {
    var table = el("table", { "class": "ww-compare-table", id: "ww-vergelijking" });
    table.appendChild(el("caption", {}, fill(labels.caption, { titels: chosen.map(function (c) { return c.titel; }).join(", ") })));
    var head = el("thead");
    var tr = el("tr");
    tr.appendChild(el("td"));
    chosen.forEach(function (item) {
      var th = el("th", { scope: "col", "data-slug": item.slug });
      th.appendChild(el("a", { href: siteRoot + item.url }, item.titel));
      tr.appendChild(th);
    });
    head.appendChild(tr);
    table.appendChild(head);
    groups.forEach(function (group) {
      var body = el("tbody");
      var groupRow = el("tr", { "class": "ww-compare-group" });
      groupRow.appendChild(el("th", { scope: "rowgroup", colspan: String(chosen.length + 1) }, group.heading));
      body.appendChild(groupRow);
      group.rows.forEach(function (row) {
        var tr = el("tr", row.differs ? { "class": "ww-differs" } : {});
        tr.appendChild(rowHeading(row));
        row.cells.forEach(function (cell, i) {
          var td = el("td", { "data-slug": chosen[i].slug });
          fillCell(td, cell);
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
    });
    var wrapper = el("div", { "class": "ww-compare-wide" });
    wrapper.appendChild(table);
    return wrapper;
  }

  // On a phone the columns become sections: one per case, the same rows as a list.
  function renderSections(chosen, groups, siteRoot) {
    var wrapper = el("div", { "class": "ww-compare-narrow" });
    chosen.forEach(function (item, i) {
      var section = el("section", { "class": "ww-compare-case", "data-slug": item.slug });
      var h2 = el("h2");
      h2.appendChild(el("a", { href: siteRoot + item.url }, item.titel));
      section.appendChild(h2);
      groups.forEach(function (group) {
        section.appendChild(el("h3", {}, group.heading));
        var dl = el("dl");
        group.rows.forEach(function (row) {
          var dt = el("dt", row.differs ? { "class": "ww-differs" } : {}, row.label);
          if (row.differs) dt.appendChild(el("span", { "class": "ww-differs-mark" }, " " + labels.differs));
          var dd = el("dd", row.differs ? { "class": "ww-differs" } : {});
          fillCell(dd, row.cells[i]);
          dl.appendChild(dt);
          dl.appendChild(dd);
        });
        section.appendChild(dl);
      });
      wrapper.appendChild(section);
    });
    return wrapper;
  }

  function build(root, cases, vocabularies) {
    // Columns side by side need the width: this page (only this one) prints landscape.
    document.head.appendChild(el("style", { media: "print" }, "@page { size: A4 landscape; margin: 12mm; }"));
    var siteRoot = root.getAttribute("data-site-root") || "";
    var grounds = JSON.parse(root.getAttribute("data-grounds") || "{}");
    var sections = JSON.parse(root.getAttribute("data-sections") || "[]");
    var choice = root.getAttribute("data-choice");
    var words = window.WijkWijzer.wording(root);
    labels = window.WijkWijzer.labels(root);
    // A Map, not an object: a key from the address such as "__proto__" or "constructor"
    // is then no case at all, not a property every object inherits.
    var bySlug = new Map();
    cases.forEach(function (item) { bySlug.set(item.slug, item); });
    var asked = readSlugs(choice);
    var unknown = asked.filter(function (slug) { return !bySlug.has(slug); });
    var slugs = asked.filter(function (slug, i) { return bySlug.has(slug) && asked.indexOf(slug) === i; });
    var dropped = slugs.slice(MAX);
    slugs = slugs.slice(0, MAX);

    var notice = el("div", { "class": "ww-compare-notice", role: "status", id: "ww-vergelijk-melding" });
    if (unknown.length) {
      notice.appendChild(el("p", { "class": "admonition warning ww-unknown" },
        fill(labels.unknown, { slugs: unknown.map(function (s) { return "‘" + s + "’"; }).join(", ") })));
    }
    if (dropped.length) {
      notice.appendChild(el("p", { "class": "admonition warning" },
        fill(labels.tooMany, { aantal: count(MAX, words.casus), slugs: dropped.join(", ") })));
    }

    var form = el("form", { "class": "ww-compare-picker", "aria-label": labels.pick });
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", {}, labels.pickLegend));
    var hint = el("p", { "class": "ww-compare-hint", id: "ww-vergelijk-hint" });
    fieldset.appendChild(hint);
    var inputs = [];
    cases.slice().sort(function (a, b) { return a.titel.localeCompare(b.titel, "nl"); }).forEach(function (item) {
      var id = "ww-vergelijk-" + item.slug;
      var label = el("label", { "for": id });
      var input = el("input", { type: "checkbox", id: id, name: choice, value: item.slug,
                                "aria-describedby": "ww-vergelijk-hint" });
      input.checked = slugs.indexOf(item.slug) !== -1;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + item.titel));
      label.appendChild(el("span", { "class": "ww-count" }, " — " + item.plaats));
      fieldset.appendChild(label);
      inputs.push(input);
    });
    form.appendChild(fieldset);
    var output = el("div", { "class": "ww-compare-output", id: "ww-vergelijk-uitkomst" });
    root.appendChild(notice);
    root.appendChild(form);
    root.appendChild(output);

    function update() {
      var full = slugs.length >= MAX;
      inputs.forEach(function (input) { input.disabled = full && !input.checked; });
      hint.textContent = fill(full ? labels.chosenFull : labels.chosen, { gekozen: slugs.length, hoogstens: MAX });
      output.textContent = "";
      writeSlugs(choice, slugs);
      var chosen = slugs.map(function (slug) { return bySlug.get(slug); });
      if (chosen.length < 2) {
        output.appendChild(el("p", { "class": "ww-compare-empty" },
          chosen.length ? labels.pickOneMore : labels.pickTwo));
        return;
      }
      var groups = [{ heading: labels.facts, rows: factRows(chosen) }];
      var told = sectionRows(chosen, sections);
      if (told.length) groups.push({ heading: labels.sections, rows: told });
      KINDS.forEach(function (field) {
        groups.push({ heading: labels.kinds[field],
                      rows: tagRows(chosen, field, vocabularies[field] || [], siteRoot, grounds) });
      });
      groups.push({ heading: labels.lessons, rows: [{ label: labels.lessons, cells: chosen.map(function (c) {
        var lessons = (c.lessen || []).map(plain);
        return { list: lessons.length ? lessons : [labels.noLessons], text: lessons.join("|") };
      }) }] });
      groups.forEach(function (group) { group.rows.forEach(function (row) { row.differs = differs(row); }); });
      var differing = 0;
      groups.forEach(function (group) { group.rows.forEach(function (row) { if (row.differs) differing++; }); });
      output.appendChild(el("h2", { id: "vergelijking" }, labels.heading));
      output.appendChild(el("p", { "class": "ww-compare-summary" },
        fill(labels.differingSummary, { aantal: count(differing, words.verschil) })));
      output.appendChild(renderTable(chosen, groups, siteRoot));
      output.appendChild(renderSections(chosen, groups, siteRoot));
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      var at = slugs.indexOf(input.value);
      if (input.checked && at === -1 && slugs.length < MAX) slugs.push(input.value);
      if (!input.checked && at !== -1) slugs.splice(at, 1);
      input.checked = slugs.indexOf(input.value) !== -1;
      update();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    update();
  }

  function start() {
    var root = document.getElementById("ww-compare");
    if (!root) return;
    window.WijkWijzer.loadData(root, ["data-cases", "data-vocabularies"], build,
                               window.WijkWijzer.labels(root).failed);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
