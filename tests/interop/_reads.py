"""For the real-SDK scripts here: run reads one by one, reporting a failure in place of its value."""

out: dict = {}


def read(name, fn):
    """Store ``fn()`` under ``name``, or ``{"error": "..."}`` if it raises, and carry on with the next read."""
    try:
        out[name] = fn()
    except Exception as exc:
        out[name] = {"error": f"{type(exc).__name__}: {exc}"}
