// "Wijkscan": a short self-assessment over the building blocks (and carriers), from
// data/wijkscan.json. The answers live only in the address (?<question id>=0|1|2|x),
// so a team can share a result; nothing is sent or stored anywhere. The result
// names the weakest blocks first, with the cases that show them (the source's own
// examples first) and each case's explanation for that block. Every word it shows
// comes from its page (templates/pages/wijkscan.md).
(function () {
  "use strict";

  // The answers a statement takes; their words come from the page (labels.scale).
  var SCALE = ["0", "1", "2", "x"];
  var GROUND_ORDER = { bron: 0, duiding: 1 };
  var MAX_CASES = 5;  // per block in the result, so that it prints on one or two pages

  var el = window.WijkWijzer.el;
  var count = window.WijkWijzer.count;

  function readAnswers(questions) {
    var params = new URLSearchParams(window.location.search);
    var answers = {};
    questions.forEach(function (q) {
      var value = params.get(q.id);
      if (SCALE.indexOf(value) !== -1) answers[q.id] = value;
    });
    return answers;
  }

  function writeAnswers(questions, answers) {
    var params = new URLSearchParams();
    questions.forEach(function (q) { if (answers[q.id]) params.set(q.id, answers[q.id]); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  // The average answer in words: labels.score holds "0", "1" and "2".
  function scaleLabel(labels, score) {
    return labels.score[score < 0.67 ? "0" : score < 1.34 ? "1" : "2"];
  }

  function build(root, questions, cases, vocabularies) {
    var siteRoot = root.getAttribute("data-site-root") || "";
    var grounds = JSON.parse(root.getAttribute("data-grounds") || "{}");
    var words = window.WijkWijzer.wording(root);
    var labels = window.WijkWijzer.labels(root);
    var fill = window.WijkWijzer.fill;
    var answers = readAnswers(questions);
    var terms = [];  // [{kind, id, label, questions}] in the order of the questions file
    questions.forEach(function (q) {
      var term = terms.filter(function (t) { return t.kind === q.soort && t.id === q.term; })[0];
      if (!term) {
        var entry = (vocabularies[q.soort] || []).filter(function (v) { return v.id === q.term; })[0];
        term = { kind: q.soort, id: q.term, label: entry ? entry.label : q.term, url: entry ? entry.url : "",
                 plainQuestion: entry ? entry.vraag : null, questions: [] };
        terms.push(term);
      }
      term.questions.push(q);
    });

    var form = el("form", { "class": "ww-wijkscan-form", "aria-label": labels.form });
    var skip = el("p", { "class": "ww-wijkscan-skip" });
    skip.appendChild(el("a", { href: "#uitslag" }, labels.skip));
    form.appendChild(skip);
    var lastKind = null;
    terms.forEach(function (term) {
      if (term.kind !== lastKind) {
        form.appendChild(el("h2", { "class": "ww-wijkscan-kind" }, labels.kinds[term.kind] || term.kind));
        lastKind = term.kind;
      }
      var section = el("section", { "class": "ww-wijkscan-term", "data-term": term.id });
      var h3 = el("h3");
      h3.appendChild(el("a", { href: siteRoot + term.url }, term.label));
      section.appendChild(h3);
      // What the term is about in plain words (schema/*.yml `vraag`), before its statements.
      if (term.plainQuestion) section.appendChild(el("p", { "class": "ww-wijkscan-vraag" }, term.plainQuestion));
      term.questions.forEach(function (q) {
        var fieldset = el("fieldset", { "class": "ww-wijkscan-question", "data-question": q.id });
        var legend = el("legend", {}, q.vraag + " ");
        legend.appendChild(el("span", { "class": "ww-bronvermelding" }, fill(labels.essayPage, { pagina: q.pagina })));
        fieldset.appendChild(legend);
        SCALE.forEach(function (value) {
          var id = "ww-" + q.id + "-" + value;
          var label = el("label", { "for": id });
          var input = el("input", { type: "radio", id: id, name: q.id, value: value });
          input.checked = answers[q.id] === value;
          label.appendChild(input);
          label.appendChild(document.createTextNode(" " + labels.scale[value]));
          fieldset.appendChild(label);
        });
        section.appendChild(fieldset);
      });
      form.appendChild(section);
    });
    var reset = el("button", { type: "button", "class": "md-button" }, labels.reset);
    form.appendChild(reset);

    var result = el("section", { "class": "ww-wijkscan-result", id: "ww-wijkscan-uitslag", "aria-labelledby": "uitslag" });
    root.appendChild(form);
    root.appendChild(result);

    function casesFor(term) {
      var found = [];
      cases.forEach(function (item) {
        var tag = (item[term.kind] || []).filter(function (t) { return t.id === term.id; })[0];
        if (tag) found.push({ item: item, tag: tag });
      });
      return found.sort(function (a, b) {
        var ga = a.tag.grond in GROUND_ORDER ? GROUND_ORDER[a.tag.grond] : 2;
        var gb = b.tag.grond in GROUND_ORDER ? GROUND_ORDER[b.tag.grond] : 2;
        return ga - gb || a.item.titel.localeCompare(b.item.titel, "nl");
      });
    }

    function renderResult() {
      result.textContent = "";
      result.appendChild(el("h2", { id: "uitslag" }, labels.result));
      var scored = [], unsure = 0, answered = 0;
      terms.forEach(function (term) {
        var values = [];
        term.questions.forEach(function (q) {
          var a = answers[q.id];
          if (a) answered++;
          if (a === "x") unsure++;
          else if (a) values.push(parseInt(a, 10));
        });
        if (values.length) {
          var sum = values.reduce(function (x, y) { return x + y; }, 0);
          scored.push({ term: term, score: sum / values.length });
        }
      });
      if (!answered) {
        result.appendChild(el("p", {}, labels.nothingAnswered));
        return;
      }
      var attention = scored.filter(function (s) { return s.score < 2; })
        .sort(function (a, b) { return a.score - b.score; });
      result.appendChild(el("p", {}, fill(labels.answered,
        { beantwoord: answered, stellingen: count(questions.length, words.stelling) })));
      if (unsure) {
        result.appendChild(el("p", {}, fill(labels.unsure, { stellingen: count(unsure, words.stelling) })));
      }
      if (!attention.length) {
        result.appendChild(el("p", {}, labels.allTrue));
        return;
      }
      var withCarriers = attention.some(function (s) { return s.term.kind !== "bouwstenen"; });
      result.appendChild(el("p", {}, withCarriers ? labels.attentionWithCarriers : labels.attention));
      var list = el("ol", { "class": "ww-wijkscan-attention" });
      attention.forEach(function (entry) {
        var term = entry.term;
        var li = el("li", { "data-term": term.id });
        li.appendChild(el("h3", {}, fill(labels.termScore, { term: term.label, oordeel: scaleLabel(labels, entry.score) })));
        var more = el("p");
        more.appendChild(el("a", { href: siteRoot + term.url }, fill(labels.more, { term: term.label.toLowerCase() })));
        li.appendChild(more);
        var found = casesFor(term);
        if (!found.length) {
          li.appendChild(el("p", {}, labels.noCases));
        } else {
          li.appendChild(el("p", {}, labels.cases));
          var ul = el("ul", { "class": "ww-wijkscan-cases" });
          found.slice(0, MAX_CASES).forEach(function (hit) {
            var item = el("li", { "data-slug": hit.item.slug });
            var strong = el("strong");
            strong.appendChild(el("a", { href: siteRoot + hit.item.url }, hit.item.titel));
            item.appendChild(strong);
            var ground = hit.tag.grond || "geen";
            item.appendChild(document.createTextNode(" "));
            item.appendChild(el("span", { "class": "ww-grond ww-grond-" + ground }, grounds[ground] || ""));
            if (hit.tag.toelichting) item.appendChild(el("p", { "class": "ww-toelichting" }, hit.tag.toelichting));
            ul.appendChild(item);
          });
          li.appendChild(ul);
          if (found.length > MAX_CASES) {
            li.appendChild(el("p", {}, fill(labels.moreCases,
              { aantal: found.length - MAX_CASES, term: term.label.toLowerCase() })));
          }
        }
        list.appendChild(li);
      });
      result.appendChild(list);
    }

    function update() {
      writeAnswers(questions, answers);
      renderResult();
    }

    form.addEventListener("change", function (event) {
      answers[event.target.name] = event.target.value;
      update();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    reset.addEventListener("click", function () {
      answers = {};
      form.querySelectorAll("input").forEach(function (input) { input.checked = false; });
      update();
    });
    update();
  }

  function start() {
    var root = document.getElementById("ww-wijkscan");
    if (!root) return;
    window.WijkWijzer.loadData(root, ["data-wijkscan", "data-cases", "data-vocabularies"], build,
                               window.WijkWijzer.labels(root).failed);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
