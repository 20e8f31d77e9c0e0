"""Innovation: how fast the innovation base grew in 2020, what has been built, and what is coming."""

from components.page import page_setup
from components.render.draw import render

render(page_setup("innovation"))
