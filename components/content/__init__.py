"""Each page's content as sections, built from the data by pure functions (one module per topic); no Streamlit."""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path

from .. import data
from . import city, digital, home, innovation, investment, sources
from .base import Ctx, Loader, make_ctx
from .model import PageContent

MODULES = {"home": home, "innovation": innovation, "investment": investment, "city": city, "digital": digital,
           "sources": sources}


def fresh_loader(folder=None) -> Loader:
    """A loader that reads straight from disk (data.load(..., fresh=True)): the command line and tests."""
    return partial(data.load, folder=folder, fresh=True)


def build_page(key: str, lang: str, load: Loader | None = None) -> PageContent:
    """A page's sections in one language, from the tables `load` returns (it raises DataError for a bad file);
    by default straight from disk."""
    module = MODULES[key]
    return module.build(make_ctx(lang, module.TABLES, load or fresh_loader()))


@lru_cache(maxsize=48)
def _content(key: str, lang: str, folder: str, stamp: tuple) -> PageContent:
    return build_page(key, lang, partial(data.load, folder=Path(folder)))


def content_for(key: str, lang: str) -> PageContent:
    """A page's sections for the running app, from the data store (data.load): built once per version of the
    data files (their mtimes and sizes) and language."""
    folder = data.data_dir()
    return _content(key, lang, str(folder), data.all_files_stamp(folder))


__all__ = ["Ctx", "MODULES", "PageContent", "build_page", "content_for", "fresh_loader"]
