"""Events as an Apache Parquet file: the flat columns of ``redline events`` with their types.

Written in row groups as rows arrive, so a large export does not sit in memory whole. pyarrow
is an optional dependency (``pip install 'redline[parquet]'``).
"""

from __future__ import annotations

from typing import BinaryIO, Iterable

from redline.errors import EXIT_CONFIG, Errors, RedlineError

ROW_GROUP = 50_000

_FLOATS = {"score", "confidence", "lat", "lon"}
_INTEGERS = {"geo_precision", "sentence", "evidence_start", "evidence_end"}
_BOOLEANS = {"negated", "hypothetical", "future", "asserted"}


def _schema(columns):
    import pyarrow as pa

    def kind(name):
        if name in _FLOATS:
            return pa.float64()
        if name in _INTEGERS:
            return pa.int32()
        if name in _BOOLEANS:
            return pa.bool_()
        return pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in columns])


def write_parquet(rows: Iterable[dict], out: BinaryIO, columns) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:
        raise RedlineError(Errors.E357, EXIT_CONFIG, reason=f"the module {exc.name} is not installed") from exc
    schema = _schema(columns)
    count = 0
    batch: list[dict] = []
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
