// Only in `wijkwijzer serve`: the errors of the last save, on every page.
// The preview keeps showing the previous version of a broken case; this banner says
// why, with each error located as the terminal gives it (path:line:col: CODE message).
(function () {
  var status = new URL("../data/preview.json", document.currentScript.src);

  function show(data) {
    if (!data.fouten || !data.fouten.length) { return; }
    var el = window.WijkWijzer.el;
    var banner = el("section", { "class": "ww-preview-errors", role: "alert", "aria-labelledby": "ww-preview-errors-title" });
    banner.appendChild(el("h2", { id: "ww-preview-errors-title" },
      "Preview: " + data.fouten.length + (data.fouten.length === 1 ? " fout" : " fouten") + " in de casusbestanden"));
    if (data.vorige_versie && data.vorige_versie.length) {
      banner.appendChild(el("p", {}, "Tot de fouten zijn opgelost, toont de preview de vorige versie van: "
        + data.vorige_versie.join(", ") + "."));
    }
    var list = el("ul");
    data.fouten.slice(0, 20).forEach(function (error) { list.appendChild(el("li", {}, error.tekst)); });
    banner.appendChild(list);
    var target = document.querySelector(".md-content__inner") || document.querySelector("main") || document.body;
    target.insertBefore(banner, target.firstChild);
  }

  fetch(status, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(show)
    .catch(function () { /* no status: nothing to show */ });
})();
