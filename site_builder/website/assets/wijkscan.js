// "Wijkscan": a short self-assessment over the building blocks (and carriers), from
// data/wijkscan.json. The answers live only in the address (?<question id>=0|1|2|x),
// so a team can share a result; nothing is sent or stored anywhere. The result
// names the weakest blocks first, with the cases that show them (the source's own
// examples first) and each case's explanation for that block.
(function () {
  "use strict";

  var SCALE = [
    { value: "0", label: "klopt niet" },
    { value: "1", label: "deels" },
    { value: "2", label: "klopt" },
    { value: "x", label: "weet ik niet" }
  ];
  var KIND_HEADINGS = { bouwstenen: "Bouwstenen", dragers: "Dragers (naar keuze)" };
  var GROUND_ORDER = { bron: 0, duiding: 1 };
  var MAX_CASES = 5;  // per block in the result, so that it prints on one or two pages

  var el = window.WijkWijzer.el;
  var count = window.WijkWijzer.count;

  function readAnswers(questions) {
    var params = new URLSearchParams(window.location.search);
    var answers = {};
    questions.forEach(function (q) {
      var value = params.get(q.id);
      if (SCALE.some(function (s) { return s.value === value; })) answers[q.id] = value;
    });
    return answers;
  }

  function writeAnswers(questions, answers) {
    var params = new URLSearchParams();
    questions.forEach(function (q) { if (answers[q.id]) params.set(q.id, answers[q.id]); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function scaleLabel(score) {
    if (score < 0.67) return "klopt niet";
    if (score < 1.34) return "deels";
    return "klopt grotendeels";
  }

  function build(root, questions, cases, vocabularies) {
    var siteRoot = root.getAttribute("data-site-root") || "";
    var grounds = JSON.parse(root.getAttribute("data-grounds") || "{}");
    var words = window.WijkWijzer.wording(root);
    var answers = readAnswers(questions);
    var terms = [];  // [{kind, id, label, questions}] in the order of the questions file
    questions.forEach(function (q) {
      var term = terms.filter(function (t) { return t.kind === q.soort && t.id === q.term; })[0];
      if (!term) {
        var entry = (vocabularies[q.soort] || []).filter(function (v) { return v.id === q.term; })[0];
        term = { kind: q.soort, id: q.term, label: entry ? entry.label : q.term, url: entry ? entry.url : "",
                 questions: [] };
        terms.push(term);
      }
      term.questions.push(q);
    });

    var form = el("form", { "class": "ww-wijkscan-form", "aria-label": "Stellingen van de wijkscan" });
    var skip = el("p", { "class": "ww-wijkscan-skip" });
    skip.appendChild(el("a", { href: "#uitslag" }, "Direct naar de uitslag"));
    form.appendChild(skip);
    var lastKind = null;
    terms.forEach(function (term) {
      if (term.kind !== lastKind) {
        form.appendChild(el("h2", { "class": "ww-wijkscan-kind" }, KIND_HEADINGS[term.kind] || term.kind));
        lastKind = term.kind;
      }
      var section = el("section", { "class": "ww-wijkscan-term", "data-term": term.id });
      var h3 = el("h3");
      h3.appendChild(el("a", { href: siteRoot + term.url }, term.label));
      section.appendChild(h3);
      term.questions.forEach(function (q) {
        var fieldset = el("fieldset", { "class": "ww-wijkscan-question", "data-question": q.id });
        var legend = el("legend", {}, q.vraag + " ");
        legend.appendChild(el("span", { "class": "ww-bronvermelding" }, "(essay, p. " + q.pagina + ")"));
        fieldset.appendChild(legend);
        SCALE.forEach(function (option) {
          var id = "ww-" + q.id + "-" + option.value;
          var label = el("label", { "for": id });
          var input = el("input", { type: "radio", id: id, name: q.id, value: option.value });
          input.checked = answers[q.id] === option.value;
          label.appendChild(input);
          label.appendChild(document.createTextNode(" " + option.label));
          fieldset.appendChild(label);
        });
        section.appendChild(fieldset);
      });
      form.appendChild(section);
    });
    var reset = el("button", { type: "button", "class": "md-button" }, "Antwoorden wissen");
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
      result.appendChild(el("h2", { id: "uitslag" }, "Uitslag"));
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
        result.appendChild(el("p", {}, "Beantwoord hierboven een of meer stellingen; de uitslag verschijnt dan hier."));
        return;
      }
      var attention = scored.filter(function (s) { return s.score < 2; })
        .sort(function (a, b) { return a.score - b.score; });
      result.appendChild(el("p", {}, answered + " van " + count(questions.length, words.stelling) + " beantwoord. " +
        "Kopieer het adres van deze pagina om de uitslag te delen."));
      if (unsure) {
        result.appendChild(el("p", {}, "Bij " + count(unsure, words.stelling) +
          " weet u het (nog) niet: ook dat is een goed gespreksonderwerp."));
      }
      if (!attention.length) {
        result.appendChild(el("p", {}, "Alle beantwoorde stellingen kloppen volgens u. Bespreek met uw team of iedereen dat zo ziet."));
        return;
      }
      var withCarriers = attention.some(function (s) { return s.term.kind !== "bouwstenen"; });
      result.appendChild(el("p", {}, (withCarriers ? "Deze bouwstenen en dragers" : "Deze bouwstenen") +
        " vragen als eerste aandacht, de zwakste bovenaan:"));
      var list = el("ol", { "class": "ww-wijkscan-attention" });
      attention.forEach(function (entry) {
        var term = entry.term;
        var li = el("li", { "data-term": term.id });
        li.appendChild(el("h3", {}, term.label + " — volgens u: " + scaleLabel(entry.score)));
        var more = el("p");
        more.appendChild(el("a", { href: siteRoot + term.url }, "Meer over " + term.label.toLowerCase()));
        li.appendChild(more);
        var found = casesFor(term);
        if (!found.length) {
          li.appendChild(el("p", {}, "Nog geen praktijkvoorbeelden met deze bouwsteen."));
        } else {
          li.appendChild(el("p", {}, "Praktijkvoorbeelden (voorbeelden uit de bron eerst):"));
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
            li.appendChild(el("p", {}, "En nog " + (found.length - MAX_CASES) + " op de pagina over " + term.label.toLowerCase() + "."));
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
      "De vragen konden niet geladen worden. Lees over de bouwstenen op de pagina Bouwstenen.");
  }

  document.addEventListener("DOMContentLoaded", start);
})();
