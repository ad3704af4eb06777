"""The CLI's search: a Whoosh index of the cases in `.wijkwijzer/index/`.

One module per job: `analysis` (Dutch words to terms), `word_forms` (the extra
words a text is found by: word forms from `word_forms.yml`, synonyms from
`synonyms.yml` and compound parts, shared with the site search), `schema` (the fields and their ranking weights),
`documents` (what is indexed of a case, its tags' names, search words and
explanations included), `expansion` (what a query word reaches: compounds both
ways, a close word for a word found nowhere), `index` (build and update with
Whoosh's own writers, incremental by content hash), `freshness` (is the index
current? cheap enough for every search; where the index is read from), `query`
(the query language), `snippets` (marked snippets), `searcher` (answering a
request with Whoosh's searcher) and `commands` (what `wijkwijzer index` and
`wijkwijzer search` call). Whoosh is used through its public API only: its
field types, analysers, writers, searcher, queries and columns, never its
private names or file format. A search on a current index imports only
`commands`, `freshness`, `searcher` and what they need: never the case loader
or Pydantic. Only this package imports Whoosh. The published site does not use
this index: it searches with Pagefind (see `website.site_search`). Reads
`content` and `derive`; of `website` only its URL scheme (`website.urls`, to
print a hit's address); never `authoring`.
"""
