"""Stage 1: `_config.yml` and command-line options become one frozen Config."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from generator.config.defaults import FrontMatterDefault, parse_defaults
from generator.config.kramdown import KRAMDOWN_DEFAULTS, KramdownOptions, kramdown_options
from generator.config.symlinks import ALLOW_FLAG, ALLOW_KEY, leads_outside
from generator.config.yaml_values import key_line, load_yaml
from generator.errors import ConfigError, Diagnostic, SiteError
from generator.xml_characters import replace_in_text, replace_in_values, replaced_message

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
PERMALINK_PLACEHOLDERS = frozenset(
    ["categories", "year", "month", "i_month", "day", "i_day", "y_day", "short_year", "hour", "minute", "second", "title", "slug", "output_ext", "week", "short_day"]
)
JEKYLL_KEYS = frozenset(
    ["title", "description", "author", "url", "baseurl", "permalink", "paginate", "paginate_path", "timezone", "exclude", "include", "lang", "paperfold", "JB",
     "excerpt_separator"]
)
# Jekyll 4.3's `include:` when _config.yml has none (a site's own list replaces it, as in Jekyll).
JEKYLL_DEFAULT_INCLUDE = (".htaccess",)
# Jekyll Bootstrap's page paths, kept so that old links to them keep working.
# Where math pages load KaTeX from: its CDN, or the copy in the bundled theme's static/vendor/katex/.
MATH_SOURCES = ("cdn", "self")
# The bundled theme's static files that a site gets only with `paperfold: math: self`.
SELF_HOSTED_MATH = "vendor/katex/"
JEKYLL_BOOTSTRAP_PATHS = ("archive_path", "tags_path", "categories_path", "atom_path", "rss_path")


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a build needs to know before it reads any content."""

    source: Path
    destination: Path
    content_root: Path
    title: str = "paperfold"
    description: str = ""
    author: Any = field(default=None, repr=False)
    url: str = ""
    baseurl: str = ""
    permalink: str = PERMALINK_STYLES["date"]
    paginate: int = 10
    paginate_path: str = "/page:num/"  # jekyll-paginate's, and its default
    feed_posts: int = 10  # jekyll-feed's `feed: posts_limit:`, and its default
    timezone: str | None = None
    lang: str = "en"
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    drafts: bool = False
    future: bool = False
    fresh: bool = False
    open_depth: int = 2
    search: bool = True
    raw_html: bool = True
    excerpt_separator: str = ""  # "" for Jekyll's default, a blank line: the first paragraph
    typography: bool = True  # kramdown's smart quotes and dashes, as Jekyll writes them
    linkify: bool = False  # bare addresses made links, which kramdown does not
    kramdown: KramdownOptions = KRAMDOWN_DEFAULTS  # Jekyll's `kramdown:` settings (config/kramdown.py)
    repair_encoding: bool = True
    allow_symlinks_outside: bool = False  # read files whose links lead out of the site (config/symlinks.py)
    trusted_templates: bool = False  # the site's own templates run outside Jinja's sandbox
    math: str = "cdn"  # where math pages load KaTeX from: "cdn", or "self" (a copy in the site's static/)
    compat_paths: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # The values a site's YAML may make as big as aliases allow are left out of repr(), which keys
    # caches: `text_digest` stands for them.
    front_matter_defaults: tuple[FrontMatterDefault, ...] = field(default=(), repr=False)
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    text_digest: str = ""  # of _config.yml as written
    theme_dirs: tuple[Path, ...] = ()
    # What the build reports about _config.yml without stopping (characters XML cannot hold).
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)

    @property
    def tz(self) -> ZoneInfo | None:
        return ZoneInfo(self.timezone) if self.timezone else None

    def site_values(self) -> dict[str, Any]:
        """What templates see as `site.*`: Jekyll's keys plus every unknown key, as given."""
        values = dict(self.extra)
        values.update(
            title=self.title, description=self.description, author=self.author, url=self.url,
            baseurl=self.baseurl, lang=self.lang, paginate=self.paginate, paginate_path=self.paginate_path,
        )
        return values


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the command line may say on top of `_config.yml`."""

    source: Path = Path(".")
    destination: Path | None = None
    drafts: bool = False
    future: bool = False
    fresh: bool = False
    baseurl: str | None = None
    url: str | None = None
    allow_symlinks_outside: bool = False


def default_theme_dir() -> Path:
    """The bundled theme: the checkout's top level, or the installed package data."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "templates" / "base.html").is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "theme"


