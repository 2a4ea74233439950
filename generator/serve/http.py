"""`paperfold serve`, the HTTP side: the output folder served under its baseurl as GitHub Pages
serves it, never a byte from outside it, with serve's page client (live.js) in every page, and the
LiveReload socket that client listens to, which also carries the last rebuild's errors."""

from __future__ import annotations

import ipaddress
import json
import logging
import mimetypes
import os
import re
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar, Protocol
from urllib.parse import quote, unquote_to_bytes

from livereload.handlers import LiveReloadHandler
from tornado import web
from tornado.websocket import WebSocketClosedError

from generator.counts import counted

BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
# Encoded separators and NUL have no business in a URL path of a static site; decoding them would
# let a request name a path that the URL's own slashes do not show.
REFUSED_ENCODINGS = ("%2f", "%5c", "%00")
logger = logging.getLogger("paperfold.serve")
FOREIGN_HOST = "this server answers only to localhost and IP addresses (see --host)"
FALLBACK_404 = b"<!doctype html><html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>"
# The page client's address: a Jekyll site never publishes a path that starts with `_`, so no page
# of the site can be hidden by it.
CLIENT_PATH = "/_paperfold/live.js"
CLIENT = Path(__file__).with_name("live.js")
# What a page client says in its hello to be sent STATE messages (the build errors) as well as reloads.
STATE = "paperfold-state"


@dataclass(frozen=True, slots=True)
class ServedState:
    """What the server shows right now: the last good site and the errors of the last rebuild."""

    root: Path
    baseurl: str = ""
    errors: tuple[str, ...] = ()
    build: int = 0  # counts the good builds: a page served from an older one is out of date


class LiveSite(Protocol):
    """The server object as the request handler sees it (read once per request)."""

    state: ServedState
    local_only: bool


def is_loopback(host: str) -> bool:
    """True when listening on this address keeps the site on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_local_name(host_name: str) -> bool:
    """A Host a browser uses for this machine: localhost, *.localhost, or an IP address.

    A server on 127.0.0.1 answers only these, so a web page whose own name was made to resolve to
    127.0.0.1 (DNS rebinding) cannot read the site, drafts and all."""
    name = host_name.strip("[]").rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a request path leads: a file to send (200 or the 404 page), a redirect, or a refusal."""

    status: int
    file: Path | None = None
    location: str | None = None
    reason: str = ""


def resolve_request(raw_path: str, state: ServedState) -> Resolution:
    """Map a raw (still percent-encoded) URL path to a file under state.root, GitHub Pages style."""
    if not raw_path.startswith("/") or "\\" in raw_path or any(e in raw_path.lower() for e in REFUSED_ENCODINGS):
        return Resolution(400, reason="malformed path")
    try:
        raw = raw_path.encode("latin-1")  # tornado decodes the request line as latin-1: undo that
    except UnicodeEncodeError:
        raw = raw_path.encode("utf-8")
    try:
        decoded = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return Resolution(400, reason="path is not UTF-8")
    parts = decoded.split("/")[1:]
    if any(part in (".", "..") or "\\" in part or "\x00" in part for part in parts):
        return Resolution(400, reason="path leaves the site")
    segments = [part for part in parts if part]
    wants_folder = decoded.endswith("/")
    base = [part for part in state.baseurl.split("/") if part]
    if base and not segments:
        return Resolution(302, location=_url(base, folder=True))
    if segments[:len(base)] != base:
        return _not_found(state.root)
    rest = segments[len(base):]
    target = state.root.joinpath(*rest)
    if wants_folder or not rest:
        if not rest and not wants_folder:  # `/blog` -> `/blog/`
            return Resolution(302, location=_url(segments, folder=True))
        return _file_or_404(target / "index.html", state.root)
    if _is_file(target):
        return _file_or_404(target, state.root)
    extensionless = target.with_name(target.name + ".html")
    if _is_file(extensionless):
        return _file_or_404(extensionless, state.root)
    if _is_file(target / "index.html"):
        return Resolution(302, location=_url(segments, folder=True))
    return _not_found(state.root)


