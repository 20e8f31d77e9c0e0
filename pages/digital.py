"""Digital governance: where each initiative stands, the graduate app, the service promise; usage not disclosed."""

from components.page import page_setup
from components.render.draw import render

render(page_setup("digital"))
