"""wijkwijzer: an open knowledge base of Dutch neighbourhood-approach practice.

The package turns case files (``cases/*.md``) and the controlled vocabularies
(``schema/*.yml``) into checked data, a search index and a static MkDocs site.
"""

__version__ = "0.1.0"
