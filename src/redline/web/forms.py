"""Multipart forms read in memory: an uploaded file is never written to disk, so no name or content a
client sends can reach the server's file system. The request body is already bounded by the server's
size limit (:class:`redline.web.app.Guard`), which bounds what is held here."""

from __future__ import annotations

import sys

from fastapi import Request
from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException, MultiPartParser

from redline.errors import EXIT_USAGE, Errors, RedlineError

FILES_MAX = 1
FIELDS_MAX = 16


class InMemoryMultiPartParser(MultiPartParser):
    spool_max_size = sys.maxsize  # files stay in memory: the body limit bounds them


async def read_multipart(request: Request) -> FormData:
    parser = InMemoryMultiPartParser(request.headers, request.stream(), max_files=FILES_MAX, max_fields=FIELDS_MAX,
                                     max_part_size=sys.maxsize)
    try:
        return await parser.parse()
    except MultiPartException as exc:
        raise RedlineError(Errors.E368, EXIT_USAGE, reason=f"the form could not be read ({exc.message})") from exc