def _url(segments: list[str], folder: bool) -> str:
    """A Location built from checked segments, so it can never become `//other.host/`."""
    return "/" + "/".join(quote(segment) for segment in segments) + ("/" if folder and segments else "")


def _is_file(path: Path) -> bool:
    """Path.is_file, but False for a path no file system can hold (a name over 255 bytes), which
    Path.is_file raises for before Python 3.12: a request's URL is whatever a client sends."""
    return os.path.isfile(path)


def _file_or_404(path: Path, root: Path) -> Resolution:
    if _is_file(path) and _inside(path, root):
        return Resolution(200, file=path)
    return _not_found(root)


def _not_found(root: Path) -> Resolution:
    page = root / "404.html"
    return Resolution(404, file=page if _is_file(page) and _inside(page, root) else None)


def _inside(path: Path, root: Path) -> bool:
    """True when the file, symlinks followed, is under the output folder."""
    return path.resolve().is_relative_to(root.resolve())


def live_script(build: int) -> bytes:
    return f'<script src="{CLIENT_PATH}" data-build="{build}"></script>'.encode()


def state_message(state: ServedState) -> dict[str, object]:
    """The STATE message: the build the site is from, and the errors of the rebuild after it."""
    errors = list(state.errors)
    summary = (f"paperfold: the rebuild failed ({counted(len(errors), 'error')}); this page is from the last good build."
               if errors else "")
    return {"command": STATE, "build": state.build, "errors": errors, "summary": summary}


def inject(page: bytes, build: int) -> bytes:
    """The page client's script, just before the last `</body>` (or at the end)."""
    addition = live_script(build)
    ends = list(BODY_END.finditer(page))
    if not ends:
        return page + addition
    at = ends[-1].start()
    return page[:at] + addition + page[at:]


def content_type(path: Path | None) -> str:
    if path is None:
        return "text/html; charset=utf-8"
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if guessed.startswith("text/") or guessed in ("application/xml", "application/javascript", "application/json"):
        return guessed + "; charset=utf-8"
    return guessed


class SiteHandler(web.RequestHandler):
    """Every path that is not livereload's: a file of the current site, a redirect, or a refusal."""

    def initialize(self, site: LiveSite) -> None:
        self.site = site

    def compute_etag(self) -> None:
        return None  # pages change under the browser; never answer 304 from a stale hash

    def get(self, *args: Any) -> None:
        self._respond(include_body=True)

    def head(self, *args: Any) -> None:
        self._respond(include_body=False)

    def _respond(self, include_body: bool) -> None:
        state = self.site.state
        if not answers_to(self.site, self.request.host_name):
            _refuse(self, 403, FOREIGN_HOST, include_body)
            return
        resolution = resolve_request(self.request.path, state)
        if resolution.status == 400:
            _refuse(self, 400, resolution.reason, include_body)
            return
        if resolution.location is not None:
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(resolution.location + query, status=resolution.status)
            return
        try:
            body = resolution.file.read_bytes() if resolution.file else FALLBACK_404
        except OSError:  # removed between the check and the read by a rebuild
            resolution, body = Resolution(404), FALLBACK_404
        kind = content_type(resolution.file)
        if kind.startswith("text/html"):
            body = inject(body, state.build)
        self.set_status(resolution.status)
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Length", str(len(body)))
        self.finish(body if include_body else None)


def _refuse(handler: web.RequestHandler, status: int, reason: str, include_body: bool = True) -> None:
    handler.set_status(status)
    handler.set_header("Content-Type", "text/plain; charset=utf-8")
    handler.finish(f"{status} {HTTPStatus(status).phrase}: {reason}\n" if include_body else None)


def answers_to(site: LiveSite, host_name: str) -> bool:
    """Whether the server answers a request sent to this host name (see is_local_name)."""
    return not site.local_only or is_local_name(host_name)


