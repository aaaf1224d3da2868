"""The ``quizroom`` command. Monkey-patching happens here, before Flask or redis load."""
from __future__ import annotations

import os
import sys


def _async_mode(argv) -> str:
    for i, arg in enumerate(argv):
        if arg == "--async-mode" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--async-mode="):
            return arg.split("=", 1)[1]
    return os.environ.get("QUIZROOM_ASYNC_MODE", "gevent")


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if "serve" in argv:
        mode = _async_mode(argv)
        os.environ["QUIZROOM_ASYNC_MODE"] = mode
        # the only place that touches gevent or eventlet directly
        if mode == "gevent":
            from gevent import monkey
            monkey.patch_all()
        elif mode == "eventlet":
            import eventlet
            eventlet.monkey_patch()
    from .cli import cli
    cli.main(args=argv, prog_name="quizroom")


if __name__ == "__main__":
    main()
