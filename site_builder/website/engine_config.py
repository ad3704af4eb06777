"""The engine configuration of the site source, derived from the content root's `mkdocs.yml`.

Runs in the write-site-source stage (build.build_site, preview.serve_site). The
root's `mkdocs.yml` holds the publisher's choices (name, addresses, theme,
navigation, the `wijkwijzer` options); `engine_configuration` turns it into the
`mkdocs.yml` of the source folder that the engine reads: the package's styles,
scripts and theme overrides added, the Markdown extensions the generated pages
are written in, an accessible palette and system fonts unless the root chose its
own, Material's own search off (Pagefind searches the site), and what the
chosen engine needs besides (engines.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import BuildFailed
from ..project import Project
from .publisher import Publisher

# Styles and scripts of the generated pages, the finder and the Pagefind search box,
# in the order the theme loads them. They ship with the package, so any content
# root gets working filters and search without copying them into its docs/.
EXTRA_CSS = ("assets/wijkwijzer.css", "assets/overzicht.css", "assets/vergelijk.css")
EXTRA_JAVASCRIPT = ("assets/wijkwijzer.js", "assets/vind.js", "assets/zoeken.js", "assets/overzicht.js",
                    "assets/vergelijk.js", "assets/wijkscan.js", "assets/start.js")
# Material's own default: fonts from Google's servers. A site that leaves `font` unset
# gets system fonts instead, so no page makes requests to other servers.
MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}
# The colours of assets/wijkwijzer.css (WCAG AA in both schemes), with a light/dark toggle.
# A content root that sets no palette gets this one, so its site passes the same checks.
ACCESSIBLE_PALETTE = [
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/weather-night", "name": "Donkere weergave"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/weather-sunny", "name": "Lichte weergave"}},
]
# What the generated pages are written in: admonitions and collapsible blocks (???),
# attributes ({ #id }, { .class }), Markdown inside HTML blocks, tables.
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "pymdownx.details")
HEADING_SLUG = "site_builder.content.case_markdown.heading_slug"
# Folders of the source, relative to its configuration file.
CONFIG_NAME = "mkdocs.yml"
DOCS_FOLDER = "docs"
THEME_FOLDER = "overrides"
# The plugin entry that carries the publisher's options in the root's mkdocs.yml; read
# by wijkwijzer, never handed to an engine. Material's search plugin is replaced by Pagefind.
OWN_SETTINGS = "wijkwijzer"
LEFT_OUT_PLUGINS = {OWN_SETTINGS, "search", "material/search"}


class Tagged:
    """A YAML value with a tag this reader does not resolve (`!!python/name:...`,
    `!relative`): kept as written, for the engine to resolve."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class SettingsLoader(yaml.SafeLoader):
    """YAML as mkdocs.yml is written: safe, except that tagged values are passed on."""


def _keep_tagged(loader: SettingsLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        value: Any = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)
    return Tagged(node.tag, value)


SettingsLoader.add_multi_constructor("!", _keep_tagged)
SettingsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tagged)


class ConfigDumper(yaml.SafeDumper):
    """Writes the engine configuration; tagged values keep their tag."""


