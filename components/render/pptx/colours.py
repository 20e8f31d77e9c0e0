"""The deck's colours and fonts, in python-pptx's form ('RRGGBB'), from the design tokens (components/tokens.py)."""

from __future__ import annotations

from ... import tokens

BLUE, SKY = tokens.hex_of("blue"), tokens.hex_of("sky")
VERMILLION, GREEN, ORANGE = tokens.hex_of("vermillion"), tokens.hex_of("green"), tokens.hex_of("orange")
GREY, PURPLE = tokens.hex_of("grey"), tokens.hex_of("purple")
TEXT, MUTED, RULE, PANEL = (tokens.hex_of(c) for c in (tokens.TEXT, tokens.MUTED, tokens.RULE, tokens.PANEL))
PALE_BLUE = tokens.hex_of(tokens.DERIVED_FILL)  # the derived fill, solid, as it prints
TRACK = tokens.hex_of(tokens.TRACK_FILL)  # the progress track, solid
STAGE_COLOURS = {stage: tokens.hex_of(name) for stage, name in tokens.STAGE_COLOUR.items()}
BADGE_COLOURS = {code: tokens.hex_of(name) for code, name in tokens.BADGE_COLOUR.items()}
OUTCOME_COLOURS = {status: tokens.hex_of(name) for status, name in tokens.OUTCOME_COLOUR.items()}

# Latin text in Arial (Liberation Sans has the same metrics, so the measurements hold everywhere); Chinese in
# Microsoft YaHei, which LibreOffice replaces by its zh-CN fallback (Noto Sans CJK SC here).
LATIN, EA = tokens.DECK_LATIN, tokens.DECK_EA
EA_PANOSE = "020B0503020204020204"
