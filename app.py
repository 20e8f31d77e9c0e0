"""Home: the four hard cores at a glance, with the period's goals (in presenter mode: the title slide first)."""

from components.page import page_setup
from components.render.draw import render

render(page_setup("home"))
