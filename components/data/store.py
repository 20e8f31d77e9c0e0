"""The one loader, load(): a table or GeoJSON file by name, through a per-process store that re-reads a file
when it changes and keeps the last valid version while a file is invalid (stale() says so)."""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .geojson import read_geojson
from .messages import DataError, Problem
from .read import read_checked
from .schema import GEOJSON_FILES, TABLES, data_dir

# Each (folder, table) has one entry per process, shared by every session (Streamlit runs sessions in
# threads). A table is re-read when the size or mtime of one of its files changes. A file that changed
# within SETTLE seconds may still be being written, so the read waits until its stamp has been still that
# long and is the same before and after the read; a read that never settles within a few tries keeps the
# last good version. When the new version is invalid, pages get the last good version and stale() says
# so; with no good version yet (a cold start) the DataError goes to the page, as a located error.

SETTLE = 0.3
SETTLE_TRIES = 8
_STORE_MAX = 64
_clock = time.time
_sleep = time.sleep


def _stamp(files: list[str], folder: Path) -> tuple:
    out = []
    for f in files:
        try:
            s = (folder / f).stat()
            out.append((f, s.st_mtime_ns, s.st_size))
        except OSError:
            out.append((f, None, None))
    return tuple(out)


def table_stamp(name: str, folder: Path | None = None) -> tuple:
    """A fingerprint of the files a table is read from (mtime and size), for caches built on it."""
    folder = folder or data_dir()
    return _stamp(_files_for(name), folder)


def all_files_stamp(folder: Path | None = None) -> tuple:
    """A fingerprint of every data file, for caches of things built from all of them."""
    folder = folder or data_dir()
    return _stamp([t.file for t in TABLES.values()] + list(GEOJSON_FILES.values()), folder)


def _files_for(name: str) -> list[str]:
    if name in GEOJSON_FILES:
        return [GEOJSON_FILES[name]]
    return list(dict.fromkeys([TABLES[name].file] + [TABLES[t].file for t in TABLES[name].refs.values()]))


def _newest(stamp: tuple) -> float | None:
    times = [m for _, m, _ in stamp if m is not None]
    return max(times) / 1e9 if times else None


@dataclass(frozen=True)
class Stale:
    """A table whose files are invalid now, while pages show its last valid version."""

    table: str
    problems: tuple[Problem, ...]
    valid_at: datetime     # when the version being shown was saved (the newest mtime of its files)
    broken_at: datetime    # when the invalid version was saved

    @property
    def files(self) -> list[str]:
        return sorted({p.file for p in self.problems})


@dataclass
class _Entry:
    stamp: tuple
    value: object = None               # this stamp's data when valid
    error: DataError | None = None     # this stamp's problems when invalid
    good: object = None                # the last valid data
    good_stamp: tuple | None = None


_STORE: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
_STORE_LOCK = threading.Lock()
_KEY_LOCKS: dict[tuple[str, str], threading.Lock] = {}


def _key_lock(key: tuple[str, str]) -> threading.Lock:
    with _STORE_LOCK:
        return _KEY_LOCKS.setdefault(key, threading.Lock())


def _settled_read(read: Callable[[], object], files: list[str], folder: Path) -> tuple[tuple, object, bool]:
    """(stamp, data or DataError, settled): read once the files have been still for SETTLE seconds and are
    unchanged across the read."""
    for _ in range(SETTLE_TRIES):
        before = _stamp(files, folder)
        newest = _newest(before)
        age = _clock() - newest if newest is not None else SETTLE
        if age < SETTLE:
            _sleep(min(SETTLE, SETTLE - age))  # a save may be in progress: give it time to finish
            continue
        try:
            result = read()
        except DataError as e:
            result = e
        if _stamp(files, folder) == before:
            return before, result, True
    try:
        result = read()
    except DataError as e:
        result = e
    return _stamp(files, folder), result, False


def _read(name: str, folder: Path):
    """Straight from disk: a GeoJSON file, or a table with the references it makes."""
    return read_geojson(name, folder) if name in GEOJSON_FILES else read_checked(name, folder)


def _stored(name: str, folder: Path | None = None):
    folder = folder or data_dir()
    key = (str(folder), name)
    files = _files_for(name)

    def read():
        return _read(name, folder)

    with _key_lock(key):
        with _STORE_LOCK:
            entry = _STORE.get(key)
            if entry is not None:
                _STORE.move_to_end(key)
        if entry is None or entry.stamp != _stamp(files, folder):
            stamp, result, settled = _settled_read(read, files, folder)
            if not settled and entry is not None and entry.good is not None:
                return entry.good  # still being written: keep what we had, look again next time
            good = entry.good if entry is not None else None
            good_stamp = entry.good_stamp if entry is not None else None
            if isinstance(result, DataError):
                entry = _Entry(stamp, None, result, good, good_stamp)
            else:
                entry = _Entry(stamp, result, None, result, stamp)
            with _STORE_LOCK:
                _STORE[key] = entry
                while len(_STORE) > _STORE_MAX:
                    _STORE.popitem(last=False)
        if entry.error is None:
            return entry.value
        if entry.good is not None:
            return entry.good
        raise entry.error


def load(name: str, folder: Path | None = None, *, fresh: bool = False):
    """A table (validated, with the references it makes to other tables) or a GeoJSON file, by name.

    Through the store (the default, for pages): re-read when one of its files changes, and the last valid
    version while a file is invalid (stale() says so); raises DataError when it has never been valid in this
    process. fresh=True reads straight from disk and raises any DataError (the command line, the briefing
    command, tests of a file just written). Either way the caller gets its own copy."""
    if fresh:
        return _read(name, folder or data_dir())
    value = _stored(name, folder)
    # A copy: pages may add columns, and every session shares the store.
    return copy.deepcopy(value) if name in GEOJSON_FILES else value.copy()


def stale(name: str, folder: Path | None = None) -> Stale | None:
    """Whether the table (or GeoJSON file) is being shown from its last valid version, and why."""
    folder = folder or data_dir()
    key = (str(folder), name)
    with _STORE_LOCK:
        entry = _STORE.get(key)
    if entry is None:
        return None
    if entry.stamp != _stamp(_files_for(name), folder):
        try:  # the files changed since the last load: look now, so a banner is never a page behind
            _stored(name, folder)
        except DataError:
            pass
        with _STORE_LOCK:
            entry = _STORE.get(key)
    if entry is None or entry.error is None or entry.good is None:
        return None
    return Stale(name, tuple(entry.error.problems), _as_time(_newest(entry.good_stamp)),
                 _as_time(_newest(entry.stamp)))


def stale_all(folder: Path | None = None) -> list[Stale]:
    """Every table of the folder that pages show from its last valid version, in TABLES order."""
    folder = folder or data_dir()
    with _STORE_LOCK:
        names = [n for f, n in _STORE if f == str(folder)]
    order = list(TABLES) + list(GEOJSON_FILES)
    found = [stale(n, folder) for n in sorted(names, key=order.index)]
    return [s for s in found if s is not None]


def clear_store() -> None:
    """Forget every loaded version (tests; a process starts empty)."""
    with _STORE_LOCK:
        _STORE.clear()


def _as_time(seconds: float | None) -> datetime:
    return datetime.fromtimestamp(seconds if seconds is not None else 0).astimezone()

