"""PowerPoint renderer: PageContent -> python-pptx slides (native charts, tables, text boxes, the map as shapes).

text (measuring and breaking lines), colours and base (geometry, XML helpers, text boxes, the Deck), cards,
tables, charts (one function per chart kind), map (the city map as shapes), deck (the slides in order)."""

from .base import Box, Deck, DeckMeta
from .charts import category_text
from .colours import EA, LATIN
from .deck import build_presentation, deck_bytes, new_presentation
from .map import Projection, clip_path, clip_polygon
from .text import line_height, wrap

__all__ = ["EA", "LATIN", "Box", "Deck", "DeckMeta", "Projection", "build_presentation", "category_text", "clip_path",
           "clip_polygon", "deck_bytes", "line_height", "new_presentation", "wrap"]
