"""The ``zapis`` command line: thin wrappers over the library calls of the same names.

Exceptions become exit codes here and only here, in one handler for every command
(:class:`_Main`): 0 all went well, 1 some input could not be read (or, for ``diff``, the
copies differ), 2 wrong usage or an error that stopped the command (one line; a bug is one
line too, with the traceback under ``ZAPIS_DEBUG=1``), 130 interrupted by Ctrl-C, 128 + N
stopped by signal N (SIGTERM: 143), 3 (``diff`` only) the two files do not look like copies
of one meeting.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import sys
import time
import warnings
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from types import FrameType
from typing import Any

import click

from zapis.errors import ZapisError
from zapis.readers import ExtractOptions
from zapis.version import __version__

_default_showwarning = warnings.showwarning


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # some files failed (ingest), the file failed (extract), copies differ (diff)
    USAGE = 2
    NOT_COPIES = 3  # diff: the two files are not copies of one meeting
    INTERRUPTED = 130  # Ctrl-C, as shells count it (128 + SIGINT)


def _fail(message: str, code: ExitCode = ExitCode.FAILED) -> None:
    click.echo(f"zapis: error: {message}", err=True)
    sys.exit(int(code))


def _warn_in_one_line(message: Warning | str, category: type[Warning], *args: object, **kwargs: object) -> None:
    """zapis's own warnings (the Czech dictionary is missing) as one line, like its errors."""
    if category.__module__.startswith("zapis."):
        click.echo(f"zapis: warning: {message}", err=True)
    else:
        _default_showwarning(message, category, *args, **kwargs)  # type: ignore[arg-type]


def _internal(e: Exception) -> None:
    """A bug, not bad input: one line for the user, the traceback with ZAPIS_DEBUG=1."""
    if os.environ.get("ZAPIS_DEBUG"):
        raise e
    text = " ".join(f"{type(e).__name__}: {e}".split())[:300]
    _fail(f"internal error {text} (please report it; ZAPIS_DEBUG=1 shows details)", ExitCode.USAGE)


class _Stopped(BaseException):
    """SIGTERM or SIGHUP: the command stops the way Ctrl-C stops it (workers and Tesseract end,
    temporary files are removed, the lock is released)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(signum)


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class _Main(click.Group):
    """The one exception handler of every command: every error is one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        previous = {sig: signal.signal(sig, _stop) for sig in _STOP_SIGNALS}
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise  # click's own: --help, usage errors
        except KeyboardInterrupt:
            _interrupted(ctx, "interrupted", ExitCode.INTERRUPTED)
        except _Stopped as e:
            _interrupted(ctx, f"stopped by {signal.Signals(e.signum).name}", 128 + e.signum)
        except ZapisError as e:
            _fail(e.reason, ExitCode.USAGE)
        except OSError as e:
            if e.errno == errno.EPIPE:
                raise  # the reader of our output went away (| head): click ends quietly
            _internal(e)
        except Exception as e:
            _internal(e)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _interrupted(ctx: click.Context, what: str, code: int) -> None:
    more = "; the files read so far are kept: run the same command again to go on"
    click.echo(f"zapis: {what}{more if ctx.invoked_subcommand == 'ingest' else ''}", err=True)
    sys.exit(code)


_engine = click.option(
    "--engine",
    type=click.Choice(["pymupdf", "pdfplumber"]),
    default="pymupdf",
    show_default=True,
    help="Text-layer engine for PDFs (pdfplumber is slower, sometimes better on tables).",
)
_password = click.option("--password", default=None, help="Password for encrypted PDFs.")
_max_pages = click.option(
    "--max-pages",
    type=click.IntRange(1),
    default=2000,
    show_default=True,
    help="Skip documents longer than this.",
)
_force_ocr = click.option("--force-ocr", is_flag=True, help="OCR every PDF page, even with a text layer.")
_max_bytes = click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=ExtractOptions.max_bytes,
    show_default=True,
    help="Skip text files (TXT, MD) larger than this.",
)


