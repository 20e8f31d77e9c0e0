"""Work drawn from the page's content is done once, not on every rerun (components/kept.py)."""

from __future__ import annotations

from conftest import run_page

from components.kept import Kept


class Owner:
    pass


def test_kept_work_is_made_once_per_owner_and_key_and_the_oldest_let_go():
    made = []
    kept: Kept[str] = Kept(2)

    def make(tag):
        made.append(tag)
        return tag

    a, b, c = Owner(), Owner(), Owner()
    assert kept.get(a, 1, lambda: make("a1")) == "a1"
    assert kept.get(a, 1, lambda: make("again")) == "a1"
    assert kept.get(a, 2, lambda: make("a2")) == "a2"  # another key, made
    assert kept.get(b, 1, lambda: make("b1")) == "b1"  # a third entry: a's first is let go
    assert len(kept) == 2
    assert kept.get(a, 1, lambda: make("a1 again")) == "a1 again"
    assert made == ["a1", "a2", "b1", "a1 again"]
    assert kept.get(c, 1, lambda: "c1") == "c1"


def test_a_new_object_at_a_reused_address_is_not_taken_for_the_old_one():
    kept: Kept[str] = Kept(8)
    first = Owner()
    kept.get(first, "k", lambda: "old")
    # Forge the case: an entry whose owner is another object under this one's id.
    other = Owner()
    kept._items[(id(other), "k")] = (first, "old")
    assert kept.get(other, "k", lambda: "new") == "new"


def test_a_rerun_builds_no_figure_and_no_map_again(monkeypatch):
    """The second run of a page (the same session, or a new one on a warm server) builds no Plotly figure, no drawn
    map and no deck: they are kept beside the page's cached content."""
    from components import maps
    from components.figures import built
    from components.render import mapsvg, mapview

    # Empty stores, whatever ran before in this process.
    monkeypatch.setattr(built, "_kept", Kept(256))
    monkeypatch.setattr(mapview, "_decks", Kept(64))
    monkeypatch.setattr(mapview, "_svgs", Kept(128))
    calls = {"figure": 0, "deck": 0, "svg": 0}

    def counting(name, real):
        def count(*a, **k):
            calls[name] += 1
            return real(*a, **k)
        return count

    monkeypatch.setattr(built, "build_figure", counting("figure", built.build_figure))
    monkeypatch.setattr(maps, "build_city_deck", counting("deck", maps.build_city_deck))
    monkeypatch.setattr(mapsvg, "map_svg", counting("svg", mapsvg.map_svg))
    views = (("investment", {}), ("city", {}), ("city", {"map": "zoom"}))
    for key, params in views:
        at = run_page(key, "en", **params)
        assert not at.exception
        at.run()
        at.run()
    first = dict(calls)
    assert first["figure"] > 0 and first["deck"] > 0 and first["svg"] > 0  # the counters see the builders
    for key, params in views:
        at = run_page(key, "en", **params)
        at.run()
        assert not at.exception
    assert calls == first, (first, calls)
