"""Stage 2, derive: facts computed from a valid catalog, shared by every output.

Related cases (`related`), quality levels (`quality`) and the dates a case was added and
last changed (`history`, from git). Reads `content`; never the website or search index.
"""