def asks_for_state(hello: dict[str, Any]) -> bool:
    """Whether a LiveReload hello (any JSON a browser sent) names STATE among its protocols."""
    protocols = hello.get("protocols")
    return isinstance(protocols, list) and STATE in protocols


def reload_socket_class() -> type[LiveReloadHandler]:
    """livereload's websocket handler with a set of browsers of its own, one per server, that only
    the server's own pages may open and that ignores what is not livereload's protocol.

    livereload files every browser on its base class; keeping them per server lets two servers in
    one process (the tests) each reload only their own pages. A browser whose hello names STATE
    among its protocols (the page client, live.js) is also sent the STATE message: once connected,
    and by send_state() after each failed rebuild; any other LiveReload client only reloads."""

    class ReloadSocket(LiveReloadHandler):  # type: ignore[misc]  # livereload ships no type hints
        waiters: ClassVar[set[LiveReloadHandler]] = set()
        watcher = SimpleNamespace(filepath=None)  # reload_waiters() logs watcher.filepath
        live_css = False

        def initialize(self, site: LiveSite) -> None:
            self.site = site
            self.wants_state = False

        @classmethod
        def send_state(cls, state: ServedState) -> None:
            """The STATE message to every connected page client (on the server's loop)."""
            message = state_message(state)
            for waiter in list(cls.waiters):
                if waiter.wants_state:
                    try:
                        waiter.write_message(message)
                    except WebSocketClosedError:  # closed, its on_close not yet run: no page to tell
                        cls.waiters.discard(waiter)

        def prepare(self) -> None:
            # As for pages: a page whose name was made to resolve to 127.0.0.1 counts as the
            # socket's own origin, so the check of the origin alone would let it in.
            if not answers_to(self.site, self.request.host_name):
                _refuse(self, 403, FOREIGN_HOST)

        def check_origin(self, origin: str) -> bool:
            # livereload's script connects to the host and port its page came from, so the
            # server's own pages are those whose origin is the address the socket is asked at.
            # Any other site open in the browser is refused (livereload accepts every origin).
            return origin.lower() == "http://" + self.request.host.lower()

        def on_message(self, message: str | bytes) -> None:
            try:
                command = json.loads(message)
            except ValueError:  # not JSON, or not UTF-8
                command = None
            if not isinstance(command, dict) or "command" not in command:
                # livereload would raise on it, and tornado print the traceback and drop the browser.
                logger.debug("livereload: ignored a message that is not its protocol: %.80r", message)
                return
            if command["command"] == "hello":
                self.wants_state = asks_for_state(command)
            super().on_message(message)
            if self in LiveReloadHandler.waiters:
                LiveReloadHandler.waiters.discard(self)
                type(self).waiters.add(self)
                if self.wants_state:  # a page opened while the build is broken shows the errors at once
                    self.send_message(state_message(self.site.state))

        def on_close(self) -> None:
            super().on_close()
            type(self).waiters.discard(self)

    return ReloadSocket


class ClientHandler(web.RequestHandler):
    """live.js, read at each request (it is small, and an edit to it shows on the next page load)."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(CLIENT.read_bytes())


def _log_request(handler: web.RequestHandler) -> None:
    """Requests at debug level: a browser's 404 for /favicon.ico is no news in the terminal."""
    status = handler.get_status()
    level = logging.ERROR if status >= 500 else logging.DEBUG
    request = handler.request
    logger.log(level, "%d %s %s %.1f ms", status, request.method, request.uri, 1000 * request.request_time())


def application(site: LiveSite, reload_socket: type[LiveReloadHandler]) -> web.Application:
    """livereload's socket and the page client at the root, the site everywhere else."""
    return web.Application([
        (r"/livereload", reload_socket, {"site": site}),
        (re.escape(CLIENT_PATH), ClientHandler),
        (r"/.*", SiteHandler, {"site": site}),
    ], compress_response=False, log_function=_log_request)
