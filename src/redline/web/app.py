"""The workbench application: the JSON API under ``/api/``, the UI's static files, and the rules that keep
a server on an analyst's machine safe.

- Every error is JSON ``{"error": {"code", "message"}}`` with a code of the one catalogue
  (:mod:`redline.errors`); a traceback goes to the server's log, never to the client.
- Request bodies over ``max_body_mb`` are refused with 413, whether they announce their length or not.
- Writes (POST, PUT, PATCH, DELETE): with a token they need ``Authorization: Bearer <token>`` (401);
  without one they are allowed only when the server listens on a loopback address (else 403). A write
  whose ``Origin`` is another site is refused (403), so a web page open in the same browser cannot post
  to the workbench.
- A server on a loopback address answers only requests addressed to a loopback name (``Host``), so a
  site cannot reach it through a DNS name of its own that points to 127.0.0.1 (DNS rebinding).
- Every response forbids content from other origins (Content-Security-Policy) and MIME sniffing.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import logging
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from redline.errors import Errors, RedlineError
from redline.web.extract import Extractor, WebError

log = logging.getLogger("redline.web")

STATIC_DIR = Path(__file__).parent / "static"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
BASEMAP_CACHE = "public, max-age=604800"
# The HTTP status of a catalogue code; any other code is the client's mistake (400).
STATUS = {"E104": 413, "E361": 413, "E362": 403, "E363": 401, "E364": 404, "E365": 404, "E366": 404,
          "E367": 404, "E369": 403, "E370": 500, "E352": 503}


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def error_response(code: str, message: str, status: Optional[int] = None, headers: Optional[dict] = None):
    return JSONResponse(error_body(code, message), status_code=status or STATUS.get(code, 400), headers=headers)


class _BodyTooLarge(Exception):
    pass


def _host_name(value: str) -> str:
    """The host of a ``Host`` header value (``[::1]:8765`` → ``::1``)."""
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """ASGI middleware: the host, origin, size and token rules, and the security headers of every response."""

    def __init__(self, app, *, token: Optional[str], loopback: bool, max_body: int, bind_host: str):
        self.app = app
        self.token = token
        self.loopback = loopback
        self.max_body = max_body
        self.bind_host = bind_host

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        started = False

        async def send_secured(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": list(message.get("headers", [])) + SECURITY_HEADERS}
            await send(message)

        refusal = self._refusal(scope, headers)
        if refusal is not None:
            return await refusal(scope, receive, send_secured)
        received = 0

        async def receive_bounded():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _BodyTooLarge()
            return message

        try:
            await self.app(scope, receive_bounded, send_secured)
        except _BodyTooLarge:
            if started:
                raise
            await self._too_large()(scope, receive, send_secured)
        except Exception as exc:  # noqa: BLE001 - the client gets a catalogue error, the log the traceback
            if started:
                raise
            log.exception("unexpected error answering %s %s", scope["method"], scope["path"])
            await error_response("E370", Errors.E370.format(kind=type(exc).__name__), 500)(
                scope, receive, send_secured)

    def _too_large(self):
        limit = f"{self.max_body / (1024 * 1024):g}"
        return error_response("E361", Errors.E361.format(limit_mb=limit))

    def _refusal(self, scope, headers: dict):
        """The response that refuses the request before the application sees it, or None."""
        host = headers.get("host", "")
        if self.loopback and not is_loopback(_host_name(host)):
            return error_response("E369", Errors.E369.format(origin=host or "a request without a Host",
                                                             allowed="localhost or 127.0.0.1"))
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return self._too_large()
        if scope["method"] not in WRITE_METHODS:
            return None
        origin = headers.get("origin")
        if origin is not None and origin.split("://", 1)[-1] != host:
            return error_response("E369", Errors.E369.format(origin=origin, allowed=host))
        if self.token is not None:
            sent = headers.get("authorization", "")
            scheme, _, value = sent.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), self.token.encode()):
                return error_response("E363", Errors.E363.format(), headers={"WWW-Authenticate": "Bearer"})
        elif not self.loopback:
            return error_response("E362", Errors.E362.format(host=self.bind_host))
        return None


def _validation_reason(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = " ".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid parameters"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web_error(_request: Request, exc: WebError):
        return error_response(exc.code, exc.message, exc.status)

    @app.exception_handler(RedlineError)
    async def _redline_error(_request: Request, exc: RedlineError):
        return error_response(exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        return error_response("E368", Errors.E368.format(reason=_validation_reason(exc)), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code in (404, 405):  # a 405 keeps its Allow header: the methods the path answers
            return error_response("E366", Errors.E366.format(path=request.url.path, method=request.method),
                                  exc.status_code, headers=exc.headers)
        return error_response("E368", Errors.E368.format(reason=str(exc.detail)), exc.status_code)


def _mount_ui(app: FastAPI) -> None:
    import xstatic.pkg.leaflet

    from redline.datafiles import data_path

    @app.get("/", include_in_schema=False)
    def index():
        page = STATIC_DIR / "index.html"
        if not page.is_file():
            raise WebError("E367", Errors.E367.format(name="redline/web/static/index.html"), 404)
        return FileResponse(page, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    @app.get("/assets/basemap.json", include_in_schema=False)
    def basemap():
        path = Path(str(data_path("web", "basemap.json")))
        if not path.is_file():
            raise WebError("E367", Errors.E367.format(name="redline/data/web/basemap.json"), 404)
        return FileResponse(path, media_type="application/json", headers={"Cache-Control": BASEMAP_CACHE})

    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    # The map's points are clusters already (the server groups events in cells), so Leaflet alone is served.
    app.mount("/vendor/leaflet", StaticFiles(directory=xstatic.pkg.leaflet.BASE_DIR), name="leaflet")


def create_app(db: str, *, token: Optional[str] = None, bind_host: str = "127.0.0.1", max_body_mb: float = 25,
               create: bool = True, max_doc_mb: float = 5.0, model: Optional[str] = None,
               kb: tuple[str, ...] = (), extract_workers: int = 2, extract_timeout: float = 600.0) -> FastAPI:
    """The workbench over the store at ``db``.

    ``bind_host``: the address the server listens on (the write rule depends on it); ``create=False``: a
    SQLite file that does not exist is an error (E352) rather than a new empty store; ``max_doc_mb``: the
    largest text POST /api/extract accepts; ``model``/``kb``: the pipeline of POST /api/extract;
    ``extract_workers``: how many extractions run at once, each in a process of its own;
    ``extract_timeout``: seconds after which an extraction is stopped (E373)."""
    import redline
    from redline.nlp.loader import DEFAULT_MODEL
    from redline.store import open_store
    from redline.web.api import router

    token = token or None
    store = open_store(db, create=create)
    loopback = is_loopback(bind_host)
    extractor = Extractor(model or DEFAULT_MODEL, tuple(kb), max_doc_mb, workers=extract_workers,
                          deadline=extract_timeout)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        extractor.open()  # a lifespan may start again after a shutdown (tests, embedding servers)
        yield
        extractor.close()
        store.close()

    app = FastAPI(
        title="redline workbench API", version=redline.__version__, openapi_url="/api/openapi.json",
        docs_url=None, redoc_url=None, lifespan=lifespan,
        description="Evidence-linked PLOVER events of the stored articles: list, filter, aggregate, extract.",
    )
    app.state.store = store
    app.state.writable = token is not None or loopback
    app.state.extractor = extractor
    app.state.db = db
    _install_error_handlers(app)
    app.include_router(router)
    _mount_ui(app)
    app.add_middleware(Guard, token=token, loopback=loopback, max_body=int(max_body_mb * 1024 * 1024),
                       bind_host=bind_host)
    return app
