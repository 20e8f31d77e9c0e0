"""Design tokens: the colours, looks and fonts every medium shares (page CSS, Plotly, the map, the deck).

Change a colour here and the page, the charts, the map and the PowerPoint briefing change together."""

from __future__ import annotations

# Okabe–Ito: distinguishable with the common colour-vision deficiencies, and mid-toned enough to
# read on both the light and the dark theme.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#8C8C8C",
}
SEQUENCE = [PALETTE[k] for k in ("blue", "orange", "green", "sky", "vermillion", "purple", "grey")]

# How a value was arrived at, drawn apart everywhere: reported solid blue; derived pale blue, hatched, dashed
# outline; plans and targets sky, hatched, dashed outline.
DERIVED_ALPHA = 0.22  # the derived fill: blue at this strength over the background
# The digital board's adoption stages, planned -> in service.
STAGE_COLOUR = {"planned": "grey", "building": "orange", "piloting": "sky", "in_service": "green"}
# A card's badge colour codes (Streamlit's badge colours) as palette names.
BADGE_COLOUR = {"green": "green", "blue": "blue", "orange": "orange", "grey": "grey", "red": "vermillion",
                "violet": "purple"}
# A plan's status against its outcome (data/outcomes.py): beaten blue, met green, partly orange, missed
# vermillion; not found grey and not entered a paler grey (nothing is known, so nothing is coloured good or bad).
OUTCOME_COLOUR = {"beaten": "blue", "met": "green", "partly": "orange", "missed": "vermillion",
                  "not_found": "grey", "not_entered": "#CFCFCF"}
LIGHT_OUTCOMES = ("not_entered",)  # segments light enough to need dark words on them

# Neutral tones on white (the printed deck, and the page's light theme).
TEXT = "#1A1A1A"
MUTED = "#595959"
RULE = "#C8C8C8"
PANEL = "#F7F7F5"
TRACK_ALPHA = 0.22  # the progress track on screen: grey at this strength
# The same two on paper, as solid colours that print like the faint ones on screen (the deck).
DERIVED_FILL = "#D6E6F2"
TRACK_FILL = "#E3E3E3"
CARD_BORDER_CSS = "rgba(128,128,128,.35)"  # card and KPI outlines on either theme

# Fonts. The page and Plotly: Streamlit's Source Sans for Latin, then the CJK fonts a viewer may have. The
# map's labels: CJK first (deck.gl draws one font for all). The deck: Arial for Latin (Liberation Sans has its
# metrics), Microsoft YaHei for Chinese (LibreOffice draws Noto Sans CJK SC in its place).
CJK_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"'
PAGE_FONT = f'"Source Sans", "Source Sans 3", "Source Sans Pro", {CJK_FONTS}, sans-serif'
CHART_FONT = f'"Source Sans", "Source Sans 3", {CJK_FONTS}, sans-serif'
MAP_FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
DECK_LATIN, DECK_EA = "Arial", "Microsoft YaHei"


def colour(name: str) -> str:
    """A palette name or a #hex colour, as #hex."""
    return PALETTE.get(name, name)


def hex_of(name: str) -> str:
    """'RRGGBB' without the hash (python-pptx's form), from a palette name or a #hex colour."""
    return colour(name).lstrip("#").upper()


def rgb(name: str, alpha: int = 255) -> list[int]:
    """[r, g, b, a] (deck.gl's form), from a palette name or a #hex colour."""
    h = hex_of(name)
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


def rgba(name: str, alpha: float) -> str:
    """'rgba(r,g,b,a)' (CSS and Plotly), from a palette name or a #hex colour."""
    r, g, b, _ = rgb(name)
    return f"rgba({r},{g},{b},{alpha})"

