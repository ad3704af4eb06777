"""Stage 3, website: render the pages, run MkDocs with Material, index with Pagefind.

The MkDocs plugin (`plugin`) is a thin adapter: it generates the case, building-block,
carrier, step and province pages (`pages`), the overviews (`overviews`), open data
(`open_data`, `feed`) in memory, sanitises what reaches HTML (`sanitize`) and runs
Pagefind over the finished site (`site_search`). `preview` is the live server.
Reads `content` and `derive`; never `search` or `authoring`.
"""
