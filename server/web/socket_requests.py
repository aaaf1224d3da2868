"""What Flask does for every Socket.IO event, made cheap.

Flask-SocketIO runs each event inside a Flask request context built from the
connection's handshake environ. Pushing one does two things that cost far more
than the event itself:

- It matches the URL. ``/socket.io/`` is no Flask route (the Socket.IO
  middleware answers it before Flask), so matching raised NotFound, and the
  exception, kept on the request with its traceback, tied the event's frames
  into a reference cycle: about seventy objects per event that only the cyclic
  garbage collector could free. In a 1000-player game its passes took about
  40% of the server's CPU. Routes for the path make the match succeed.
- It opens the session. With Flask-Session that is a Redis read per event for
  a browser with a session cookie, although Flask-SocketIO then swaps in its
  own copy of the session, taken at the connection's first event and kept in
  its environ. The session interface hands that copy back at once instead.
"""
from __future__ import annotations

from flask import jsonify

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


def _not_here():
    # never reached over HTTP (the middleware takes the path first); only matched
    return jsonify({"error": {"code": "not_found", "message": "Socket.IO lives here"}}), 404


def init_app(app, socketio_path: str) -> None:
    """Call after the session extension and Flask-SocketIO are bound to ``app``."""
    app.session_interface = SocketAwareSessions(app.session_interface)
    # one rule for polling connections, one for websocket ones: werkzeug refuses a
    # websocket request that matches a plain rule (and the other way round)
    # websocket request that matches a plain rule (and the other way round); without
    # strict slashes "/socket.io" matches too, instead of raising a redirect
    for websocket in (False, True):
        app.add_url_rule(socketio_path, endpoint=f"socketio_{'ws' if websocket else 'http'}",
                         view_func=_not_here, websocket=websocket, strict_slashes=False)