def load_config(options: BuildOptions) -> Config:
    """Read `_config.yml` under the source folder; raise ConfigError listing every problem."""
    source = options.source.resolve()
    if not source.is_dir():
        # Stopped before anything is read or written: a mistyped -s must not build an empty site.
        problem = "the source folder does not exist" if not source.exists() else "the source is a file, not a folder"
        raise ConfigError((f"{options.source}: {problem}",))
    problems: list[str] = []
    config_file = source / "_config.yml"
    if not options.allow_symlinks_outside and leads_outside(config_file, (source,)):
        # Not passed over as other files are: a site built without its settings is the wrong site.
        # Only the command line may allow it: the setting that allows it would be in the file itself.
        raise ConfigError((f"_config.yml: is a symbolic link to outside the site; not read (build with {ALLOW_FLAG} to allow)",))
    warnings: list[Diagnostic] = []
    raw, text_digest = _read_yaml(config_file, problems, warnings)
    settings = raw.get("paperfold") or {}
    if not isinstance(settings, dict):
        problems.append("_config.yml: 'paperfold' must be a mapping of paperfold settings")
        settings = {}
    outline_settings = settings.get("outline") or {}
    if not isinstance(outline_settings, dict):
        problems.append("_config.yml: 'paperfold.outline' must be a mapping")
        outline_settings = {}

    def text(key: str, default: str = "", where: Mapping[str, Any] = raw) -> str:
        value = where.get(key, default)
        if value is None:
            return default
        if not isinstance(value, (str, int, float)):
            problems.append(f"_config.yml: '{key}' must be text, not {type(value).__name__}")
            return default
        return str(value)

    def number(key: str, default: int, where: Mapping[str, Any], label: str) -> int:
        value = where.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"_config.yml: '{label}' must be a whole number, not {value!r}")
            return default
        return value

    def flag(key: str, default: bool, where: Mapping[str, Any], label: str) -> bool:
        value = where.get(key, default)
        if not isinstance(value, bool):
            problems.append(f"_config.yml: '{label}' must be true or false, not {value!r}")
            return default
        return value

    def names(key: str) -> tuple[str, ...]:
        value = raw.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"_config.yml: '{key}' must be a list of file names")
            return ()
        return tuple(value)

    permalink = _permalink_pattern(text("permalink", "date"), problems)
    timezone = text("timezone") or None
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"_config.yml: unknown timezone {timezone!r}")
            timezone = None
    baseurl = options.baseurl if options.baseurl is not None else text("baseurl")
    url = _origin(options.url, problems) if options.url is not None else text("url").rstrip("/")
    paginate = number("paginate", 10, raw, "paginate") if raw.get("paginate") is not None else 10
    if paginate == 0:
        problems.append("_config.yml: 'paginate' must be at least 1")
    paginate_path = "/" + text("paginate_path", "/page:num/").lstrip("/")
    if ":num" not in paginate_path:
        problems.append(f"_config.yml: 'paginate_path' must contain ':num' (where the page number goes), not {paginate_path!r}")
    feed_settings: Mapping[str, Any] = raw["feed"] if isinstance(raw.get("feed"), dict) else {}
    feed_posts = number("posts_limit", 10, feed_settings, "feed.posts_limit")
    if feed_posts == 0:
        problems.append("_config.yml: 'feed.posts_limit' must be at least 1")
    compat = _jekyll_bootstrap_paths(raw.get("JB"))
    defaults = parse_defaults(raw.get("defaults"), functools.partial(_line_in_yaml, config_file), problems)
    destination = (options.destination or source / "_site")
    destination = destination if destination.is_absolute() else Path.cwd() / destination
    open_depth = number("open_depth", 2, outline_settings, "paperfold.outline.open_depth")
    excerpt_separator = text("excerpt_separator")
    math = text("math", "cdn", settings)
    if math not in MATH_SOURCES:
        problems.append(f"_config.yml: 'paperfold.math' must be cdn or self, not {math!r}")
        math = "cdn"
    config = Config(
        source=source,
        destination=destination.resolve(),
        content_root=_content_root(source),
        title=text("title", "paperfold"),
        description=text("description"),
        author=raw.get("author"),
        url=url,
        baseurl=normalize_baseurl(baseurl),
        permalink=permalink,
        paginate=paginate or 10,
        paginate_path=paginate_path,
        feed_posts=feed_posts or 10,
        timezone=timezone,
        lang=text("lang", "en"),
        exclude=names("exclude"),
        include=names("include") if "include" in raw else JEKYLL_DEFAULT_INCLUDE,
        drafts=options.drafts,
        future=options.future,
        fresh=options.fresh,
        open_depth=open_depth,
        search=flag("search", True, settings, "paperfold.search"),
        raw_html=flag("raw_html", True, settings, "paperfold.raw_html"),
        excerpt_separator=excerpt_separator if excerpt_separator.strip("\n") else "",
        typography=flag("typography", True, settings, "paperfold.typography"),
        linkify=flag("linkify", False, settings, "paperfold.linkify"),
        kramdown=kramdown_options(raw.get("kramdown"), problems),
        repair_encoding=flag("repair_encoding", True, settings, "paperfold.repair_encoding"),
        allow_symlinks_outside=flag("allow_symlinks_outside", False, settings, ALLOW_KEY) or options.allow_symlinks_outside,
        trusted_templates=flag("trusted_templates", False, settings, "paperfold.trusted_templates"),
        math=math,
        compat_paths=MappingProxyType(compat),
        front_matter_defaults=defaults,
        extra=MappingProxyType({k: v for k, v in raw.items() if k not in JEKYLL_KEYS}),
        theme_dirs=(source, default_theme_dir()),
        text_digest=text_digest,
        warnings=tuple(warnings),
    )
    if problems:
        raise ConfigError(tuple(problems))
    return config


