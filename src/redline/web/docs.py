"""The API's documentation page at /api/docs, rendered on the server from the OpenAPI description.

FastAPI's own pages load Swagger UI or ReDoc from a CDN; this one is plain HTML with no script, so it
works offline and under the workbench's Content-Security-Policy."""

from __future__ import annotations

from html import escape

METHODS = ("get", "post", "put", "patch", "delete")


def _parameters(operation: dict) -> str:
    rows = []
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        kind = schema.get("type") or "/".join(s.get("type", "") for s in schema.get("anyOf", []) if s.get("type"))
        default = f" (default {schema['default']})" if "default" in schema and schema["default"] is not None else ""
        rows.append(f"<tr><td><code>{escape(parameter['name'])}</code></td><td>{escape(parameter['in'])}</td>"
                    f"<td>{escape(kind)}</td><td>{escape(parameter.get('description', ''))}{escape(default)}</td></tr>")
    if not rows:
        return ""
    return ("<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _body(operation: dict) -> str:
    content = operation.get("requestBody", {}).get("content", {})
    parts = []
    for media_type, spec in content.items():
        fields = ", ".join(f"<code>{escape(name)}</code>" for name in spec.get("schema", {}).get("properties", {}))
        parts.append(f"<li><code>{escape(media_type)}</code>: {fields}</li>")
    return f"<p>Body:</p><ul>{''.join(parts)}</ul>" if parts else ""


def _responses(operation: dict) -> str:
    """Each status the route can answer with and what it means (the bodies are in /api/openapi.json)."""
    rows = [f"<tr><td><code>{escape(str(status))}</code></td><td>{escape(spec.get('description', ''))}</td></tr>"
            for status, spec in sorted(operation.get("responses", {}).items())]
    if not rows:
        return ""
    return ("<table><thead><tr><th>status</th><th>when</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")


def docs_page(openapi: dict) -> str:
    info = openapi.get("info", {})
    sections = []
    for path, operations in sorted(openapi.get("paths", {}).items()):
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            sections.append(
                f"<section><h2><code>{method.upper()} {escape(path)}</code></h2>"
                f"<p>{escape(operation.get('summary', ''))}</p>"
                f"<p>{escape(operation.get('description', '')).replace(chr(10) + chr(10), '</p><p>')}</p>"
                f"{_parameters(operation)}{_body(operation)}{_responses(operation)}</section>")
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(info.get('title', 'API'))}</title>"
        "<link rel=\"stylesheet\" href=\"/static/style.css\"></head><body><main>"
        f"<h1>{escape(info.get('title', 'API'))} {escape(info.get('version', ''))}</h1>"
        f"<p>{escape(info.get('description', ''))}</p>"
        "<p>Machine-readable: <a href=\"/api/openapi.json\">/api/openapi.json</a> (OpenAPI). Errors are "
        "<code>{\"error\": {\"code\", \"message\"}}</code> with a code of redline's catalogue.</p>"
        + "".join(sections) + "</main></body></html>\n"
    )
