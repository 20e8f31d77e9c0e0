"""City quality: the map of Line 2, the bridge and the north bank, the milestones, and the Xiepu link."""

from components.page import page_setup
from components.render.draw import render

render(page_setup("city"))
