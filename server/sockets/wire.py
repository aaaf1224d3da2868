"""The wire format: the JSON module python-socketio decodes with, and packet guards.

The stock decoder raises RecursionError on a deeply nested payload (a 64 kB
message fits 30,000 levels) inside python-socketio, before any handler runs:
the client never gets an ack and the log gets a traceback. Here such a
payload, or one that is not JSON at all, becomes a ``BAD_PAYLOAD`` event, which
a handler answers with a bad_request ack like any other bad input.
"""
from __future__ import annotations

import json
import logging

from engineio import exceptions as engineio_errors
from engineio import socket as engineio_socket

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


class MalformedPayload(engineio_errors.EngineIOError):
    """Engine.IO answers these with 400 and forgets the session, logging nothing."""


def guard_malformed_payloads() -> None:
    """Refuse a long-polling POST that Engine.IO cannot take, at once and in one log line.

    python-engineio decodes at most 16 packets from one POST and raises
    ValueError past that (or on text that is not UTF-8); its request handler then
    logged a full ERROR traceback, answered 200 and kept the session, for every
    such request. What it does refuse (an unknown packet type, a body over the
    cap) it closes with a wait for the next GET to collect the close packet, so
    the POST itself was never answered. Here either is one warning, the session
    closed without waiting, and a 400. Patched on the class, once: python-engineio
    creates the sockets.
    """
    handle = engineio_socket.Socket.handle_post_request
    handle = getattr(handle, "__quizroom_original__", handle)

    def handle_post_request(self, environ):
        try:
            return handle(self, environ)
        except engineio_errors.SocketIsClosedError:
            raise  # closed already (the packet gate closed a flooder)
        except (ValueError, engineio_errors.EngineIOError) as exc:
            log.warning("malformed long-polling request from %s (%s): %s; closing it",
                        self.sid, environ.get("REMOTE_ADDR"),
                        str(exc).lower() or type(exc).__name__)
            self.close(wait=False, reason=self.server.reason.SERVER_DISCONNECT)
            raise MalformedPayload() from None

    handle_post_request.__quizroom_original__ = handle
    engineio_socket.Socket.handle_post_request = handle_post_request
