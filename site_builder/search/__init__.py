"""The CLI's search: a Whoosh index of the cases in `.wijkwijzer/index/`.

`index` builds and queries it (Dutch analysis, incremental by content hash),
`commands` is what `wijkwijzer index` and `wijkwijzer search` call. The published
site does not use this index: it searches with Pagefind (see `website.site_search`).
Reads `content` and `derive`; of `website` only its URL scheme (`website.urls`, to
print a hit's address); never `authoring`.
"""
