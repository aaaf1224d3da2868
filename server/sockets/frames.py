"""Refuse an oversized websocket frame by its header, before its payload is read.

gevent-websocket's ``WebSocket.read_frame`` reads the two to ten header bytes, then
``raw_read(header.length)``: the whole payload, however large the header says it is,
and only then does Engine.IO compare the message with its cap. One 200 MB frame
cost 467 MB of memory before it was refused. ``Header.decode_header`` is where the
announced length is first known, so the cap is checked right there. Fragments of
one message (continuation frames) count together, or a large message split into
small frames would still be gathered whole by ``read_message``.

eventlet's server already refuses by the header (Engine.IO hands it
``max_frame_length``), so this only patches gevent-websocket, when it is installed.
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
