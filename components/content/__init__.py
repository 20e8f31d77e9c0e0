"""Each page's content as sections, built from the data by pure functions (one module per topic)."""

from __future__ import annotations

from .. import data
from . import city, digital, home, innovation, investment, sources
from .base import Ctx, Loader, make_ctx
from .model import PageContent

MODULES = {"home": home, "innovation": innovation, "investment": investment, "city": city, "digital": digital,
           "sources": sources}


def read_any(name: str, folder=None):
    """A table or GeoJSON file read straight from disk (no Streamlit): for the command line and tests."""
    if name in data.GEOJSON_FILES:
        return data.read_geojson(name, folder)
    return data.read_checked(name, folder)


def build_page(key: str, lang: str, load: Loader = read_any) -> PageContent:
    """A page's sections in one language, from the tables `load` returns (it raises DataError for a bad file)."""
    module = MODULES[key]
    return module.build(make_ctx(lang, module.TABLES, load))


__all__ = ["Ctx", "MODULES", "PageContent", "build_page", "read_any"]
