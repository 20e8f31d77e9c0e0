"""Industry core: key projects from plan to delivery, investment growth, the Transfar centre, strategy."""

from components.page import page_setup
from components.render.draw import render

render(page_setup("investment"))
