"""The CLI's search: a Whoosh index of the cases in `.wijkwijzer/index/`.

One module per job: `analysis` (Dutch words to terms), `schema` (the fields),
`documents` (what is indexed of a case), `index` (build and update, incremental
by content hash), `bulk` (the segment writer of rebuilds and updates), `codec`
(how segments are encoded), `freshness` (is the index current? cheap enough for
every search; where the index is read from), `postings` (posting lists and field
lengths read in bulk), `facets` (which cases hold each facet value, remembered per
segment), `query` (the query language), `scoring` (BM25 over the
postings), `snippets` (marked snippets), `searcher` (answering a request) and
`commands` (what `wijkwijzer index` and `wijkwijzer search` call). A search on
a current index imports only `commands`, `freshness`, `searcher` and what they
need: never the case loader or Pydantic. Only this package imports Whoosh. The published
site does not use this index: it searches with Pagefind (see `website.site_search`).
Reads `content` and `derive`; of `website` only its URL scheme (`website.urls`, to
print a hit's address); never `authoring`.
"""