def _dump_tagged(dumper: ConfigDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


ConfigDumper.add_representer(Tagged, _dump_tagged)


def read_site_settings(config_file: Path) -> dict[str, Any]:
    """The content root's mkdocs.yml as a mapping; a Dutch sentence when it cannot be read."""
    try:
        settings = yaml.load(config_file.read_text(encoding="utf-8"), Loader=SettingsLoader)  # noqa: S506
    except OSError as error:
        raise BuildFailed(f"mkdocs.yml kon niet gelezen worden: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        raise BuildFailed(f"mkdocs.yml is geen geldige YAML: {error}") from None
    if not isinstance(settings, dict):
        raise BuildFailed("mkdocs.yml bevat geen instellingen (verwacht: sleutels zoals site_name en nav)")
    return settings


def plugin_entries(settings: dict[str, Any]) -> list[tuple[str, Any]]:
    """The `plugins` of mkdocs.yml as (name, options) pairs, in order."""
    plugins = settings.get("plugins") or []
    if isinstance(plugins, dict):
        return list(plugins.items())
    entries = []
    for item in plugins:
        if isinstance(item, dict):
            entries.extend(item.items())
        else:
            entries.append((str(item), None))
    return entries


def own_options(settings: dict[str, Any]) -> dict[str, Any]:
    """The `wijkwijzer` options of mkdocs.yml (organisatie, contact, licentie)."""
    for name, options in plugin_entries(settings):
        if name == OWN_SETTINGS:
            return dict(options or {})
    return {}


def publisher_from_settings(settings: dict[str, Any], addresses: dict[str, str | None] | None = None) -> Publisher:
    """The publisher of a site, from its mkdocs.yml and the addresses given on the command line."""
    settings = with_addresses(settings, addresses)
    options = own_options(settings)
    try:
        return Publisher.from_settings(settings, options)
    except ValueError as error:
        raise BuildFailed(f"mkdocs.yml: {error}") from None


def site_publisher(project: Project, addresses: dict[str, str | None] | None = None) -> Publisher:
    """The publisher of a content root, from its mkdocs.yml (and the addresses given)."""
    return publisher_from_settings(read_site_settings(project.mkdocs_config), addresses)


def with_addresses(settings: dict[str, Any], addresses: dict[str, str | None] | None) -> dict[str, Any]:
    """`site_url` and `repo_url` given on the command line (a CI workflow knows where it
    publishes) in place of those in mkdocs.yml."""
    return {**settings, **{key: value for key, value in (addresses or {}).items() if value}}


def engine_configuration(settings: dict[str, Any], project_root: Path, publisher: Publisher,
                         boundary: str, extra_javascript: tuple[str, ...] = ()) -> dict[str, Any]:
    """The configuration an engine reads from the source folder.

    `boundary`: this build's marker around the parts of a page made from case content
    (theme/partials/content.html, sanitize.py); `extra_javascript`: scripts beyond the
    package's own (the preview's error banner)."""
    config = {key: value for key, value in settings.items()
              if key not in ("plugins", "docs_dir", "site_dir", "theme", "INHERIT")}
    config["site_name"] = publisher.site_name
    config["docs_dir"] = DOCS_FOLDER
    for key in ("site_url", "repo_url"):
        value = getattr(publisher, key)
        if value:
            config[key] = value
    if not publisher.repo_url:
        # edit_uri names the branch; without a repository there is nothing to edit.
        config.pop("edit_uri", None)
    config["theme"] = theme_settings(settings.get("theme"))
    config["extra_css"] = merged(settings.get("extra_css"), EXTRA_CSS)
    config["extra_javascript"] = merged(settings.get("extra_javascript"), (*EXTRA_JAVASCRIPT, *extra_javascript))
    config["markdown_extensions"] = markdown_extensions(settings.get("markdown_extensions"), project_root)
    config["plugins"] = [{name: options} if options else name
                         for name, options in plugin_entries(settings) if name not in LEFT_OUT_PLUGINS]
    extra = dict(settings.get("extra") or {})
    extra["wijkwijzer"] = {"boundary": boundary, "edit_url_base": publisher.edit_url_base}
    config["extra"] = extra
    return config


def theme_settings(theme: Any) -> dict[str, Any]:
    theme = {"name": theme} if isinstance(theme, str) else dict(theme or {"name": "material"})
    theme["custom_dir"] = THEME_FOLDER  # the root's own overrides are copied into it (site_source.py)
    if theme.get("font", MATERIAL_DEFAULT_FONT) == MATERIAL_DEFAULT_FONT:
        theme["font"] = False
    if not theme.get("palette"):
        theme["palette"] = ACCESSIBLE_PALETTE
    return theme


def merged(listed: Any, ours: tuple[str, ...]) -> list:
    """The root's list with ours added where missing, in order."""
    items = list(listed or [])
    names = {str(item if not isinstance(item, dict) else item.get("path")) for item in items}
    return items + [path for path in ours if path not in names]


def markdown_extensions(listed: Any, project_root: Path) -> list:
    """The root's extensions, plus those the generated pages need. Snippet includes
    (CONTRIBUTING.md on the site) resolve from the project root, not the source folder."""
    extensions = []
    for item in listed or []:
        if isinstance(item, dict):
            extensions.extend({name: options} for name, options in item.items())
        else:
            extensions.append(item)
    names = [next(iter(item)) if isinstance(item, dict) else str(item) for item in extensions]
    extensions += [name for name in MARKDOWN_EXTENSIONS if name not in names]
    if "toc" not in names:
        extensions.append("toc")
        names.append("toc")
    for index, name in enumerate(names):
        options = dict(extensions[index].get(name) or {}) if isinstance(extensions[index], dict) else {}
        if name == "pymdownx.snippets":
            options["base_path"] = [str(project_root)]
        elif name == "toc":
            # Heading ids never take one the theme or the site's scripts look up (`__config`,
            # `ww-finder`): the slug of content/case_markdown.py, which the engine imports.
            options.setdefault("slugify", Tagged(f"tag:yaml.org,2002:python/name:{HEADING_SLUG}", ""))
        else:
            continue
        extensions[index] = {name: options}
    return extensions


def configuration_text(config: dict[str, Any]) -> str:
    return ("# Written by `wijkwijzer build` from the project's mkdocs.yml; every build "
            "writes it anew.\n" + yaml.dump(config, Dumper=ConfigDumper, allow_unicode=True, sort_keys=False))
