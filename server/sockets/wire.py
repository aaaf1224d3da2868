"""The wire format: the JSON module python-socketio decodes with, and a packet guard.

The stock decoder raises RecursionError on a deeply nested payload (a 64 kB
message fits 30,000 levels) inside python-socketio, before any handler runs:
the client never gets an ack and the log gets a traceback. Here such a
payload, or one that is not JSON at all, becomes a ``BAD_PAYLOAD`` event, which
a handler answers with a bad_request ack like any other bad input.
"""
from __future__ import annotations

import json
import logging

log = logging.getLogger(__name__)

BAD_PAYLOAD = "quizroom:bad-payload"
RESERVED_EVENT = "quizroom:reserved-event"
# python-socketio routes an event a client names like this to its own handlers: a
# client's "disconnect" ran the disconnect handler (the player went offline while the
# socket stayed) and "*" reached the catch-all with its arguments shifted
RESERVED_NAMES = frozenset({"connect", "disconnect", "connect_error", "*",
                            BAD_PAYLOAD, RESERVED_EVENT})
dumps = json.dumps


def loads(text, *args, **kwargs):
    try:
        data = json.loads(text, *args, **kwargs)
    except RecursionError:
        return [BAD_PAYLOAD, "payload: nested too deeply"]
    except ValueError:
        return [BAD_PAYLOAD, "payload: not valid JSON"]
    if type(data) is list and data and type(data[0]) is str and data[0] in RESERVED_NAMES:
        return [RESERVED_EVENT, data[0]]
    return data


def guard_malformed_packets(sio_server) -> None:
    """Drop a client that sends a packet python-socketio cannot even parse.

    Such packets (an unknown packet type, a broken binary attachment) raise
    inside python-socketio and would print a traceback per packet, a cheap way
    to flood the log. The sender is not a real Socket.IO client: one warning
    line, then disconnect it, as Engine.IO does with an oversized message.
    """
    handle = sio_server._handle_eio_message

    def guarded(eio_sid, data):
        try:
            return handle(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            log.warning("malformed Socket.IO packet from %s (%s); disconnecting it", eio_sid,
                        exc)
            sio_server.eio.disconnect(eio_sid)

    sio_server.eio.on("message", guarded)
