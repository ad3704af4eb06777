"""How the index's segments are written: Whoosh's own codec, minus what we never read.

Used by `index.py` for every writer. Whoosh pickles the codec of each segment
into the index's table of contents, so every reader imports this module:
it must stay light (Whoosh only), or every search pays for its imports.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec


class IndexCodec(W3Codec):
    """Whoosh's codec without per-block length statistics.

    Whoosh keeps the shortest and longest field length of every block of
    postings, for skipping blocks in a top-N search. Looking up the length for
    each posting was a fifth of the time of a rebuild, and our scorer reads
    every posting anyway (without them a block's bound is only looser).
    """

    length_stats = False
