"""Every environment variable the app reads, in one place (README's table says what each does)."""

from __future__ import annotations

DATA_DIR_ENV = "ZHENHAI_DATA_DIR"  # the folder of the CSV files (default: the project's data/)
PUBLIC_URL_ENV = "ZHENHAI_PUBLIC_URL"  # the dashboard's public address: QR codes and the briefing's title slide
BASEMAP_ENV = "ZHENHAI_BASEMAP"  # the city map's tiles: auto, carto or none
NO_PRELOAD_ENV = "ZHENHAI_NO_PRELOAD"  # the benchmark's comparison: the title slide does not preload plotly.js
# Tests only: the auto-play floor in seconds, decimals allowed (a deployment never sets it; the loop test runs at
# 0.3 s a slide).
TEST_PLAY_MIN_SECONDS_ENV = "ZHENHAI_TEST_PLAY_MIN_SECONDS"
