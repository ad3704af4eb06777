"""Tools for contributors: `wijkwijzer new` (`scaffold`), the generated schema and
rule references, JSON Schema and commented example case (`generated_docs`), and the
web editor at `/beheer/` (`editor_config`).

Reads `content`; the only import from `website` is the render stage taking the editor's
files (`editor_config.editor_files`); `search` imports nothing from here.
"""
