// Site search in the header, answered by Pagefind's chunked static index.
// Pagefind (pagefind/pagefind.js, an ES module) fetches only the index chunks a
// query needs, so the first result needs far less than the whole index. Dutch
// stemming comes from <html lang="nl">.
//
// Pagefind's script, its web worker, WebAssembly and index metadata (together
// some 200 kB, cached afterwards) load before the first key press: when the
// browser is idle after the page has loaded, or as soon as the reader points
// at or focuses the search box, whichever comes first, followed by one search
// ahead to get Pagefind's code compiled. A first query then only waits for the
// index chunks of its words and their search. With the browser's data saver on,
// only pointing or focusing loads them.
//
// What it finds (issue 28; the measured reasons in site_search.py's docstring):
// cases and terms before the listings and overviews that repeat them (two
// searches by page kind, merged by weighted score), contributor pages only when
// asked for, the pages holding most of the words when none holds them all, and a
// close word (or a compound's parts) for a word that occurs nowhere.
(function () {
  "use strict";

  var root = document.querySelector("[data-ww-search]");
  if (!root) return;
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector(".md-search__form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var moduleUrl = new URL(root.getAttribute("data-ww-pagefind"), document.baseURI).href;
  var siteRoot = new URL("..", moduleUrl).href;
  var pagefind = null;
  var latest = 0;

  // What a page says it is about, in a word or two, counts more than a word in its text:
  // a case's themes (metadata `themas`) and a term's search words (`zoekwoorden`), both
  // set in theme/partials/wijkwijzer-head.html, weigh 3 in Pagefind's boost for metadata
  // matches (the page title keeps Pagefind's own 5), as the CLI's bonus fields do
  // (site_builder/search/schema.py). Measured with benchmarks/relevance_site.py: the
  // case whose theme is "woningcorporaties" first for "woningcorporatie" (it was not in
  // the top 8), 54 instead of 52 of the 57 best answers in the top 3; themes at 2 gave 53,
  // at 5 52 (the term pages then fell below cases with the term as a theme).
  // The synonyms and compound heads of the title and the themes (`titelvormen`,
  // `themavormen`, site_search_words.py) weigh as the title (5) and a little less than
  // a theme itself (2): the case Volkshuisvestingsfonds is about a 'fonds', so it comes
  // first for "subsidie", while a case that names the fund among its themes is less about
  // money. Measured: title words 5 with theme words 1, 1.5, 2 or 2.5: 57/57; theme words 3:
  // 55/57 (the term page Middelen fell to fourth for "geld"); title words 3: 56/57.
  var META_WEIGHTS = { themas: 3, zoekwoorden: 3, titelvormen: 5, themavormen: 2 };
  var options = { baseUrl: new URL(siteRoot).pathname, excerptLength: 24, ranking: { metaWeights: META_WEIGHTS } };

  // Pagefind and the list of the index's further parts: a large site is indexed
  // in parts (site_search.py), merged here; they share the first part's WebAssembly.
  function load() {
    if (!pagefind) {
      var parts = fetch(new URL("delen.json", moduleUrl).href)
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
      pagefind = import(moduleUrl).then(function (module) {
        return module.options(options).then(function () {
          module.init();
          return parts;
        }).then(function (list) {
          // One search ahead, in the first part only (it starts before the others
          // are merged): Pagefind's WebAssembly and scripts are compiled and
          // optimised on their first searches, which would otherwise make the
          // reader's first query slower than the next (Pagefind's own part of it two
          // to three times at 1,000 cases). The word is one the first part holds
          // (site_search.py); it costs one index chunk of that part, no results.
          if (list.opwarmen) module.search(list.opwarmen).catch(function () {});
          return Promise.all((list.delen || []).map(function (part) {
            return module.mergeIndex(new URL(part, moduleUrl).pathname, options);
          }));
        }).then(function () { mark("klaar"); return module; });
      });
    }
    return pagefind;
  }

  function open() {
    if (toggle) toggle.checked = true;
    load();
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  function say(text) {
    meta.textContent = text;
  }

  // One result as Material's result markup: title and Pagefind's excerpt.
  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    // A case starts with its summary (Pagefind's metadata field `samenvatting`, set by
    // theme/main.html), then where the words stand; other pages with the excerpt alone.
    if (data.meta && data.meta.samenvatting) {
      var lead = document.createElement("p");
      lead.textContent = data.meta.samenvatting;
      article.appendChild(lead);
    }
    var excerpt = document.createElement("p");
    if (data.meta && data.meta.samenvatting) excerpt.className = "ww-zoek-fragment";
    // Pagefind's excerpt is escaped page text with <mark> around the hits.
    excerpt.innerHTML = data.excerpt;
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  // A query runs after this pause in typing. Not Pagefind's debouncedSearch: that
  // preloads the index chunks of every intermediate prefix ("b", "be", "bew", ...)
  // at once, most of them never needed. Preloading only from the third letter on
  // was slower still at 5,000 cases (first result about 570 against 430 ms): the worker
  // that searches is busy with the preloads of the prefixes when the word is typed.
  var PAUSE_MS = 60;
  var pending = null;
  // One search at a time. Pagefind searches the parts of a large index one after
  // the other in one web worker and cannot stop a search once begun: searches for
  // every pause in someone's typing ("b", "be", "bew", ...) would queue up there,
  // and the last, wanted one wait for all of them. While a search runs, further
  // typing only waits; when it ends, the words typed by then are searched.
  var busy = false;

  // Marks on the performance timeline (DevTools, benchmarks/site_benchmark.py):
  // where the time between a key press and the first result goes.
  function mark(name) {
    if (window.performance && performance.mark) performance.mark("zoeken:" + name);
  }

  // The query whose results are all shown, for tests and the relevance benchmark.
  function done(query) {
    root.setAttribute("data-ww-gezocht", query);
    return null;
  }

  function search() {
    mark("invoer");
    var query = input.value.trim();
    ++latest;
    clearTimeout(pending);
    pending = null;
    if (!query) {
      list.textContent = "";
      say("Typ om te beginnen met zoeken");
      return;
    }
    pending = setTimeout(function () { pending = null; runLatest(); }, PAUSE_MS);
  }

  function runLatest() {
    var query = input.value.trim();
    if (busy || !query) return;
    busy = true;
    var ticket = latest;
    run(query, ticket).then(function () {
      busy = false;
      // Typed on while it ran, and not still typing: search what is there now.
      if (ticket !== latest && pending === null) runLatest();
    });
  }

  // Page kinds (Pagefind's filter `soort`, set by theme/main.html) and what a page
  // of each kind counts in the ranking. Readers look for cases and the terms of the
  // knowledge model (building blocks, carriers, steps, provinces); overviews,
  // listings and the essay's long knowledge pages (which go over every term) repeat
  // what those pages say, so their score counts about a third: they come after the
  // cases and terms, yet still first when nothing else holds the words. Measured
  // with benchmarks/relevance_site.py: the knowledge pages among the readers' kinds
  // gave 41 instead of 42 of the 57 best answers in the top 3, precision 0.75
  // instead of 0.79; no groups at all (a factor of 1) 40 and 0.73.
  // Contributor documentation is searched only when the reader asks for it (the
  // option in the search box, on by default on the contributor pages themselves).
  // The kinds of each group are named in theme/partials/search.html.
  function kinds(group) {
    return (root.getAttribute("data-ww-soorten-" + group) || "").split(" ").filter(Boolean);
  }
  var READING = kinds("lezen");
  var LISTING_FACTOR = 0.35;
  var contributors = root.querySelector("[data-ww-zoek-bijdragen]");

  function groups() {
    var listing = kinds("overzicht");
    if (contributors && contributors.checked) listing = listing.concat(kinds("bijdragen"));
    return [{ kinds: READING, factor: 1 }, { kinds: listing, factor: LISTING_FACTOR }];
  }

  // One Pagefind search per group of kinds, merged by weighted score: a list of
  // {result, score}, best first. Pagefind's scores are comparable across the two
  // searches (the same index, the same query); the filter only leaves pages out.
  function ranked(module, query) {
    return Promise.all(groups().map(function (group) {
      return module.search(query, { filters: { soort: { any: group.kinds } } }).then(function (found) {
        return found.results.map(function (result) {
          return { result: result, score: result.score * group.factor };
        });
      });
    })).then(function (lists) {
      return lists[0].concat(lists[1]).sort(function (a, b) { return b.score - a.score; });
    });
  }

  // Pages that hold some of the words, when none holds them all: most words first,
  // then the summed score of the words they hold.
  function partial(perWord) {
    var byPage = {};
    perWord.forEach(function (list) {
      list.forEach(function (hit) {
        var page = byPage[hit.result.id];
        if (!page) page = byPage[hit.result.id] = { result: hit.result, words: 0, score: 0 };
        page.words += 1;
        page.score += hit.score;
      });
    });
    return Object.keys(byPage).map(function (id) { return byPage[id]; }).sort(function (a, b) {
      return b.words - a.words || b.score - a.score;
    });
  }

  // What the search box shows for a query: the results, whether they hold only part
  // of the words, and the words that occur nowhere with a close word that does.
  // When every word is found together, that is all (`checkWords` then looks for a
  // word Pagefind left out, after the results are shown); else each word is searched
  // on its own, for the pages that hold some of them and the words that none holds.
  function answer(module, query, isRetry) {
    var words = query.split(/\s+/).filter(Boolean);
    return ranked(module, query).then(function (all) {
      if (all.length) return { results: all, checkWords: words.length > 1 };
      var perWord = words.length < 2 ? Promise.resolve([all])
        : Promise.all(words.map(function (word) { return ranked(module, word); }));
      return perWord.then(function (lists) {
        var unknown = words.filter(function (_word, i) { return !lists[i].length; });
        var results = partial(lists);
        var found = { results: results, partial: results.length > 0 };
        if (!unknown.length) return found;
        return suggestions(unknown).then(function (pairs) {
          found.suggestions = pairs;
          var close = pairs.filter(function (pair) { return pair[1]; });
          if (results.length || !close.length || isRetry) return found;
          // Nothing at all: search the close words instead, and say so.
          var instead = words.map(function (word) {
            var match = close.filter(function (pair) { return pair[0] === word; })[0];
            return match ? match[1] : word;
          }).join(" ");
          return answer(module, instead, true).then(function (other) {
            other.insteadOf = query;
            other.instead = instead;
            return other;
          });
        });
      });
    });
  }

  // Pagefind leaves a word that occurs nowhere out of a query silently; the close words
  // for such words of a query whose other words were found (one plain search per word,
  // its index chunks mostly loaded by the query's own search already).
  function checkWords(module, query) {
    var words = query.split(/\s+/).filter(Boolean);
    return Promise.all(words.map(function (word) { return module.search(word); })).then(function (found) {
      var unknown = words.filter(function (_word, i) { return !found[i].results.length; });
      return unknown.length ? suggestions(unknown) : [];
    });
  }

  // For each word that occurs nowhere, [the word, a close word that does occur or null]:
  // from the site's word list (pagefind/woorden.json, written by site_search.py,
  // fetched only when a word is not found) the commonest word within an edit or two,
  // else the word split into words of the site.
  var wordList = null;
  function suggestions(unknown) {
    if (!wordList) {
      wordList = fetch(new URL("woorden.json", moduleUrl).href)
        .then(function (response) { return response.ok ? response.json() : { woorden: [] }; })
        .catch(function () { return { woorden: [] }; });
    }
    return wordList.then(function (list) {
      return unknown.map(function (word) {
        var folded = fold(word);
        var limit = folded.length < 6 ? 1 : 2;
        var best = null;
        (list.woorden || []).forEach(function (entry) {
          if (Math.abs(entry[0].length - folded.length) > limit || entry[0] === folded) return;
          var distance = editDistance(folded, entry[0], limit);
          if (distance <= limit && (!best || distance < best.distance ||
              (distance === best.distance && entry[1] > best.count))) {
            best = { word: entry[0], distance: distance, count: entry[1] };
          }
        });
        if (best) return [word, best.word];
        // No close word: perhaps a compound the site writes apart ("langetermijn").
        var known = {};
        (list.woorden || []).forEach(function (entry) { known[entry[0]] = true; });
        var parts = splitCompound(folded, known);
        return [word, parts ? parts.join(" ") : null];
      });
    });
  }

  // The parts of a compound, each a word of the site, or null: the same rule as the
  // CLI's analysis (site_builder/search/word_forms.py, split_compound): at least 7
  // letters, parts of 3 or more, the head longest first, with or without a linking
  // "s", "e" or "en"; the tail may itself be a compound.
  var MIN_COMPOUND = 7, MIN_PART = 3, LINKS = ["", "s", "e", "en"];
  function splitCompound(word, known) {
    if (word.length < MIN_COMPOUND) return null;
    for (var cut = word.length - MIN_PART; cut >= MIN_PART; cut--) {
      var head = word.slice(0, cut), rest = word.slice(cut);
      if (!known[head]) continue;
      for (var i = 0; i < LINKS.length; i++) {
        if (rest.indexOf(LINKS[i]) !== 0) continue;
        var tail = rest.slice(LINKS[i].length);
        if (tail.length < MIN_PART) continue;
        if (known[tail]) return [head, tail];
        var deeper = splitCompound(tail, known);
        if (deeper) return [head].concat(deeper);
      }
    }
    return null;
  }

  // Lower case without accents, as the word list is written.
  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // Edit distance (insertions, deletions, substitutions, swaps of two neighbours),
  // stopping early once every path exceeds `limit`.
  function editDistance(a, b, limit) {
    var previous2 = null, previous = [], i, j;
    for (j = 0; j <= b.length; j++) previous[j] = j;
    for (i = 1; i <= a.length; i++) {
      var row = [i], smallest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j], previous2[j - 2] + 1);
        }
        if (row[j] < smallest) smallest = row[j];
      }
      if (smallest > limit) return limit + 1;
      previous2 = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // The line above the results (a live region: screen readers hear it).
  function summary(found) {
    var total = found.results.length;
    var parts = [total === 0 ? "Geen resultaten" : total === 1 ? "1 resultaat" : total + " resultaten"];
    if (found.insteadOf) parts.push("geen resultaten voor ‘" + found.insteadOf + "’; wel voor ‘" + found.instead + "’");
    if (found.partial) parts.push("geen resultaten met alle woorden; resultaten met een deel ervan");
    return parts.join(" · ");
  }

  // The words that occur nowhere, each with "Bedoelde u …?" where there is a close
  // word: a button searches it instead. `shownWithout`: the results are those of the
  // other words.
  function suggestionItem(query, pairs, shownWithout) {
    var item = document.createElement("li");
    item.className = "md-search-result__item ww-zoek-suggestie";
    pairs.forEach(function (pair, index) {
      item.appendChild(document.createTextNode((index ? " " : "") + "‘" + pair[0] + "’ staat nergens" +
        (pair[1] ? ". Bedoelde u " : shownWithout ? "; de resultaten zijn zonder dat woord." : ".")));
      if (!pair[1]) return;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = pair[1];
      button.addEventListener("click", function () {
        input.value = query.split(/\s+/).map(function (word) { return word === pair[0] ? pair[1] : word; }).join(" ");
        input.focus();
        search();
      });
      item.appendChild(button);
      item.appendChild(document.createTextNode("?"));
    });
    return item;
  }

  // Resolves when Pagefind's search has ended; the results' fragments follow.
  function run(query, ticket) {
    mark("start");
    var searched = load().then(function (module) { return answer(module, query); });
    searched.then(function (found) {
      mark("gezocht");
      if (ticket !== latest) return null;  // superseded by newer typing
      mark("gevonden");
      list.textContent = "";
      say(summary(found));
      if (found.suggestions && found.suggestions.length && !found.insteadOf) {
        list.appendChild(suggestionItem(query, found.suggestions, found.results.length > 0));
      }
      var results = found.results.map(function (hit) { return hit.result; });
      var show = function (previous, next) {
        return previous.then(function () { return next; }).then(function (data) {
          if (ticket !== latest) return;
          list.appendChild(resultItem(data));
          if (list.querySelectorAll("a.md-search-result__link").length === 1) mark("getoond");
        });
      };
      // The best result's fragment first, alone: it does not share the connection
      // and Pagefind's worker with nine others. Then the next nine at once, shown in
      // rank order as they arrive.
      if (!results.length) return done(query);
      return show(Promise.resolve(), results[0].data()).then(function () {
        if (ticket !== latest) return null;
        return results.slice(1, 10).map(function (r) { return r.data(); }).reduce(show, Promise.resolve());
      }).then(function () {
        if (ticket !== latest || !found.checkWords) return null;
        return load().then(function (module) { return checkWords(module, query); }).then(function (close) {
          if (ticket === latest && close.length) list.insertBefore(suggestionItem(query, close, true), list.firstChild);
        });
      }).then(function () { if (ticket === latest) done(query); });
    }).catch(function () {
      say("Zoeken is niet beschikbaar: de zoekindex ontbreekt.");
    });
    return searched.catch(function () {});
  }

  if (contributors) contributors.addEventListener("change", function () { search(); });
  input.addEventListener("focus", open);
  // Focus that moves on from the search box to the page closes it: the page's control
  // would otherwise lie under the search's overlay (WCAG 2.2, 2.4.11).
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget) && toggle && toggle.checked) close();
  });
  root.addEventListener("pointerenter", load);
  var saveData = navigator.connection && navigator.connection.saveData;
  if (!saveData) {
    var idle = window.requestIdleCallback || function (callback) { setTimeout(callback, 1000); };
    var whenIdle = function () { idle(function () { load(); }, { timeout: 3000 }); };
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
  }
  input.addEventListener("input", search);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(search, 0);
    close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) close();
    // "/" or "s" jumps to the search box, as in Material.
    if ((event.key === "/" || event.key === "s") && document.activeElement === document.body) {
      event.preventDefault();
      input.focus();
    }
  });
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });

  // A search form elsewhere (the front page, the 404 page) sends its words as ?q=:
  // open the search box with them and show the results.
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    open();
    input.focus();
    // Search once Pagefind has finished loading: a query sent while it starts finds nothing.
    load().then(function () { setTimeout(search, 100); });
  }
})();
