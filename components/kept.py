"""Work kept beside the object it was worked out from, so a rerun does not do it again.

A page's content (chart specs, map features) comes from a cache (content.content_for), so the same objects come
back on every rerun until the data changes. What is drawn from them (a chart's JSON, a map's deck) is kept here,
looked up by the object's identity and checked to be that very object: a new version of the data brings new
objects, and the oldest work is let go. No Streamlit; safe across the server's session threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Kept(Generic[T]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple, tuple[object, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, owner: object, key: Hashable, make: Callable[[], T]) -> T:
        """make()'s result for (owner, key), made once while owner is alive and kept."""
        k = (id(owner), key)
        with self._lock:
            hit = self._items.get(k)
            if hit is not None and hit[0] is owner:  # that object, not a new one at a reused address
                self._items.move_to_end(k)
                return hit[1]
        value = make()
        with self._lock:
            self._items[k] = (owner, value)  # holding the owner keeps its address from being reused
            self._items.move_to_end(k)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)