def _options(
    engine: str,
    password: str | None,
    max_pages: int,
    force_ocr: bool = False,
    ocr_workers: int = 1,
    max_bytes: int = ExtractOptions.max_bytes,
    progress: Callable[[int, int], None] | None = None,
) -> ExtractOptions:
    return ExtractOptions(
        engine=engine,  # type: ignore[arg-type]
        password=password,
        max_pages=max_pages,
        force_ocr=force_ocr,
        ocr_workers=ocr_workers,
        ocr_progress=progress,
        max_bytes=max_bytes,
    )


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="zapis")
def main() -> None:
    """zapis: převod zápisů z jednání (PDF, skeny, DOCX, TXT) na strukturovaná data JSON.

    Turns Czech meeting minutes into one validated JSON record per meeting.

    \b
    Nejčastější použití / typical use:
      zapis ingest SLOZKA -o VYSTUP     celý archiv: jeden JSON na jednání + report.json
      zapis extract ZAPIS.pdf           jeden soubor: JSON na standardní výstup
      zapis schema                      JSON Schema výstupu
    """
    warnings.showwarning = _warn_in_one_line


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JSON here (default: stdout).",
)
@_engine
@_password
@_max_pages
@_max_bytes
@_force_ocr
def extract(
    file: Path,
    output: Path | None,
    engine: str,
    password: str | None,
    max_pages: int,
    max_bytes: int,
    force_ocr: bool,
) -> None:
    """Jeden soubor → JSON jednání. Read one minutes file (PDF, scan, DOCX, TXT, MD, HTML, image) into meeting JSON.

    A file that keeps the minutes of several meetings gives a JSON array, one object a meeting.
    """
    from zapis.output import check_target, dumps, write_atomic
    from zapis.pipeline import extract_meetings

    if output is not None:
        check_target(output)  # before the work, not after it
    # one file: its scanned pages are OCRed on all cores
    options = _options(engine, password, max_pages, force_ocr, os.cpu_count() or 1, max_bytes)
    try:
        meetings = extract_meetings(file, options)
    except ZapisError as e:
        _fail(f"{file}: {e.reason}")  # the file could not be read: exit 1
        return
    text = dumps(meetings[0] if len(meetings) == 1 else meetings).decode("utf-8")
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (meetings/, report.json, people.json, …).",
)
@click.option("-j", "--workers", type=click.IntRange(1), default=None, help="Parallel processes (default: all cores).")
@click.option(
    "--cluster",
    default=None,
    metavar="tcp://HOST:8786",
    help="Run on an existing Dask cluster (pip install zapis[cluster]).",
)
@click.option("--force", is_flag=True, help="Redo every file, ignoring the cache of earlier runs.")
@click.option("--timeout", type=click.FloatRange(1), default=600.0, show_default=True, help="Seconds allowed per file.")
@click.option("--follow-links", is_flag=True, help="Follow symbolic links that point outside DIRECTORY.")
@_engine
@_password
@_max_pages
@_max_bytes
@_force_ocr
def ingest(
    directory: Path,
    outdir: Path,
    workers: int | None,
    cluster: str | None,
    force: bool,
    timeout: float,
    follow_links: bool,
    engine: str,
    password: str | None,
    max_pages: int,
    max_bytes: int,
    force_ocr: bool,
) -> None:
    """Celá složka → jeden JSON na jednání. Import every file under DIRECTORY into OUTDIR.

    \b
    Writes OUTDIR/meetings/<meeting_id>.json, OUTDIR/report.json (every input with its
    status and the reason when it failed), OUTDIR/people.json, OUTDIR/organizations.json
    and the searchable catalog OUTDIR/zapis.sqlite.  Copies of one meeting (PDF, scan,
    DOCX of the same minutes) become one JSON.  A second run reuses earlier work; files
    listed in DIRECTORY/.zapisignore are skipped.  One run at a time writes to OUTDIR (a
    second one stops at once); OUTDIR cannot be DIRECTORY.  Exit code 0 when every file was
    read, 1 when some could not be, 2 when the run stopped (the previous outputs stay whole).
    """
    from zapis.archive import IngestSettings, ingest_directory
    from zapis.lang import morphology

    morphology()  # the Czech dictionary, loaded (or missing: one warning) before the workers start
    settings = IngestSettings(
        options=_options(engine, password, max_pages, force_ocr, max_bytes=max_bytes),
        workers=workers,
        cluster=cluster,
        force=force,
        timeout=timeout,
        follow_links=follow_links,
    )
    report = ingest_directory(directory, outdir, settings, progress="bar" if sys.stderr.isatty() else "lines")
    from zapis.archive import summary_text

    click.echo(summary_text(report), err=True)
    sys.exit(int(ExitCode.FAILED if report.summary.errors else ExitCode.OK))


