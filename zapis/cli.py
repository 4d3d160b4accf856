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
from enum import IntEnum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, cast

import click

from zapis.errors import ZapisError
from zapis.readers import ExtractOptions
from zapis.version import __version__

if TYPE_CHECKING:
    from zapis.api import ExportFormat
    from zapis.readers import PdfEngine

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
@click.option(
    "--searchable-pdf",
    "searchable",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="OUT.pdf",
    help="Also write the scan (PDF or image) as a searchable PDF: its OCR as an invisible text layer.",
)
def extract(
    file: Path,
    output: Path | None,
    engine: str,
    password: str | None,
    max_pages: int,
    max_bytes: int,
    force_ocr: bool,
    searchable: Path | None,
) -> None:
    """Jeden soubor → JSON jednání. Read one minutes file (PDF, scan, DOCX, TXT, MD, HTML, image) into meeting JSON.

    A file that keeps the minutes of several meetings gives a JSON array, one object a meeting.
    """
    from zapis.api import extract as extract_file
    from zapis.output import check_target, dumps, write_atomic

    if output is not None:
        check_target(output)  # before the work, not after it
    try:  # one file: its scanned pages are OCRed on all cores
        meetings = extract_file(
            file,
            engine=cast("PdfEngine", engine),
            password=password,
            max_pages=max_pages,
            max_bytes=max_bytes,
            force_ocr=force_ocr,
            searchable_pdf=searchable,
        )
    except ZapisError as e:
        _fail(f"{file}: {e.reason}")  # the file could not be read: exit 1
        return
    text = dumps(meetings).decode("utf-8")
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
@click.option(
    "--searchable-pdf",
    "searchable",
    is_flag=True,
    help="Also write every scan as a searchable PDF (its OCR as an invisible text layer) under OUTDIR/searchable/.",
)
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
    searchable: bool,
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
    from zapis.api import ingest as ingest_folder

    if searchable and cluster:
        _fail(
            "--searchable-pdf cannot be used with --cluster (the cluster's workers do not share OUTDIR)", ExitCode.USAGE
        )
        return
    report = ingest_folder(
        directory,
        outdir,
        workers=workers,
        cluster=cluster,
        force=force,
        timeout=timeout,
        follow_links=follow_links,
        engine=cast("PdfEngine", engine),
        password=password,
        max_pages=max_pages,
        max_bytes=max_bytes,
        force_ocr=force_ocr,
        progress="bar" if sys.stderr.isatty() else "lines",
        searchable_pdf=searchable,
    )
    from zapis.archive import summary_text

    click.echo(summary_text(report), err=True)
    sys.exit(int(ExitCode.FAILED if report.summary.errors else ExitCode.OK))


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("meeting_id")
@click.argument("field")
@click.argument("value", required=False)
@click.option("--checked", is_flag=True, help="The value zapis read is right: confirm it (no VALUE).")
@click.option("--why", default=None, help="Why: the evidence a person used (kept with the correction).")
@click.option("--by", "by", default=None, help="Who corrected it (default: $USER).")
def correct(
    outdir: Path, meeting_id: str, field: str, value: str | None, checked: bool, why: str | None, by: str | None
) -> None:
    """Oprava hodnoty. Correct one value of an ingested archive's meeting, for good.

    \b
    FIELD is a path into the meeting JSON: date, location, recorded_by,
    attendees[2].name, agenda[0], decisions[0].votes_for; VALUE "" empties it.
    The correction is kept in OUTDIR/corrections.toml (who, when, why, and the value
    and source file it was made against) and applied by every zapis ingest, with
    --force and after a new zapis version too; the outputs are rebuilt at once.
    A correction whose source file or value has changed since is not applied:
    report.json lists it under "corrections".
      zapis correct VYSTUP 2024-06-05_rada date 2024-06-12 --why "podle pozvánky"
      zapis correct VYSTUP 2024-06-05_rada attendees[2].name "Jan Novák"
      zapis correct VYSTUP 2024-06-05_rada location --checked
    """
    from zapis.archive import correct as correct_archive
    from zapis.output import terminal_safe

    if checked == (value is not None):
        _fail("give either a VALUE or --checked", ExitCode.USAGE)
    who = by or os.environ.get("USER") or None
    report = correct_archive(outdir, meeting_id, field, value, "check" if checked else "correct", who, why)
    what = "checked" if checked else f"corrected to {value!r}"
    click.echo(terminal_safe(f"zapis: {meeting_id} {field} {what}; kept in {outdir / 'corrections.toml'}"), err=True)
    if report is None:
        click.echo("zapis: the outputs are rebuilt with it by the next zapis ingest", err=True)
        return
    for outcome in report.corrections:
        if outcome.status not in ("applied", "checked"):
            line = f"zapis: not applied: {outcome.meeting_id} {outcome.field}: {outcome.reason}"
            click.echo(terminal_safe(line), err=True)


