"""Tools for contributors: `wijkwijzer new` (`scaffold`) and the generated schema and
rule references, JSON Schema and commented example case (`generated_docs`).

Reads `content`; nothing in `website` or `search` imports from here.
"""
