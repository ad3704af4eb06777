// Site search in the header, answered by Pagefind's chunked static index.
// Pagefind (pagefind/pagefind.js, an ES module) is loaded on first focus and
// fetches only the index chunks a query needs, so the first result needs far
// less than the whole index. Dutch stemming comes from <html lang="nl">.
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

  function load() {
    if (!pagefind) {
      pagefind = import(moduleUrl).then(function (module) {
        return module.options({ baseUrl: new URL(siteRoot).pathname, excerptLength: 24 })
          .then(function () { module.init(); return module; });
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

  function render(results, total) {
    list.textContent = "";
    say(total === 0 ? "Geen resultaten" : total === 1 ? "1 resultaat" : total + " resultaten");
    results.forEach(function (data) {
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
      list.appendChild(item);
    });
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.textContent = "";
      say("Typ om te beginnen met zoeken");
      return;
    }
    load().then(function (module) {
      return module.debouncedSearch(query, {}, 40);
    }).then(function (found) {
      if (found === null || ticket !== latest) return null;  // superseded by newer typing
      return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); }))
        .then(function (data) { if (ticket === latest) render(data, found.results.length); });
    }).catch(function () {
      say("Zoeken is niet beschikbaar: de zoekindex ontbreekt.");
    });
  }

  input.addEventListener("focus", open);
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
