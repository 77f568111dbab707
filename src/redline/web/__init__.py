"""The web workbench: ``redline serve`` opens a local web app over the store.

>>> from redline.web import create_app
>>> app = create_app("sqlite:///:memory:")
>>> sorted(route.path for route in app.routes if route.path.startswith("/api/health"))
['/api/health']
"""

from __future__ import annotations

from typing import Optional

from redline.errors import EXIT_CONFIG, Errors
from redline.web.app import create_app, is_loopback

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def serve(db: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: Optional[str] = None, *,
          create: bool = False, max_body_mb: float = 25, max_doc_mb: float = 5.0, model: Optional[str] = None,
          kb: tuple[str, ...] = (), extract_workers: int = 2, extract_timeout: float = 600.0, console=None) -> None:
    """Serve the workbench over the store at ``db`` until interrupted.

    ``create``: start with an empty store when the SQLite file does not exist (else E352, so that a
    mistyped path is not mistaken for an empty corpus)."""
    import uvicorn

    from redline.errors import RedlineError
    from redline.store import missing_sqlite_store, shown_url

    if not create and missing_sqlite_store(db):
        raise RedlineError(Errors.E352, EXIT_CONFIG, url=shown_url(db),
                           reason="there is no such file; store documents there with `redline ingest` first, "
                                  "or start an empty workbench with --create")
    app = create_app(db, token=token, bind_host=host, max_body_mb=max_body_mb, create=create,
                     max_doc_mb=max_doc_mb, model=model, kb=kb, extract_workers=extract_workers,
                     extract_timeout=extract_timeout)
    if console is not None:
        shown = f"[{host}]" if ":" in host else host
        writes = ("writes need the token" if token else "writes allowed from this machine"
                  if is_loopback(host) else "read-only (no token: writes are refused)")
        console.print(f"redline workbench on http://{shown}:{port}/ ({writes}); Ctrl+C stops it")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "serve"]