def _origin(value: str, problems: list[str]) -> str:
    """An origin as --url gives it (`https://you.github.io`): a scheme and a host, no path."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path.strip("/") or parts.query or parts.fragment:
        problems.append(f"--url: {value!r} is not an origin such as https://you.github.io "
                        "(a path such as /blog goes in --baseurl)")
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def is_blog(source: Path) -> bool:
    """Whether `source` looks like a blog: it has a _config.yml, or a _posts/ folder."""
    return (source / "_config.yml").is_file() or any((source / folder).is_dir() for folder in ("_posts", "content/_posts"))


def require_blog(source: Path) -> None:
    """Raise a SiteError unless `source` is_blog."""
    if is_blog(source):
        return
    # Built anyway, a folder of other things comes out as an empty blog, or stops at whichever
    # of its files clashes with a page paperfold writes.
    raise SiteError(f"{source} is not a blog: it has no _config.yml and no _posts/ (or content/_posts/); "
                    f"run 'paperfold init {source}' to make one")


def normalize_baseurl(value: str) -> str:
    """'' or '/blog' (leading slash, no trailing slash), whatever the user wrote."""
    value = value.strip().strip("/")
    return "/" + value if value else ""


def _read_yaml(path: Path, problems: list[str], warnings: list[Diagnostic]) -> tuple[dict[str, Any], str]:
    """The settings in the file (none when it is missing or wrong, with `problems` saying why), and
    a digest of its text; characters XML forbids are replaced, with `warnings` saying where."""
    try:
        text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    except UnicodeDecodeError as error:
        problems.append(f"{path.name}: not UTF-8 text (byte {error.start})")
        return {}, ""
    text, replaced = replace_in_text(text)
    if replaced:
        warnings.append(Diagnostic(path.name, replaced[0].line, replaced_message(replaced, "")))
    return _settings(path, text, problems, warnings), hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _settings(path: Path, text: str, problems: list[str], warnings: list[Diagnostic]) -> dict[str, Any]:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problems.append(f"{path.name}{line}: invalid YAML: {getattr(error, 'problem', error)}")
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(f"{path.name}: must be a mapping of settings, not {type(data).__name__}")
        return {}
    data, escaped = replace_in_values(data, functools.partial(key_line, text))
    if escaped:
        warnings.append(Diagnostic(path.name, escaped[0].line, replaced_message(escaped, " in a value")))
    return data


def _line_in_yaml(path: Path, keys: tuple[str | int, ...]) -> int | None:
    """The line of the value at `keys` (mapping keys and list indices) in a YAML file that loaded,
    or of the deepest part of that path it has: for messages about a value's shape."""
    node = yaml.compose(replace_in_text(path.read_text(encoding="utf-8-sig"))[0], Loader=_SAFE_LOADER)  # as read
    line = None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            # The key's line rather than its value's: a block value starts on the next line.
            name, node = next(((name, value) for name, value in node.value if name.value == key), (None, None))
            located = name
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = located = node.value[key]
        else:
            break
        if located is None:
            break
        line = located.start_mark.line + 1
    return line


def _permalink_pattern(value: str, problems: list[str]) -> str:
    pattern = PERMALINK_STYLES.get(value, value)
    if not pattern.startswith("/"):
        pattern = "/" + pattern

    for name in re.findall(r":([a-z_]+)", pattern):
        if name not in PERMALINK_PLACEHOLDERS:
            problems.append(f"_config.yml: permalink {value!r} has an unknown placeholder ':{name}'")
    return pattern


def _jekyll_bootstrap_paths(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {
        key: str(value[key]) for key in JEKYLL_BOOTSTRAP_PATHS
        if isinstance(value.get(key), str) and value[key].strip()
    }


def _content_root(source: Path) -> Path:
    """paperfold sites keep posts in content/; a Jekyll site keeps them at the root."""
    if (source / "_posts").is_dir():
        return source
    if (source / "content").is_dir():
        return source / "content"
    return source
