"""From the per-file results to the archive's outputs: meetings/, people.json, organizations.json
and the catalog, staged for publishing (zapis/archive/outdir.py).

Memory stays flat however large the archive: the grouping works on small per-file records
(meeting id, date, MinHash fingerprint), and the copies of each meeting are read back from
the cache one group at a time, once to collect the names for the registries and once to
write the merged meeting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from zapis.archive.cache import ResultCache
from zapis.archive.catalog import CATALOG_NAME, METADATA_NAME, datasette_metadata, write_catalog
from zapis.archive.corrections import Correction, CorrectionIndex, apply_corrections, renamed_people
from zapis.archive.dedup import group_copies
from zapis.archive.identity import explain_groups, meeting_ids
from zapis.archive.merge import merge_copies
from zapis.archive.outdir import Publication
from zapis.archive.records import DocRecord
from zapis.archive.registry import (
    CopyNames,
    PeopleRegistry,
    PersonOccurrence,
    apply_organizations,
    apply_registry,
    build_organizations,
    build_people,
    occurrences_in,
)
from zapis.output import dumps, file_name
from zapis.schema import PEOPLE_FIELDS, PERSON_FIELDS, CorrectionOutcome, FileEntry, Meeting, OrganizationRecord


@dataclass
class Built:
    meetings: int
    corrections: list[CorrectionOutcome] = field(default_factory=list)


def _load(cache: ResultCache, doc: DocRecord) -> Meeting:
    """The meeting of one file, read back from the cache, with the source path of this run."""
    result = cache.get(doc.sha256)
    if result is None or result.meeting is None:
        raise RuntimeError(f"the cache lost the result of {doc.rel}; run again with --force")
    meeting = result.meetings[doc.part]
    meeting.sources = [meeting.sources[0].model_copy(update={"path": doc.rel})]
    return meeting


def build_outputs(
    publication: Publication,
    entries: dict[str, FileEntry],
    records: dict[str, DocRecord],
    cache: ResultCache,
    corrections: list[Correction] | None = None,
) -> Built:
    """Stage every meeting, the registries and the catalog for ``publication``, the archivist's
    corrections applied (zapis/archive/corrections.py); returns the number of meetings and what
    became of each correction."""
    docs = [records[key] for key in sorted(records) if entries[records[key].rel].status == "ok"]
    copy_groups = group_copies(docs)  # copies by content, each join with its evidence
    ids = meeting_ids(copy_groups)  # by content: a suffix for other meetings of one body on one day
    explain_groups(copy_groups, ids, entries)
    groups = [(g.members, meeting_id) for g, meeting_id in zip(copy_groups, ids, strict=True)]

    # Pass 1: every copy's people and organizations for the registries: kept in the records (no
    # meeting is read back for them), unless a correction of that meeting may rename someone.
    people: list[PersonOccurrence] = []
    orgs: list[tuple[str, str, str]] = []
    index = CorrectionIndex(corrections or [], set(ids))
    names_index = CorrectionIndex(corrections or [], set(ids))  # its own: `index` records what pass 2 used
    for group, meeting_id in groups:
        if names_index.touches(meeting_id, [d.sha256 for d in group]):  # a corrected name as corrected
            copies = [_load(cache, d) for d in group]
            renames = _renames(copies, meeting_id, names_index)
            for meeting in copies:
                _rename(meeting, renames)
            names = [CopyNames.of(meeting) for meeting in copies]
        else:
            names = [d.names if d.names is not None else CopyNames.of(_load(cache, d)) for d in group]
        people += occurrences_in(names, meeting_id)
        for copy_names in names:
            orgs += [(name, raw, meeting_id) for name, raw in copy_names.organizations]
    registry = build_people(people)
    organizations = build_organizations(orgs)
    del people, orgs

    # Pass 2: merge again, correct, apply the registries, write each meeting and stream it to the catalog.
    # (A meeting whose files left the input folder is not written: publishing removes its file.)
    built = Built(len(groups))
    meetings = _write_meetings(groups, cache, registry, organizations, publication, index, built.corrections)
    catalog = publication.file(CATALOG_NAME)
    write_catalog(catalog, meetings, registry.records, organizations, shown=publication.root / CATALOG_NAME)
    publication.write(METADATA_NAME, dumps(datasette_metadata()))
    publication.write("people.json", dumps(registry.records))
    publication.write("organizations.json", dumps(organizations))
    built.corrections += index.unused()
    return built


def _merged(copies: list[Meeting], meeting_id: str, reuse: bool = False) -> Meeting:
    """The copies merged under ``meeting_id``; ``reuse``: read from the cache for this merge alone."""
    meeting = merge_copies(copies, reuse=reuse)
    meeting.meeting_id = meeting_id
    return meeting


def _renames(copies: list[Meeting], meeting_id: str, index: CorrectionIndex) -> dict[tuple[str, str], str]:
    if not index.touches(meeting_id, [s.sha256 for c in copies for s in c.sources]):
        return {}  # most meetings: no correction, no second merge
    merged = _merged(copies, meeting_id)
    found = index.of(merged)
    if not found:
        return {}
    corrected, _ = apply_corrections(merged, found)
    return renamed_people(merged, corrected)


def _rename(copy: Meeting, renames: dict[tuple[str, str], str]) -> None:
    if not renames:
        return
    for name in PEOPLE_FIELDS:
        for person in getattr(copy, name):
            if (name, person.name) in renames:
                person.name = person.raw = renames[(name, person.name)]
    for name in PERSON_FIELDS:
        person = getattr(copy, name)
        if person is not None and (name, person.name) in renames:
            person.name = person.raw = renames[(name, person.name)]


def _write_meetings(
    groups: list[tuple[list[DocRecord], str]],
    cache: ResultCache,
    registry: PeopleRegistry,
    organizations: list[OrganizationRecord],
    publication: Publication,
    index: CorrectionIndex,
    outcomes: list[CorrectionOutcome],
) -> Iterator[Meeting]:
    for group, meeting_id in groups:
        meeting = _merged([_load(cache, d) for d in group], meeting_id, reuse=True)
        found = index.of(meeting)
        if found:
            meeting, done = apply_corrections(meeting, found)
            outcomes += done
        apply_registry(meeting, registry)
        apply_organizations(meeting, organizations)
        publication.meeting(file_name(meeting.meeting_id), dumps(meeting))
        yield meeting
