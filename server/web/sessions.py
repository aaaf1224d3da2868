"""Keeping the server-side session out of the Socket.IO event path.

Flask opens the session for every request context it pushes, and Flask-SocketIO
pushes one per Socket.IO event. With Flask-Session that is a Redis read per
answer for a browser that has a session cookie (and a fresh session object for
one that has not), although Flask-SocketIO then swaps in its own copy of the
session, taken at the connection's first event and kept in its environ. This
interface hands that copy back at once instead, so only the first event of a
connection reads the session store.
"""
from __future__ import annotations

# where Flask-SocketIO (with manage_session=True) keeps a connection's session copy
SAVED_SESSION = "saved_session"


class SocketAwareSessions:
    """Wraps the app's session interface; everything but opening is delegated."""

    def __init__(self, inner):
        self.inner = inner

    def open_session(self, app, request):
        saved = request.environ.get(SAVED_SESSION)
        if saved is not None:
            return saved
        return self.inner.open_session(app, request)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def init_app(app) -> None:
    """Call after the session extension has installed its interface."""
    app.session_interface = SocketAwareSessions(app.session_interface)
