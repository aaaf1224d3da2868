"""Command line: ``quizroom serve``, ``quizroom quiz validate`` (also under ``flask``)."""
from __future__ import annotations

import errno
import gc
import logging
import os
import signal
import sys
from pathlib import Path

import click

from . import config
from .config import ASYNC_MODES
from .game import nickname
from .supervisor import SUPERVISED

LISTEN_ERRORS = (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL)


@click.group(help="QuizRoom: a self-hosted live quiz server. "
                  "Run `quizroom serve`, then open http://127.0.0.1:5000/host.")
@click.version_option(package_name="quizroom", prog_name="quizroom")
def cli():
    pass


@cli.command(help="Run the server. Without REDIS_URL an embedded redis-server is started, "
                  "keeping its data in the instance folder.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=lambda: config.port(),
              show_default="5000 or $PORT", help="Port to listen on.")
@click.option("--async-mode", type=click.Choice(ASYNC_MODES),
              default=lambda: os.environ.get("QUIZROOM_ASYNC_MODE", "gevent"),
              show_default="gevent or $QUIZROOM_ASYNC_MODE",
              help="Concurrency model; the entry point patches for it before loading.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Run this many server processes on ports PORT..PORT+N-1, sharing Redis "
                   "(put a proxy with sticky sessions in front; see docs/deploy.md).")
@click.option("--access-log/--no-access-log", default=False, show_default=True,
              help="Log every HTTP and long-poll request (off: a game of 7 minutes "
                   "otherwise fills the terminal with hundreds of lines).")
def serve(host, port, async_mode, workers, access_log):
    os.environ["QUIZROOM_ASYNC_MODE"] = async_mode
    _check_ports(host, port, workers)
    from .embedded_redis import EmbeddedRedis

    embedded = None if os.environ.get("REDIS_URL") else EmbeddedRedis(_instance_path())
    if workers > 1:
        from .supervisor import supervise
        url = os.environ.get("REDIS_URL") or embedded.ensure_running()
        _startup_checks(url, os.environ.get("QUIZROOM_KEY_PREFIX", "qr:"), host)
        supervise(workers, host, port, async_mode, url, access_log,
                  on_exit=(lambda: embedded.stop(say=_say)) if embedded else lambda: None)
        return
    from . import create_app
    from .extensions import socketio
    # the factory's own checks cannot know the address; the ones below do
    app = create_app({"QUIZROOM_STARTUP_CHECKS": False})
    if embedded is not None:
        embedded = app.extensions.get("embedded_redis", embedded)

    def shutdown():
        _say("QuizRoom shutting down")
        app.extensions["quizroom"].ticker.stop()
        if embedded is not None:
            # stopped only if no other QuizRoom of this install still uses it
            embedded.stop(say=_say)
        # exit at once: open websockets would otherwise keep the server loop alive
        os._exit(0)

    def stop(signum, _frame):
        # under gevent a signal handler runs inside the event loop, where blocking
        # calls (the redis shutdown) are not allowed: do the work in a task
        socketio.start_background_task(shutdown)

    # SIGHUP: the terminal was closed; the embedded redis lives in its own session
    # and would otherwise outlive the server
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, stop)
    _quiet_access_log(not access_log)
    click.echo(f"QuizRoom on http://{host}:{port}  (async mode {async_mode}, "
               f"redis {app.config['REDIS_URL']})")
    _startup_checks(app.config["REDIS_URL"], app.config["QUIZROOM_KEY_PREFIX"], host)
    app.extensions["quizroom"].ticker.ensure_started()
    _raise_open_files_limit()
    nickname.warm_up()
    # everything loaded so far lives as long as the process: keep it out of every
    # later full collection, which then only scans the players' objects
    gc.freeze()
    extra = {"max_size": app.config["QUIZROOM_MAX_CONNECTIONS"]} if async_mode == "eventlet" else {}
    try:
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True,
                     log_output=access_log, **extra)
    except OSError as exc:
        if exc.errno not in LISTEN_ERRORS:
            raise
        from .startup import listen_error
        # taken since _check_ports looked: said the same way, and nothing left behind
        click.echo(f"Error: {listen_error(host, port, exc)}", err=True)
        if embedded is not None:
            embedded.stop(say=_say)
        os._exit(1)


def _check_ports(host: str, port: int, workers: int) -> None:
    """Before anything starts (an embedded Redis, the workers) or says where it listens."""
    from .startup import cannot_listen
    if port + workers - 1 > 65535:
        raise SystemExit(f"Error: --workers {workers} from --port {port} would go past "
                         "port 65535")
    for each in range(port, port + workers):
        problem = cannot_listen(host, each)
        if problem:
            raise SystemExit(f"Error: {problem}")


def _startup_checks(url: str, prefix: str, host: str) -> None:
    """Say plainly what could lose the library or leave it open to the network: once,
    by the process the operator started (a supervised worker leaves it to its parent)."""
    from .store.client import make_client
    from .startup import startup_warnings
    if os.environ.get(SUPERVISED):
        return
    client = make_client(url, 2)
    try:
        for warning in startup_warnings(client, prefix, host):
            click.echo(f"WARNING: {warning}", err=True)
    finally:
        client.close()


def _say(line: str) -> None:
    """A line on the terminal, which may be gone already (closed, hence SIGHUP)."""
    try:
        print(line, flush=True)
    except OSError:
        pass


def _quiet_access_log(quiet: bool) -> None:
    # gevent-websocket's handler logs each request through the logging module (its
    # own logger, passed up to the root handler) whatever the WSGI server's `log`
    # argument says; eventlet and plain pywsgi follow socketio.run's log_output
    logging.getLogger("geventwebsocket.handler").setLevel(
        logging.WARNING if quiet else logging.INFO)


def _raise_open_files_limit() -> None:
    """Every player is an open socket: the usual soft limit of 1024 files is too few."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _instance_path() -> str:
    """The same folder create_app will use (Flask's default unless overridden)."""
    from flask import Flask
    return os.environ.get("QUIZROOM_INSTANCE_PATH") or Flask(
        "server.app", instance_relative_config=True).instance_path


@click.group("quiz", help="Quiz pack tools.")
def quiz_group():
    pass


@quiz_group.command("validate", help="Check quiz pack files (or folders of them); "
                                     "every problem is listed with its path.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def validate(paths):
    from .game.pack import PackError
    from .service.quizzes import load_pack_file
    files = []
    for path in paths:
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    failed = 0
    for path in files:
        try:
            quiz = load_pack_file(path)
        except PackError as exc:
            failed += 1
            click.echo(f"{path}: {len(exc.errors)} problem(s)")
            for err in exc.errors:
                click.echo(f"  {err}")
        else:
            click.echo(f"{path}: ok ({quiz.id}, {len(quiz.questions)} questions)")
    if not files:
        click.echo("no .json files found", err=True)
    sys.exit(1 if failed or not files else 0)


cli.add_command(quiz_group)

from .cli_library import host_group, library_group  # noqa: E402 - after cli exists

cli.add_command(host_group)
cli.add_command(library_group)
