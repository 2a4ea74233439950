"""`paperfold serve`, the live server: one site's first build, its rebuilds, and the reload signals.

A rebuild is `build(load_config(options))` on a worker thread, nothing more; the browser is told to
reload only after build() has returned. A failed rebuild reloads nothing: its errors are sent to the
open pages over the same connection, and drawn over the last good site there (serve/live.js).

serve writes a folder of its own, never the deploy output `_site/` (unless -d names it): the two
would otherwise take turns writing one folder, each with its own base URL and drafts, and the
site deployed from it would mix both. It holds that folder's lock (site/lock.py) until it stops."""

from __future__ import annotations

import asyncio
import errno
import gc
import logging
import socket
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from generator.build import BuildResult, build
from generator.config.settings import BuildOptions, Config, load_config
from generator.counts import counted
from generator.errors import ConfigError, SiteError
from generator.incremental.cache import BuildCache
from generator.results import SearchResult, print_result
from generator.serve.http import ServedState, application, is_loopback, reload_socket_class
from generator.serve.search import BackgroundIndexer
from generator.serve.watch import QUIET_SECONDS, ChangePoller, Changes, Rebuilder, SourceFilter
from generator.site.lock import hold_folder
from generator.site.write import check_destination

logger = logging.getLogger("paperfold.serve")
# serve's own output folder, in the cache folder, when the command line names none: what it writes
# there and the records of it stay from one session to the next, so a restart rewrites only what changed.
SERVE_FOLDER = "serve"


@dataclass(frozen=True, slots=True)
class Reload:
    """One rebuild as the browser saw it: what changed, whether it built, and how long it took."""

    changed: tuple[str, ...]
    ok: bool
    build_seconds: float
    latency_seconds: float  # from the first file change of the batch to the reload signal
    errors: tuple[str, ...] = ()


def _settle_memory(whole: bool = True) -> None:
    """Collect now, after the reload signal, then freeze what is left out of the collector's sight.

    The site the server keeps in memory is hundreds of thousands of objects; a full collection
    that walks them in the middle of a rebuild costs more than the rebuild itself. After a rebuild
    that replaced a few entries (`whole=False`), the frozen objects are not walked again: what it
    let go is freed by reference counting (entries, documents and bodies hold no cycles), so
    collecting the young objects is enough, 1 ms instead of 100 ms at 1,000 posts.
    """
    if whole:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


