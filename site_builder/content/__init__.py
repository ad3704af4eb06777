"""Stage 1, content: read case files and vocabularies, validate them, collect diagnostics.

load (`loader`) -> validate (`models`, `validate`) -> `Catalog` (`catalog`). Every later
stage starts from a `Catalog`; nothing here knows about the website, the search index or
the contributor tools. Diagnostics (`diagnostics`) are values with stable rule codes.
"""
