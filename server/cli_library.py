"""``quizroom host ...`` (accounts) and ``quizroom library export|import`` (backups)."""
from __future__ import annotations

import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click

MEDIA = "media"  # DIR/media/<sha256>.<ext>: the images the exported quizzes use
EXTENSIONS = {"image/webp": "webp"}  # every stored image is a cleaned WebP


@contextmanager
def _redis_url():
    """REDIS_URL, or the embedded Redis's: started for the command if no server runs,
    and stopped after it unless a server has come to use it meanwhile."""
    url, embedded = os.environ.get("REDIS_URL"), None
    if not url:
        from .cli import _instance_path
        from .embedded_redis import EmbeddedRedis
        embedded = EmbeddedRedis(_instance_path())
        url = embedded.ensure_running()
    try:
        yield url
    finally:
        if embedded is not None:
            embedded.stop()


@contextmanager
def _redis(with_media=False):
    """A client for the library and accounts; with ``with_media``, (client, MediaService)
    whose client reads images as bytes."""
    from .store.client import make_client
    from .store.media import make_bytes_client
    with _redis_url() as url:
        client = make_client(url, 4)
        binary = make_bytes_client(url, 4) if with_media else None
        try:
            yield (client, _media(binary)) if with_media else client
        finally:
            client.close()
            if binary is not None:
                binary.close()


def _media(client):
    from .service.media import MediaService
    from .store.keys import Keys
    from .store.media import MediaStore
    return MediaService(MediaStore(client, Keys(os.environ.get("QUIZROOM_KEY_PREFIX", "qr:"))))


def _now() -> int:
    return int(time.time() * 1000)


def _services(client):
    from .config import ROOT
    from .service.accounts import Accounts
    from .service.library import LibraryService
    from .service.quizzes import PackLibrary
    from .store.accounts import AccountStore
    from .store.keys import Keys
    from .store.library import LibraryStore
    keys = Keys(os.environ.get("QUIZROOM_KEY_PREFIX", "qr:"))
    store = LibraryStore(client, keys, int(os.environ.get("QUIZROOM_TRASH_TTL") or 30 * 86400))
    packs = PackLibrary(os.environ.get("QUIZROOM_SEEDS_DIR", str(ROOT / "seeds")))
    max_bytes = int(os.environ.get("QUIZROOM_MAX_QUIZ_BYTES") or 256 * 1024)
    return Accounts(AccountStore(client, keys), _now), LibraryService(store, packs, _now,
                                                                       max_bytes)


@click.group("host", help="Host accounts. With none, the server is open to anyone who "
                          "reaches it; with one, the library and room creation need sign-in.")
def host_group():
    pass


@host_group.command("add", help="Create a host account (asks for the password twice).")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def host_add(name, password_stdin):
    from .game.errors import GameError
    from .service.accounts import check_name, check_password
    try:
        check_name(name)
        password = (sys.stdin.readline().rstrip("\r\n") if password_stdin else
                    click.prompt("Password", hide_input=True, confirmation_prompt=True))
        check_password(password)
    except GameError as exc:
        raise click.ClickException(exc.message) from None
    with _redis() as client:
        accounts, library = _services(client)
        first = not accounts.any()
        try:
            accounts.add(name, password)
        except GameError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"host {name} added")
        if first:
            adopted = library.store.adopt(name)
            click.echo("sign-in is now required for the library and room creation")
            if adopted:
                click.echo(f"{adopted} quiz(zes) made before accounts existed now belong to "
                           f"{name}")


@host_group.command("list", help="The host accounts.")
def host_list():
    with _redis() as client:
        names = _services(client)[0].names()
    for account in names:
        created = time.strftime("%Y-%m-%d %H:%M", time.localtime(account["created"] / 1000))
        click.echo(f"{account['name']}  (created {created})")
    if not names:
        click.echo("no host accounts: the server is open to anyone who reaches it")


@host_group.command("remove", help="Remove a host account; its quizzes stay in Redis and "
                                   "come back if an account of that name is added again.")
@click.argument("name")
def host_remove(name):
    with _redis() as client:
        if not _services(client)[0].remove(name):
            raise click.ClickException(f"no host named {name!r}")
    click.echo(f"host {name} removed")