class SiteServer:
    """A live server for one site: binds its port at once, then `run()` (blocking) or `start()`/`stop()`."""

    def __init__(self, options: BuildOptions, host: str = "127.0.0.1", port: int = 4000, *,
                 out: TextIO | None = None, err: TextIO | None = None, quiet: float = QUIET_SECONDS,
                 on_reload: Callable[[Reload], None] | None = None) -> None:
        self.host = host
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.on_reload = on_reload
        self.config: Config = load_config(options)
        # One cache for every rebuild: what the last build computed stays in memory for the next.
        self._cache = BuildCache(self.config.source, enabled=not self.config.fresh)
        if options.destination is None:
            options = replace(options, destination=self._cache.root / SERVE_FOLDER)
            self.config = load_config(options)
        self.options = options
        check_destination(self.config.destination, self.config.source, self.config.content_root)
        self.state = ServedState(root=self.config.destination, baseurl=self.config.baseurl)
        self._sockets = _bind(host, port)
        try:
            self._lock = hold_folder(self.config.destination, "serve", self._say)
        except BaseException:
            for listening in self._sockets:
                listening.close()
            raise
        self.port = int(self._sockets[0].getsockname()[1])
        self.local_only = is_loopback(host)
        self.last_reload: Reload | None = None
        self.ready = threading.Event()
        self._warned: set[str] = set()
        self._socket_class = reload_socket_class()
        self._poller = ChangePoller(self._watched, SourceFilter(self.config.destination), self._changed)
        self._rebuilder = Rebuilder(self._rebuild, quiet=quiet)
        self._indexer = BackgroundIndexer(self._indexed)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._stopped = False
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The site's address as a browser on this machine opens it (a wildcard host becomes loopback)."""
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}{quote(self.state.baseurl)}/"

    def run(self, open_browser: bool = False) -> None:
        """Build, serve until stop() or Ctrl-C, then wait for a rebuild under way to finish writing."""
        try:
            self._poller.prime()  # before the first build, so a save during it still counts
            result, errors, config = self._build()
            self._publish(errors, config)
            self._print_first(result, errors)
            self._index(result, errors, config)
            # What the first build left for later (its manifest, a prune): now, not in the first edit's rebuild.
            self._cache.write_pending()
            _settle_memory()
            print(f"serving {self.url} (Ctrl-C to stop)", file=self.out, flush=True)
            if not self._stopped:
                asyncio.run(self._serve(open_browser))
        finally:
            self._poller.stop()
            self._rebuilder.stop()
            self._indexer.cancel()
            for listening in self._sockets:
                listening.close()
            self._lock.release()

    def start(self, timeout: float = 60.0) -> SiteServer:
        """run() on a background thread; returns once the first build is served."""
        self._thread = threading.Thread(target=self.run, name="paperfold-serve", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.ready.wait(0.05):
            if not self._thread.is_alive():
                raise RuntimeError(f"the server on port {self.port} stopped before serving (see its output)")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the server on port {self.port} did not start within {timeout} s")
        return self

    def stop(self) -> None:
        """Stop serving, close the port and wait for the threads (callable from any thread)."""
        self._stopped = True
        loop, event = self._loop, self._stop_event
        if loop is not None and event is not None:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:
                pass  # the loop has already closed
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=30)

    @property
    def browsers(self) -> frozenset[object]:
        """The pages (or other LiveReload clients) connected right now."""
        return frozenset(self._socket_class.waiters)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """True once no change is pending, no rebuild is running and the search index is written."""
        deadline = time.monotonic() + timeout
        while self._rebuilder.wait_idle(max(0.0, deadline - time.monotonic())):
            if not self._indexer.wait(max(0.0, deadline - time.monotonic())):
                return False
            if self._rebuilder.wait_idle(0):  # still idle: no rebuild started meanwhile
                return True
        return False

    async def _serve(self, open_browser: bool) -> None:
        self._loop, self._stop_event = asyncio.get_running_loop(), asyncio.Event()
        if self._stopped:  # stop() came before the loop existed
            self._stop_event.set()
        http = HTTPServer(application(self, self._socket_class))
        http.add_sockets(self._sockets)
        self._poller.start()
        self._rebuilder.start()
        self.ready.set()
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(self.url,), daemon=True).start()
        try:
            await self._stop_event.wait()
        finally:  # also on Ctrl-C, which cancels this task
            http.stop()
            for browser in list(self._socket_class.waiters):
                browser.close()
            try:
                await asyncio.wait_for(http.close_all_connections(), timeout=2)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass

    def _watched(self) -> tuple[Path, ...]:
        source = self.config.source
        roots = (self.config.content_root, source / "templates", source / "static", source / "_config.yml")
        # a Jekyll-style site's content root is the site folder itself: walk it once
        return tuple(root for root in roots if not any(other in root.parents for other in roots))

    def _changed(self, changes: Changes) -> None:
        logger.debug("changed: %s", ", ".join(changes.paths))
        self._rebuilder.changed(changes)

    def _build(self, changed: tuple[str, ...] | None = None) -> tuple[BuildResult | None, tuple[str, ...], Config | None]:
        """build(load_config(options)); every failure becomes error lines, none stops the server."""
        try:
            config = load_config(self.options)
            # The search index is rebuilt after the reload signal, so it never delays the preview.
            result = build(config, index_search=False, cache=self._cache, changed=changed, holding_lock=True)
        except ConfigError as error:
            self._cache.take_state()  # the next build must not start from a state these changes missed
            return None, error.problems, None
        except SiteError as error:
            return None, (f"error: {error}",), None
        except Exception as error:  # noqa: BLE001 - a bug in paperfold: print the traceback, keep serving
            traceback.print_exc(file=self.err)
            return None, (f"internal error: {type(error).__name__}: {error} (traceback in the terminal)",), None
        return result, tuple(str(e) for e in result.errors), (config if result.ok else None)

    def _publish(self, errors: tuple[str, ...], config: Config | None) -> None:
        """Serve the new site, or keep the last good one and show the errors over it."""
        if config is not None and not errors:
            self.config = config
            self.state = ServedState(root=config.destination, baseurl=config.baseurl, build=self.state.build + 1)
        else:
            self.state = replace(self.state, errors=errors)

    def _rebuild(self, changes: Changes) -> None:
        self._indexer.cancel()  # its index is of the site this rebuild replaces
        started = time.perf_counter()
        result, errors, config = self._build(changes.paths)
        took = time.perf_counter() - started
        self._publish(errors, config)
        self._print_rebuild(changes, result, errors, took)
        loop, signalled = self._loop, threading.Event()
        if loop is not None:
            try:
                loop.call_soon_threadsafe(self._signal_reload, changes, errors, took, signalled)
            except RuntimeError:
                pass  # shutting down: no browser is left to tell
        if result is not None and result.files:
            self._index(result, errors, config)
        # The manifest and the collector hold the interpreter for milliseconds: after the signal.
        signalled.wait(timeout=1.0)
        self._cache.write_pending()
        _settle_memory(whole=result is None or not result.shortcut)

    def _index(self, result: BuildResult | None, errors: tuple[str, ...], config: Config | None) -> None:
        """Start indexing a good build in the background (serve/search.py)."""
        if result is None or result.site is None or config is None or errors:
            return
        self._indexer.start(result.site, config)

    def _indexed(self, search: SearchResult) -> None:
        """A finished indexing: when it is ready, or (once) why there is none."""
        if search.skipped and search.skipped not in self._warned:
            self._warned.add(search.skipped)
            print(search.skipped, file=self.err)
        elif not search.skipped:
            print(f"{search.summary()}: ready", file=self.out, flush=True)

    def _signal_reload(self, changes: Changes, errors: tuple[str, ...], took: float,
                       signalled: threading.Event) -> None:
        """On the server's loop, after build() returned: tell every browser to reload, or, when the
        rebuild failed, send the open pages its errors."""
        try:
            if errors:
                self._socket_class.send_state(self.state)
            else:
                self._socket_class.reload_waiters("*")
            latency = max(0.0, time.time() - changes.since)
            self.last_reload = Reload(changes.paths, not errors, took, latency, errors)
        finally:
            signalled.set()
        logger.debug("edit-to-reload %.3f s (build %.3f s, %d browser(s)) after %s",
                     latency, took, len(self._socket_class.waiters), ", ".join(changes.paths))
        if self.on_reload is not None:
            self.on_reload(self.last_reload)

    def _print_first(self, result: BuildResult | None, errors: tuple[str, ...]) -> None:
        if result is not None:
            print_result(result, self.out, self.err)
            self._warned.update(str(w) for w in result.warnings)
        else:
            for line in errors:
                print(line, file=self.err)
            print("build failed: the server starts anyway and rebuilds on the next save", file=self.err)

    def _print_rebuild(self, changes: Changes, result: BuildResult | None, errors: tuple[str, ...],
                       took: float) -> None:
        for warning in result.warnings if result is not None else ():
            if str(warning) not in self._warned:
                self._warned.add(str(warning))
                print(warning, file=self.err)
        if errors:
            for line in errors:
                print(line, file=self.err)
            print(f"rebuild failed: {counted(len(errors), 'error')}; still serving the last good site", file=self.err, flush=True)
            return
        shown = [self._shown(path) for path in changes.paths]
        more = f" and {len(shown) - 1} more" if len(shown) > 1 else ""
        print(f"rebuilt in {took:.2f} s after a change to {shown[0]}{more}", file=self.out, flush=True)

    def _say(self, message: str) -> None:
        print(message, file=self.err, flush=True)

    def _shown(self, path: str) -> str:
        try:
            return Path(path).relative_to(self.config.source).as_posix()
        except ValueError:
            return path


def _bind(host: str, port: int) -> list[socket.socket]:
    """Listen now, so a port in use is reported before the first build and never as a traceback."""
    try:
        return bind_sockets(port, address=host)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise SiteError(f"port {port} is in use: try --port {port + 1}") from None
        reason = error.strerror or str(error)
        raise SiteError(f"cannot listen on {host} port {port}: {reason}") from None
