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

  var options = { baseUrl: new URL(siteRoot).pathname, excerptLength: 24 };

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

  function clear(total) {
    list.textContent = "";
    say(total === 0 ? "Geen resultaten" : total === 1 ? "1 resultaat" : total + " resultaten");
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
    var excerpt = document.createElement("p");
    // Pagefind's excerpt is escaped page text with <mark> around the hits.
    excerpt.innerHTML = data.excerpt;
    article.appendChild(title);
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

  // Resolves when Pagefind's search has ended; the results' fragments follow.
  function run(query, ticket) {
    mark("start");
    var searched = load().then(function (module) { return module.search(query); });
    searched.then(function (found) {
      mark("gezocht");
      if (ticket !== latest) return null;  // superseded by newer typing
      mark("gevonden");
      clear(found.results.length);
      var show = function (previous, next) {
        return previous.then(function () { return next; }).then(function (data) {
          if (ticket !== latest) return;
          list.appendChild(resultItem(data));
          if (list.children.length === 1) mark("getoond");
        });
      };
      // The best result's fragment first, alone: it does not share the connection
      // and Pagefind's worker with nine others. Then the next nine at once, shown in
      // rank order as they arrive.
      if (!found.results.length) return null;
      return show(Promise.resolve(), found.results[0].data()).then(function () {
        if (ticket !== latest) return null;
        return found.results.slice(1, 10).map(function (r) { return r.data(); }).reduce(show, Promise.resolve());
      });
    }).catch(function () {
      say("Zoeken is niet beschikbaar: de zoekindex ontbreekt.");
    });
    return searched.catch(function () {});
  }

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
