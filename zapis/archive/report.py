"""report.json: every input file with its status, and a summary of the run."""

from __future__ import annotations

from collections import Counter

from zapis.archive.records import DocRecord
from zapis.output import terminal_safe
from zapis.schema import FileEntry, Report, Summary


def skipped_entry(rel: str, reason: str) -> FileEntry:
    return FileEntry(path=rel, status="skipped", reason=reason)


def summarize(
    files: list[FileEntry], records: dict[str, DocRecord], meetings: int, seconds: float, extracted: int
) -> Summary:
    ok = [f for f in files if f.status == "ok"]
    errors = [f for f in files if f.status == "error"]
    pages: Counter[str] = Counter()
    confidences = []
    for f in ok:
        record = records.get(f.path)
        if record is None:
            continue
        pages.update(record.pages_by_method)
        if record.ocr_confidence is not None:
            confidences.append(record.ocr_confidence)
    return Summary(
        files_seen=len(files),
        ok=len(ok),
        errors=len(errors),
        skipped=sum(1 for f in files if f.status == "skipped"),
        not_minutes=sum(1 for f in files if f.status == "not-minutes"),
        meetings=meetings,
        duplicates_merged=max(0, len(records) - meetings),
        errors_by_kind=dict(sorted(Counter(f.kind or "internal" for f in errors).items())),
        pages_by_method=dict(sorted(pages.items())),
        mean_ocr_confidence=round(sum(confidences) / len(confidences), 1) if confidences else None,
        extracted=extracted,
        from_cache=sum(1 for f in files if f.status in ("ok", "error", "not-minutes")) - extracted,
        seconds=round(seconds, 1),
    )


def summary_text(report: Report) -> str:
    s = report.summary
    lines = [
        f"zapis ingest: {s.files_seen} files, {s.ok} read, {s.errors} failed, {s.skipped} skipped"
        + (f", {s.not_minutes} not minutes" if s.not_minutes else "")
        + f" → {s.meetings} meetings ({s.duplicates_merged} copies merged) in {s.seconds} s",
    ]
    if s.pages_by_method:
        pages = ", ".join(f"{n} {m}" for m, n in s.pages_by_method.items())
        conf = f"; mean OCR confidence {s.mean_ocr_confidence}" if s.mean_ocr_confidence is not None else ""
        lines.append(f"pages: {pages}{conf}; extracted now {s.extracted}, from cache {s.from_cache}")
    for f in report.files:
        if f.status == "error":  # file names are the archive's: no control characters to the terminal
            lines.append(terminal_safe(f"  error [{f.kind}] {f.path}: {f.reason}"))
        elif f.status == "not-minutes":
            lines.append(terminal_safe(f"  not minutes {f.path}"))
    lines.append(terminal_safe(f"report: {report.output}/report.json"))
    return "\n".join(lines)
