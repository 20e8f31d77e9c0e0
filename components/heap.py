"""The server's long-lived objects kept out of the garbage collector's full passes.

After every script run Streamlit calls gc.collect(2) (its runner.postScriptGC option), which walks every object the
process tracks: with pandas, Plotly, pydeck and the app imported, about 120,000, 50-60 ms on this machine. The
collection holds Python's lock, so the message that tells the browser the run has finished waits behind it: every
page view and every click's rerun was that much later. gc.freeze() once, when the first page starts (everything
imported, nothing of a session yet), moves those objects to a generation the collector never walks; the pass after
each run then only walks what runs created (well under a millisecond). What runs leave behind is still collected
as before; the frozen objects are modules, classes and functions that live as long as the process.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_once() -> bool:
    """Move every object alive now out of the collector's passes, once per process. True the first time."""
    global _frozen
    if _frozen:
        return False
    gc.collect()  # what is garbage now is collected, not frozen
    gc.freeze()
    _frozen = True
    return True
