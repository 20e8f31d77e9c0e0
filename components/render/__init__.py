"""Renderers of a page's sections: draw.render() for the web page and the meeting's slides (Streamlit), pptx for
the briefing deck (python-pptx, no Streamlit)."""
