"""report.json: every input file with its status, and a summary of the run."""

from __future__ import annotations

from collections import Counter
from typing import Any


def file_entry(
    rel: str, result: dict[str, Any] | None = None, skip: str | None = None, cached: bool = False
) -> dict[str, Any]:
    if skip is not None:
        return {"path": rel, "status": "skipped", "reason": skip}
    assert result is not None
    if result["status"] == "error":
        return {
            "path": rel,
            "status": "error",
            "kind": result["kind"],
            "reason": result["reason"],
            "sha256": result.get("sha256"),
        }
    return {
        "path": rel,
        "status": "ok",
        "sha256": result["sha256"],
        "format": result["format"],
        "method": result["method"],
        "pages": result["pages"],
        "ocr_confidence": result["ocr_confidence"],
        "meeting_id": None,  # filled in when the copies are grouped
        "warnings": result["meeting"].get("warnings", []),
        "cached": cached,
    }


def summarize(
    files: list[dict[str, Any]], results: dict[str, dict[str, Any]], meetings: int, seconds: float, extracted: int
) -> dict[str, Any]:
    ok = [f for f in files if f["status"] == "ok"]
    errors = [f for f in files if f["status"] == "error"]
    pages: Counter[str] = Counter()
    confidences = []
    for f in ok:
        r = results.get(f["path"]) or {}
        pages.update(r.get("pages_by_method", {}))
        if r.get("ocr_confidence") is not None:
            confidences.append(r["ocr_confidence"])
    return {
        "files_seen": len(files),
        "ok": len(ok),
        "errors": len(errors),
        "skipped": sum(1 for f in files if f["status"] == "skipped"),
        "meetings": meetings,
        "duplicates_merged": len(ok) - meetings if ok else 0,
        "errors_by_kind": dict(sorted(Counter(f["kind"] for f in errors).items())),
        "pages_by_method": dict(sorted(pages.items())),
        "mean_ocr_confidence": round(sum(confidences) / len(confidences), 1) if confidences else None,
        "extracted": extracted,
        "from_cache": len(ok) + len(errors) - extracted,
        "seconds": round(seconds, 1),
    }


def summary_text(report: dict[str, Any]) -> str:
    s = report["summary"]
    lines = [
        f"zapis ingest: {s['files_seen']} files, {s['ok']} read, {s['errors']} failed, {s['skipped']} skipped"
        f" → {s['meetings']} meetings ({s['duplicates_merged']} copies merged) in {s['seconds']} s",
    ]
    if s["pages_by_method"]:
        pages = ", ".join(f"{n} {m}" for m, n in s["pages_by_method"].items())
        conf = f"; mean OCR confidence {s['mean_ocr_confidence']}" if s["mean_ocr_confidence"] is not None else ""
        lines.append(f"pages: {pages}{conf}; extracted now {s['extracted']}, from cache {s['from_cache']}")
    for f in report["files"]:
        if f["status"] == "error":
            lines.append(f"  error [{f['kind']}] {f['path']}: {f['reason']}")
    lines.append(f"report: {report['output']}/report.json")
    return "\n".join(lines)
