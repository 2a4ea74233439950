"""`paperfold serve`, the search side: index each good build in the background, the newest winning.

Pagefind rebuilds the whole index every time, which takes minutes for a big blog. Done on the
rebuild thread, it would hold the next rebuild back that long; here it runs beside the server at
a low priority, and a newer rebuild stops it, since its index would be stale anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from generator.config.settings import Config
from generator.results import SearchResult
from generator.search.index import build_search_index
from generator.search.pagefind import PagefindService
from generator.site.model import Site


class BackgroundIndexer:
    """One search indexing at a time, on its own thread; `report` gets each finished one's result."""

    def __init__(self, report: Callable[[SearchResult], None]) -> None:
        self._report = report
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._services: list[PagefindService] = []  # the batches' Pagefind processes under way
        self._cancelled = False

    def start(self, site: Site, config: Config) -> None:
        """Index this build's site; an indexing still running for an older build is stopped first."""
        self.cancel()
        thread = threading.Thread(target=self._run, args=(site, config), name="paperfold-search", daemon=True)
        with self._lock:
            self._cancelled, self._thread = False, thread
        thread.start()

    def cancel(self) -> None:
        """Stop the indexing under way, if any, and wait until it has cleaned up."""
        with self._lock:
            self._cancelled = True
            thread, services = self._thread, list(self._services)
        for service in services:
            service.kill()
        if thread is not None:
            thread.join()

    def wait(self, timeout: float) -> bool:
        """True once no indexing is running."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _run(self, site: Site, config: Config) -> None:
        try:
            result = build_search_index(site, config, on_start=self._started)
        except OSError as error:  # the output folder changed under it, or the service was killed
            result = SearchResult(skipped=f"search index not built: {error}")
        with self._lock:
            self._services = []
            cancelled = self._cancelled
        if not cancelled:
            self._report(result)

    def _started(self, service: PagefindService) -> None:
        with self._lock:
            self._services.append(service)
            cancelled = self._cancelled
        if cancelled:  # cancel() came before there was a service to stop
            service.kill()
