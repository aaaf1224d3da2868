"""Host accounts: a stand-in until accounts exist; every page stays open."""
from __future__ import annotations


def host_required(view):
    return view


def current_host_name() -> str | None:
    return None