@main.command()
@click.option("--diff", "of_diff", is_flag=True, help="The schema of zapis diff --format json instead.")
def schema(of_diff: bool) -> None:
    """JSON Schema výstupu. Print the JSON Schema of the meeting JSON (or of the diff JSON)."""
    if of_diff:
        from zapis.compare import diff_json_schema

        click.echo(json.dumps(diff_json_schema(), ensure_ascii=False, indent=2))
        return
    from zapis.schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


class _OcrProgress:
    """One line on stderr when a side needs OCR, and one per page read: OCR takes seconds a page."""

    def __init__(self, label: str, path: Path) -> None:
        self.label, self.path = label, path
        self.started = time.monotonic()

    def __call__(self, done: int, pages: int) -> None:
        from zapis.output import terminal_safe

        if done == 0:
            self.started = time.monotonic()
            click.echo(
                f"zapis: {self.label} ({terminal_safe(str(self.path))}) has pages without text:"
                " OCR, a few seconds a page…",
                err=True,
            )
            return
        seconds = time.monotonic() - self.started
        click.echo(f"zapis: {self.label}: OCR {done} of {pages} pages read ({seconds:.0f} s)", err=True)


@main.command()
@click.argument("a", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the diff here.")
@click.option("--strict", is_flag=True, help="Count OCR noise and layout differences too (exit code 1 for any).")
@_engine
@_password
def diff(a: Path, b: Path, fmt: str, output: Path | None, strict: bool, engine: str, password: str | None) -> None:
    """Porovnání dvou kopií zápisu. Compare two copies of minutes (files or meeting JSONs).

    \b
    Every difference is an edit (a real change of words or of a field), OCR noise (what
    a scan's OCR misread: diacritics, l/1/I, rn/m, O/0, stray punctuation, words read
    with low confidence) or layout (running headers, page numbers, hyphenation, spacing).
    The report leads with the edits; --format html shows both copies side by side.
    Exit codes: 0 no edits, 1 the copies differ (edits; with --strict any difference),
    2 error, 3 the files do not look like copies of one meeting (other date, other body
    or few words in common: said first, in one line).
    """
    from zapis.compare import diff_sides, load_side, to_html, to_json, to_terminal
    from zapis.output import check_target

    if output is not None:
        check_target(output)  # before the work, not after it
    sides = [
        load_side(
            path,
            _options(engine, password, 2000, ocr_workers=os.cpu_count() or 1, progress=_OcrProgress(label, path)),
        )
        for label, path in (("A", a), ("B", b))
    ]
    result = diff_sides(*sides)
    if fmt == "json":
        text = to_json(result)
    elif fmt == "html":
        text = to_html(result, strict)
    else:
        text = to_terminal(result, color=output is None and sys.stdout.isatty(), strict=strict)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        from zapis.output import write_atomic

        write_atomic(output, text.encode("utf-8"))
        if not result.copies.likely:
            click.echo(f"zapis: {result.copies.line()}", err=True)
    if not result.copies.likely:
        sys.exit(int(ExitCode.NOT_COPIES))
    sys.exit(int(ExitCode.OK if result.same(strict) else ExitCode.FAILED))


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--explain", "explain", metavar="NAME", default=None, help="Show why the records of NAME were merged.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def people(outdir: Path, explain: str | None, fmt: str) -> None:
    """Osoby v archivu. List the people registry of an ingested archive (OUTDIR/people.json)."""
    from zapis.archive import load_people
    from zapis.lang import fold
    from zapis.output import terminal_safe

    records = load_people(outdir)
    path = outdir / "people.json"
    if explain is not None:
        key = fold(explain)
        records = [r for r in records if key in fold(r.name) or any(key in fold(v) for v in r.variants)]
        if not records:
            _fail(f"nobody named {explain!r} in {path}")
            return
    if fmt == "json":
        data = [r.model_dump(mode="json") for r in records]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return
    for r in records:
        others = [v for v in r.variants if v != r.name]
        line = f"{r.person_id}: {r.name} ({len(r.meetings)} meetings)"
        if others:
            line += " — also written " + ", ".join(others)
        click.echo(terminal_safe(line))
        if explain is not None:
            for reason in r.explain or ["no other spelling was merged into this record"]:
                click.echo(terminal_safe(f"    {reason}"))
            for m in r.meetings:
                click.echo(terminal_safe(f"    in {m}"))


class _QueryCommand(click.Command):
    """A command whose arguments end in a search query: "-plán" there is a word to leave out,
    not an option.  Every argument that is none of the command's options is the query's."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not param.is_flag and not param.count
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                words += rest
                break
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg
            if name in takes_value:
                options.append(arg)
                value = next(rest, None) if takes_value[name] and "=" not in arg else None
                if value is not None:
                    options.append(value)
            elif arg[:2] in takes_value and takes_value[arg[:2]] and arg[2:].isdigit():  # -n5
                options.append(arg)
            else:
                words.append(arg)
        return super().parse_args(ctx, [*options, "--", *words])


@main.command(cls=_QueryCommand)
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("query", nargs=-1, required=True)
@click.option(
    "-n", "--limit", type=click.IntRange(1), default=20, show_default=True, help="Show at most N meetings (any N)."
)
@click.option("--body", metavar="NAME", help="Only meetings of a body whose name has these words (komise sociální).")
@click.option("--since", metavar="DATE", help="Only meetings on or after DATE (2017-03-31, 2017-03 or 2017).")
@click.option("--until", metavar="DATE", help="Only meetings on or before DATE (2017-03-31, 2017-03 or 2017).")
@click.option("--person", metavar="NAME", help="Only meetings where a person of this name is listed (Jana Nováková).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def search(
    outdir: Path,
    query: tuple[str, ...],
    limit: int,
    body: str | None,
    since: str | None,
    until: str | None,
    person: str | None,
    fmt: str,
) -> None:
    """Hledání v zápisech. Full-text search in the minutes of an ingested archive.

    \b
    Searches OUTDIR/zapis.sqlite (written by zapis ingest) and prints every matching
    meeting (id, date, body) with its best passage, best match first.
      zapis search VYSTUP rozpočet            every form: rozpočtu, rozpočtem, rozpočty …
      zapis search VYSTUP krizove luzko       every word, any order, diacritics optional
      zapis search VYSTUP '"krizové lůžko"'   these words as written, in this order
      zapis search VYSTUP 'krizov*'           words starting with krizov
      zapis search VYSTUP plán OR rozpočet    either word
      zapis search VYSTUP komunitní -plán     passages without plán (or NOT plán)
    Exit code 0 when something was found, 1 when nothing was, 2 on error.
    """
    from zapis.archive import hit_json, hit_text
    from zapis.archive import search as search_archive

    text = " ".join(query)
    filters = {"body": body, "since": since, "until": until, "person": person}
    # one more than shown: tells whether the limit cut the list
    hits = search_archive(outdir, text, limit + 1, **filters)
    more, hits = len(hits) > limit, hits[:limit]
    if fmt == "json":
        click.echo(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2))
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for hit in hits:
            click.echo(hit_text(hit, color))
    if not hits:
        narrowed = " with these filters" if any(v is not None for v in filters.values()) else ""
        click.echo(f"zapis: no passage in {outdir} matches {text!r}{narrowed}", err=True)
        sys.exit(int(ExitCode.FAILED))
    if more:
        click.echo(f"zapis: showing the best {limit} meetings; --limit N shows more", err=True)
