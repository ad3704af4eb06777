"""Stage 3, website: render the pages, write the site source, run an engine, sanitise, index.

The case, building-block, carrier, step and province pages (`pages`), the overviews
(`overviews`) and open data (`open_data`, `feed`) are rendered in memory and written
with the assets and theme overrides into the site source (`site_source`,
`engine_config`); an engine builds it as a process of its own (`engines`); the
written HTML is sanitised (`sanitize`) and indexed by Pagefind (`site_search`, with
`site_search_words`). `preview` is the live preview on the engine's own server.
Reads `content` and `derive`, and of `search` only its reading of Dutch words
(`search.analysis`, `search.word_forms`: one analysis for both searches); never
the CLI's index or `authoring`.
"""
