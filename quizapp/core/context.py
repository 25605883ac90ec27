"""Everything a running app needs, opened once: catalog, store, clock and random generator.

The CLI and the tests both build one with ``open_context`` and pass it into the TUI, so the TUI
never goes looking for its data (as harlequin passes its adapter into the App).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.core.catalog import CacheWriter, Catalog, load_catalog, load_catalog_for_start
from quizapp.i18n import DEFAULT_LANGUAGE, Language, resolve_language, set_language
from quizapp.store import Clock, Store, SystemClock


@dataclass
class QuizContext:
    data_dir: Path
    catalog: Catalog
    store: Store
    clock: Clock
    rng: random.Random
    extra_banks: list[Path] = field(default_factory=list)
    builtin: bool = True
    language: Language = DEFAULT_LANGUAGE
    # what a start that read the banks left to do for the catalog cache (``write_cache``)
    pending_cache: CacheWriter | None = None
    _cache_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def write_cache(self) -> None:
        """Do what ``pending_cache`` holds, once, on any thread (the app runs it a moment
        after the first screen; ``close`` runs it if the app did not)."""
        with self._cache_lock:
            pending, self.pending_cache = self.pending_cache, None
            if pending is not None:
                pending()

    def reload_catalog(self, *, cache: bool = False) -> Catalog:
        """Read the banks again (an author saved a file); the new catalog replaces the old
        (and writes its own cache: the old one's pending write is dropped)."""
        with self._cache_lock:
            self.pending_cache = None
        self.catalog = load_catalog(
            self.data_dir,
            self.extra_banks,
            builtin=self.builtin,
            cache=cache,
            language=self.language,
        )
        return self.catalog

    def switch_language(self, language: Language) -> None:
        """Show questions and the interface in ``language`` from now on (Settings)."""
        self.language = language
        set_language(language)
        self.catalog = self.catalog.in_language(language)

    def close(self) -> None:
        self.write_cache()
        self.store.close()


def open_context(
    data_dir: Path,
    extra_banks: Iterable[Path] = (),
    *,
    clock: Clock | None = None,
    seed: int | None = None,
    builtin: bool = True,
    language: str | None = None,
) -> QuizContext:
    """Load banks and open the store; ``seed`` pins question order and numeric variants.

    ``language`` is what ``--lang`` asked for; without it ``QUIZAPP_LANG``, the saved setting
    and the locale decide (``quizapp.i18n.resolve_language``), and the interface is set to it.
    """
    clock = clock or SystemClock()
    extra_banks = list(extra_banks)
    store = Store.open(data_dir, clock=clock)
    store.warm_up()  # the card ids are read while the catalog loads and the screen starts
    try:
        chosen = resolve_language(language, store.settings.language)
    except ValueError:
        store.close()
        raise
    set_language(chosen)
    catalog, pending = load_catalog_for_start(
        data_dir, extra_banks, builtin=builtin, language=chosen
    )
    return QuizContext(
        data_dir=data_dir,
        catalog=catalog,
        store=store,
        clock=clock,
        rng=random.Random(seed),
        extra_banks=extra_banks,
        builtin=builtin,
        language=chosen,
        pending_cache=pending,
    )