@click.group("library", help="Back the quiz library up as files, and restore it.")
def library_group():
    pass


@library_group.command("export", help="Write every library quiz (of every host) to DIR, "
                                      "one JSON file each, with its metadata, and the "
                                      "images they use to DIR/media.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def library_export(folder):
    from .service.media import draft_images
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with _redis(with_media=True) as (client, media):
        quizzes = _services(client)[1].everything()
        for quiz in quizzes:
            path = folder / f"{quiz['id']}.json"
            path.write_text(json.dumps(quiz, ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
        digests = set().union(*(draft_images(q.get("questions")) for q in quizzes))
        if digests:
            (folder / MEDIA).mkdir(exist_ok=True)
        for digest in sorted(digests):
            found = media.store.get(digest)
            if found is None:
                click.echo(f"note: image {digest} is named by a quiz but not stored here")
                continue
            data, content_type = found
            (folder / MEDIA / f"{digest}.{EXTENSIONS.get(content_type, 'bin')}").write_bytes(data)
            written += 1
    click.echo(f"exported {len(quizzes)} quiz(zes) and {written} image(s) to {folder}")


def _restore_images(folder: Path, media) -> int:
    """Put back DIR/media/<hash>.<ext>, checked, under the same hashes; the failures."""
    from .game.errors import GameError
    from .service.images import MAX_BYTES
    restored = unchanged = failed = 0
    for path in sorted((folder / MEDIA).glob("*")) if (folder / MEDIA).is_dir() else []:
        name = f"{MEDIA}/{path.name}"
        try:
            if path.suffix.lstrip(".") not in EXTENSIONS.values():
                raise ValueError("not an image file this server writes (<hash>.webp)")
            if path.stat().st_size > MAX_BYTES:
                raise ValueError("larger than any image this server stores")
            if media.restore(path.stem.lower(), path.read_bytes()):
                restored += 1
            else:
                unchanged += 1
        except (OSError, ValueError, GameError) as exc:
            failed += 1
            click.echo(f"{name}: not imported: {getattr(exc, 'message', exc)}")
    if restored or unchanged or failed:
        click.echo(f"{restored} image(s) restored, {unchanged} already here")
    return failed


def _say_why_not_playable(name: str, quiz_id: str, record: dict) -> None:
    """The library keeps any draft, so an import never fails for what the pack says;
    but a quiz that cannot be played must not look like one that can."""
    from .service.library import validate
    problems = validate(quiz_id, record)[1]
    if problems:
        click.echo(f"{name}: kept as a draft: it cannot be played until these "
                   f"{len(problems)} problem(s) are fixed in the editor:")
        for problem in problems:
            click.echo(f"  {problem}")


@library_group.command("import", help="Read the JSON files of DIR (and the images of "
                                      "DIR/media) into the library. An id that exists with "
                                      "other content is kept, and the file comes in under "
                                      "a new id.")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--owner", default=None, help="Give every imported quiz to this host "
                                            "(default: the owner written in each file).")
def library_import(folder, owner):
    from .game.errors import GameError
    from .service.media import draft_images
    files = sorted(folder.glob("*.json"))
    failed = 0
    with _redis(with_media=True) as (client, media):
        bad_images = _restore_images(folder, media)
        accounts, library = _services(client)
        for path in files:
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(record, dict):
                    raise ValueError("not a JSON object")
                who = owner if owner is not None else record.get("owner")
                if who and not accounts.exists(who):
                    click.echo(f"{path.name}: note: no host account named {who!r} yet")
                quiz_id, what = library.import_record(record, who or None)
            except (OSError, ValueError, GameError) as exc:
                failed += 1
                click.echo(f"{path.name}: not imported: {getattr(exc, 'message', exc)}")
                continue
            click.echo(f"{path.name}: {what}" if what != "imported" else
                       f"{path.name}: imported as {quiz_id}")
            _say_why_not_playable(path.name, quiz_id, record)
            lacking = media.store.missing(draft_images(record.get("questions")))
            if lacking:
                click.echo(f"{path.name}: note: {len(lacking)} image(s) it uses are not on "
                           f"this server (not in {MEDIA}/); it cannot be played until they are")
    click.echo(f"{len(files) - failed} of {len(files)} file(s) read")
    sys.exit(1 if failed or bad_images else 0)