class _Lines:
    """Progress of a long command as plain lines on stderr: every few seconds and at the end."""

    EVERY = 5.0

    def __init__(self, what: str) -> None:
        self.what = what
        self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= self.EVERY or done == total:
            click.echo(f"zapis review: {done}/{total} {self.what}", err=True)
            self.last = now


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--body", default=None, help="Only meetings of bodies whose name contains this (diacritics optional).")
@click.option("--year", type=int, default=None, help="Only meetings of this year.")
@click.option("--field", "field_name", default=None, help="Only this field (date, attendees, decisions, …).")
@click.option("-n", "--limit", type=click.IntRange(1), default=10, show_default=True, help="Print the first N.")
def review(outdir: Path, body: str | None, year: int | None, field_name: str | None, limit: int) -> None:
    """Co zkontrolovat. The values of an ingested archive a person should check, most urgent first.

    \b
    Writes OUTDIR/review.json and OUTDIR/review.html (one page, no network: each value
    with why zapis is unsure, its evidence highlighted in the text and, for PDF and
    scanned pages, a crop of the page) and prints the first entries.  Ordered by how
    much the field matters × how unsure zapis is (its confidence, copies that disagree,
    OCR, warnings).  A value corrected or confirmed with zapis correct leaves the queue.
    """
    from zapis.archive import REVIEW_HTML
    from zapis.archive import review as review_archive
    from zapis.output import terminal_safe

    entries = review_archive(outdir, body, year, field_name, _Lines("meetings"))
    for n, entry in enumerate(entries[:limit], start=1):
        value = "(no value found)" if entry.value is None else json.dumps(entry.value, ensure_ascii=False)
        line = f"{n:>3}. {entry.score:.2f} {entry.meeting_id} {entry.field} = {value[:80]} — {'; '.join(entry.reasons)}"
        click.echo(terminal_safe(line))
    click.echo(f"zapis review: {len(entries)} values to check; {outdir / REVIEW_HTML}", err=True)


@main.command()
@click.option("--diff", "kind", flag_value="diff", help="The schema of zapis diff --format json.")
@click.option("--report", "kind", flag_value="report", help="The schema of OUTDIR/report.json.")
@click.option("--people", "kind", flag_value="people", help="The schema of OUTDIR/people.json.")
@click.option("--organizations", "kind", flag_value="organizations", help="The schema of OUTDIR/organizations.json.")
def schema(kind: str | None) -> None:
    """JSON Schema výstupu. Print the JSON Schema of the meeting JSON (or of another output, by option)."""
    if kind == "diff":
        from zapis.compare import diff_json_schema

        click.echo(json.dumps(diff_json_schema(), ensure_ascii=False, indent=2))
        return
    from zapis.schema import json_schema

    click.echo(json.dumps(json_schema(kind or "meeting"), ensure_ascii=False, indent=2))


class _OcrProgress:
    """One line on stderr when a side needs OCR, and one per page read: OCR takes seconds a page."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths
        self.started = time.monotonic()

    def __call__(self, label: str, done: int, pages: int) -> None:
        from zapis.output import terminal_safe

        if done == 0:
            self.started = time.monotonic()
            click.echo(
                f"zapis: {label} ({terminal_safe(str(self.paths[label]))}) has pages without text:"
                " OCR, a few seconds a page…",
                err=True,
            )
            return
        seconds = time.monotonic() - self.started
        click.echo(f"zapis: {label}: OCR {done} of {pages} pages read ({seconds:.0f} s)", err=True)


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
    from zapis.api import diff as diff_files
    from zapis.compare import to_html, to_json, to_terminal
    from zapis.output import check_target

    if output is not None:
        check_target(output)  # before the work, not after it
    progress = _OcrProgress({"A": a, "B": b})
    result = diff_files(a, b, engine=cast("PdfEngine", engine), password=password, ocr_progress=progress)
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
    from zapis.api import people as people_of
    from zapis.output import terminal_safe

    records = people_of(outdir, explain)
    if explain is not None and not records:
        _fail(f"nobody named {explain!r} in {outdir / 'people.json'}")
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
    from zapis.api import search as search_archive
    from zapis.archive import hit_json, hit_text

    text = " ".join(query)
    # one more than shown: tells whether the limit cut the list
    hits = search_archive(outdir, text, limit=limit + 1, body=body, since=since, until=until, person=person)
    more, hits = len(hits) > limit, hits[:limit]
    if fmt == "json":
        click.echo(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2))
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for hit in hits:
            click.echo(hit_text(hit, color))
    if not hits:
        narrowed = " with these filters" if any(v is not None for v in (body, since, until, person)) else ""
        click.echo(f"zapis: no passage in {outdir} matches {text!r}{narrowed}", err=True)
        sys.exit(int(ExitCode.FAILED))
    if more:
        click.echo(f"zapis: showing the best {limit} meetings; --limit N shows more", err=True)


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "popolo"]), default="jsonl", show_default=True)
@click.option(
    "-o",
    "--output",
    "dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write to (default: OUTDIR/export).",
)
def export(outdir: Path, fmt: str, dest: Path | None) -> None:
    """Export archivu pro další nástroje. Export an ingested archive as tables or as Popolo.

    \b
    --format jsonl, csv: meetings, participants, decisions and people, one file each
    (meetings.jsonl …; the columns are listed in the README);
    --format popolo: popolo.json with persons, organizations, memberships, events,
    motions and vote events in the Popolo data model (popoloproject.com).
    """
    from zapis.api import export as export_archive
    from zapis.output import terminal_safe

    for path in export_archive(outdir, cast("ExportFormat", fmt), dest):
        click.echo(terminal_safe(str(path)))
