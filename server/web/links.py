"""Links to a room (join, host, screen, QR code) and which host they point at.

A link shown on the projector or encoded in the QR code must never point at a
host an attacker chose. In order of preference:

1. ``QUIZROOM_PUBLIC_URL``: every link is built from it, whatever the request said.
2. ``QUIZROOM_TRUSTED_HOSTS``: Flask refuses (400) any request whose Host is not
   listed, so a link built from the Host is one the operator listed.
3. Neither (a laptop on the kitchen table, reached by its LAN address): links are
   built from the request's Host, so players can join by whatever address they
   reached the laptop with; a response carrying such a link says ``Vary: Host``
   and ``Cache-Control: private``, so no shared cache hands one client's link to
   another.

``X-Forwarded-Host`` is never trusted (see app.py): the proxy passes the Host
itself, and a header any client can add must not pick the link's host.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, g, request

from ..game.errors import GameError


def base_url() -> str:
    public = current_app.config["QUIZROOM_PUBLIC_URL"]
    if public:
        return public.rstrip("/")
    if not request.host:  # werkzeug gives "" for a Host with characters no host has
        raise GameError("bad_host", "the Host header is missing or malformed")
    g.links_from_host = True
    return request.host_url.rstrip("/")


def trusted_hosts(config: dict) -> list[str] | None:
    """Flask's TRUSTED_HOSTS from QUIZROOM_TRUSTED_HOSTS, plus the public URL's host."""
    hosts = [h.strip() for h in config["QUIZROOM_TRUSTED_HOSTS"].split(",") if h.strip()]
    if not hosts:
        return None
    public = urlsplit(config["QUIZROOM_PUBLIC_URL"]).hostname
    if public and public not in hosts:
        hosts.append(public)
    return hosts


def init_app(app: Flask) -> None:
    hosts = trusted_hosts(app.config)
    if hosts:
        app.config["TRUSTED_HOSTS"] = hosts

    @app.after_request
    def not_shared_across_hosts(response):
        if g.get("links_from_host"):
            response.vary.add("Host")
            response.cache_control.public = False
            response.cache_control.private = True
        return response
