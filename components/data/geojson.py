"""GeoJSON files: read, and every position checked to be a WGS-84 point in the Ningbo area."""

from __future__ import annotations

import json
from pathlib import Path

from .messages import DataError, Problem
from .schema import GEOJSON_FILES, LAT_RANGE, LON_RANGE, data_dir, decode


def read_geojson(name: str, folder: Path | None = None) -> dict:
    """Read a GeoJSON file and check every coordinate is a WGS-84 point in the Ningbo area."""
    file = GEOJSON_FILES[name]
    return parse_geojson(name, decode((folder or data_dir()) / file, file))


def parse_geojson(name: str, text: str) -> dict:
    file = GEOJSON_FILES[name]
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError([Problem(file, e.lineno, None, None, "json_invalid", (("detail", e.msg),))]) from None
    except (ValueError, RecursionError) as e:
        raise DataError([Problem(file, code="geojson_invalid", params=(("detail", type(e).__name__),))]) from None
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list) or not feats:
        raise DataError([Problem(file, code="geojson_empty")])
    problems = []
    for i, f in enumerate(feats):
        try:
            points = list(_points(f["geometry"]["coordinates"]))
        except (KeyError, TypeError, RecursionError):
            problems.append(Problem(file, None, f"features[{i}]", None, "geojson_feature"))
            continue
        for lon, lat in points:
            if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                problems.append(Problem(file, None, f"features[{i}]", f"{lon}, {lat}", "geojson_outside"))
                break
    if problems:
        raise DataError(problems)
    return doc


def _points(coords):
    if isinstance(coords, (list, tuple)) and len(coords) >= 2 and all(isinstance(c, (int, float)) for c in coords[:2]):
        yield float(coords[0]), float(coords[1])
        return
    if not isinstance(coords, (list, tuple)):
        raise TypeError("not a coordinate list")
    for c in coords:
        yield from _points(c)

