"""components/heap.py: the objects alive when the first page starts are frozen once, out of the full collection
Streamlit runs after every script run."""

from __future__ import annotations

import gc

from conftest import run_page

from components import heap


def test_freeze_once_freezes_what_is_alive_and_only_once(monkeypatch):
    monkeypatch.setattr(heap, "_frozen", False)
    try:
        alive = len(gc.get_objects())
        assert heap.freeze_once() is True
        assert gc.get_freeze_count() >= alive * 0.9
        assert heap.freeze_once() is False, "froze a second time: what sessions hold then would never be collected"
        # The pass after a run now walks only what was made since: far less than the whole heap.
        assert len(gc.get_objects()) < alive / 10
    finally:
        gc.unfreeze()


def test_the_first_page_freezes(monkeypatch):
    calls = []
    monkeypatch.setattr(heap, "freeze_once", lambda: calls.append(1) or False)
    at = run_page("digital")
    assert not at.exception
    assert calls == [1]
