"""Events as an Apache Parquet file: the flat columns of ``redline events`` with their types.

Written in row groups as rows arrive, so a large export does not sit in memory whole. pyarrow
is an optional dependency (``pip install 'redline[parquet]'``).
"""

from __future__ import annotations

from typing import BinaryIO, Iterable

from redline.errors import EXIT_CONFIG, Errors, RedlineError

ROW_GROUP = 50_000

_FLOATS = {"score", "confidence", "lat", "lon"}
_INTEGERS = {"geo_precision", "sentence", "evidence_start", "evidence_end", "corroboration"}
_BIG_INTEGERS = {"killed", "injured", "casualties", "arrested", "kidnapped", "displaced"}
_BOOLEANS = {"negated", "hypothetical", "future", "asserted"}
_DATES = {"date_start", "date_end", "published"}


def _schema(columns):
    import pyarrow as pa

    from redline.store.query import LIST_COLUMNS

    def kind(name):
        if name in _FLOATS:
            return pa.float64()
        if name in _INTEGERS:
            return pa.int32()
        if name in _BIG_INTEGERS:
            return pa.int64()
        if name in _BOOLEANS:
            return pa.bool_()
        if name in _DATES:
            return pa.date32()
        if name in LIST_COLUMNS:
            return pa.list_(pa.string())
        return pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in columns])


def check_pyarrow() -> None:
    """E357 when pyarrow is not installed."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ModuleNotFoundError as exc:
        raise RedlineError(Errors.E357, EXIT_CONFIG, reason=f"the module {exc.name} is not installed") from exc


def write_parquet(rows: Iterable[dict], out: BinaryIO, columns) -> int:
    check_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    from datetime import date

    schema = _schema(columns)
    count = 0
    batch: list[dict] = []
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for row in rows:
            batch.append({k: date.fromisoformat(v) if k in _DATES and v else v for k, v in row.items()})
            count += 1
            if len(batch) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
