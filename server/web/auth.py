"""Host sign-in (Flask-Login): ``host_required``, ``current_host_name``, /login, /logout.

With no host account at all, everything stays open, as on a laptop on the kitchen
table; once ``quizroom host add`` made one, the library, the editor and room
creation need a signed-in host.
"""
from __future__ import annotations

from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import (Blueprint, current_app, jsonify, redirect, render_template, request,
                   session, url_for)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from ..game.errors import GameError
from .errors import wants_json

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


class Host(UserMixin):
    def __init__(self, name: str):
        self.id = name


def accounts():
    return current_app.extensions["quizroom_accounts"]


@login_manager.user_loader
def _load(name: str):
    # a removed account signs its sessions out at their next request
    return Host(name) if accounts().exists(name) else None


def current_host_name() -> str | None:
    """The signed-in host's name; None when nobody is signed in (or no accounts exist)."""
    return current_user.get_id() if current_user.is_authenticated else None


def _refuse():
    if request.path.startswith("/api/"):
        return jsonify({"error": {"code": "sign_in_required",
                                  "message": "sign in as a host first (POST /login)"}}), 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def host_required(view):
    """Passes when the server has no host account or a host is signed in; otherwise
    401 ``sign_in_required`` JSON under /api/, a redirect to /login for pages."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated or not accounts().any():
            return view(*args, **kwargs)
        return _refuse()
    return wrapped


def same_origin() -> bool:
    """Is this request from one of our own pages? The session cookie is SameSite=Lax,
    which a sibling subdomain gets around; browsers say where a request comes from
    (Sec-Fetch-Site, Origin), so a form posted from another site is refused. Clients
    that send neither (scripts, old browsers) rely on SameSite alone."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin != "null" and urlsplit(origin).netloc == request.host
    return True


def _local_path(text: str, strict: bool) -> bool:
    # browsers drop tab, CR and LF anywhere in a URL, trim spaces and controls at its
    # ends and read a backslash as a slash: "/\t/evil" and "/\\evil" both lead to
    # //evil. Strict: printable ASCII only (what we send in Location).
    if not text.startswith("/") or text[1:2] == "/" or "\\" in text:
        return False
    if strict:
        return all("!" <= c <= "~" for c in text)
    return not text[1:2].isspace() and all(c >= " " and c != "\x7f" for c in text)


def _safe_next(target: str | None) -> str:
    """Only a plain path on this server: never another site (``//evil``, ``/\\evil``,
    ``/\t/evil``), nor one that reads as another site once percent-decoded (a proxy or
    browser quirk may decode it again), nor a header that cannot be sent."""
    if isinstance(target, str) and len(target) < 2000 and _local_path(target, strict=True) \
            and _local_path(unquote(target), strict=False):
        return target
    return "/quizzes"


# the page's words where a clause of the server's would not say what to do
PAGE_SAYS = {"bad_credentials": "Wrong name or password. Check both and try again."}


def _sentence(message: str) -> str:
    message = message.strip()
    end = "" if message.endswith((".", "!", "?")) else "."
    return message[:1].upper() + message[1:] + end


def _reply_error(exc: GameError, name: str, next_url: str):
    status = {"rate_limited": 429, "bad_credentials": 401, "unavailable": 503}.get(exc.code, 400)
    if exc.code == "bad_credentials":
        # the same reply whichever was wrong; the name stays typed, the password is retyped
        exc.details.setdefault("field", "password")
    if wants_json():
        response = jsonify({"error": exc.to_dict()})
    else:
        response = current_app.make_response(render_template(
            "login.html", error=PAGE_SAYS.get(exc.code) or _sentence(exc.message),
            field=exc.details.get("field"), name=name, next=next_url))
    response.status_code = status
    if "retry_after" in exc.details:
        response.headers["Retry-After"] = str(exc.details["retry_after"])
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    data = (request.get_json(silent=True) if request.is_json else request.form) or {}
    next_url = _safe_next(data.get("next") or request.args.get("next"))
    if request.method == "GET":
        return render_template("login.html", name="", next=next_url,
                               open_server=not accounts().any())
    name, password = data.get("name", ""), data.get("password", "")
    if not same_origin():
        return _reply_error(GameError("cross_site", "sign in from this server's own page"),
                            "", next_url)
    if not isinstance(name, str) or not isinstance(password, str):
        return _reply_error(GameError("bad_request", "name and password must be text",
                                      field="name"), "", next_url)
    try:
        accounts().sign_in(name.strip(), password, request.remote_addr)
    except GameError as exc:
        return _reply_error(exc, name, next_url)
    regenerate = getattr(current_app.session_interface, "regenerate", None)
    if regenerate is not None:  # a new session id: one fixed before sign-in is worthless
        regenerate(session)
    login_user(Host(name.strip()))
    if wants_json():
        return jsonify({"name": name.strip(), "next": next_url})
    return redirect(next_url)


@bp.post("/logout")
def logout():
    if not same_origin():
        return jsonify({"error": {"code": "cross_site",
                                  "message": "sign out from this server's own page"}}), 403
    logout_user()
    if wants_json():
        return jsonify({"ok": True})
    return redirect(url_for("auth.login"))


@bp.get("/api/me")
def me():
    """Who is signed in, and whether this server needs sign-in at all."""
    return jsonify({"name": current_host_name(), "accounts": accounts().any()})


def init_app(app, accounts_service) -> None:
    app.extensions["quizroom_accounts"] = accounts_service
    login_manager.init_app(app)
    app.register_blueprint(bp)
