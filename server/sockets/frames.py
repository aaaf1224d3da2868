"""Refuse an oversized websocket frame by its header, before its payload is read.

gevent-websocket's ``WebSocket.read_frame`` reads the two to ten header bytes, then
``raw_read(header.length)``: the whole payload, however large the header says it is,
and only then does Engine.IO compare the message with its cap. One 200 MB frame
cost 467 MB of memory before it was refused. ``Header.decode_header`` is where the
announced length is first known, so the cap is checked right there. Fragments of
one message (continuation frames) count together, or a large message split into
small frames would still be gathered whole by ``read_message``.

eventlet's server refuses a single frame by its header (Engine.IO hands it
``max_frame_length``) but checks frames one by one: a message of many 60 kB
continuation frames was gathered whole (39 MB in 8 s, and on). There the
running total of the message is checked as each piece arrives, so at most one
frame past the cap is read.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def cap_gevent_websocket_frames(max_bytes: int) -> None:
    try:
        from geventwebsocket.exceptions import FrameTooLargeException
        from geventwebsocket.websocket import Header, WebSocket
    except ImportError:  # eventlet or threading mode without gevent-websocket
        return
    decode = getattr(Header.decode_header, "__quizroom_original__", Header.decode_header)

    def decode_header(cls, stream):
        header = decode.__func__(cls, stream)
        # Stream and WebSocket have __slots__: the running total lives on the
        # connection's handler, which has one websocket for its whole life
        conn = stream.handler
        if header.opcode in (WebSocket.OPCODE_TEXT, WebSocket.OPCODE_BINARY):
            conn.quizroom_message_bytes = header.length
        elif header.opcode == WebSocket.OPCODE_CONTINUATION:
            conn.quizroom_message_bytes = \
                getattr(conn, "quizroom_message_bytes", 0) + header.length
        else:  # control frames are at most 125 bytes and not part of the message
            return header
        if conn.quizroom_message_bytes > max_bytes:
            log.warning("refused a websocket message of %d bytes or more (cap %d)",
                        conn.quizroom_message_bytes, max_bytes)
            # a ProtocolError: gevent-websocket closes the connection (1002) unread
            raise FrameTooLargeException("message larger than the server's cap")
        return header

    decode_header.__quizroom_original__ = decode
    Header.decode_header = classmethod(decode_header)


def cap_eventlet_websocket_messages(max_bytes: int) -> None:
    from eventlet.websocket import FailedConnectionError, RFC6455WebSocket
    message = RFC6455WebSocket.Message
    push = getattr(message.push, "__quizroom_original__", message.push)

    def capped_push(self, data, final=False):
        # one Message per websocket message, its fragments included
        self.quizroom_bytes = getattr(self, "quizroom_bytes", 0) + len(data)
        if self.quizroom_bytes > max_bytes:
            log.warning("refused a websocket message of %d bytes or more (cap %d)",
                        self.quizroom_bytes, max_bytes)
            # eventlet closes the connection with this status (1009: message too big)
            raise FailedConnectionError(1009, "message larger than the server's cap")
        return push(self, data, final)

    capped_push.__quizroom_original__ = push
    message.push = capped_push
