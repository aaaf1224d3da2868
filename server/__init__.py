"""QuizRoom: a self-hosted live quiz server.

Importing the package stays light (no Flask import) so that the ``quizroom``
entry point can monkey-patch for gevent or eventlet before anything else loads.
"""


def create_app(overrides=None):
    from .app import create_app as _create_app
    return _create_app(overrides)
