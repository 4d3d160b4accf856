"""The archive in the Popolo data model (popoloproject.com): the people, the organizations and
the votes, as civic-data tools read them.

One JSON document with the collections Popolo's JSON export uses:

* ``persons``: Person (``id`` = zapis's ``person_id``, ``name``, ``other_names``: the other
  spellings the registry merged);
* ``organizations``: Organization: the bodies that met (``id`` ``body/<slug>``,
  ``classification`` "body") and the organizations of organizations.json (``id`` = ``org_id``);
* ``memberships``: Membership (``person_id``, ``organization_id``, ``role`` when the minutes give
  one): a person in a body's attendance lists (present, excused, absent; never a guest), and a
  person with the organization the minutes name beside them ("Jan Novák (Naděje)");
* ``events``: Event, one a meeting (``id`` = ``meeting_id``, ``start_date``, ``location``,
  ``organization_id``);
* ``motions`` and ``vote_events``: a decision the minutes give a result, counts or named votes
  for is a Motion (``text``, ``identifier`` = its number, ``date``) and its VoteEvent (``motion``,
  ``organization_id``, ``legislative_session_id`` = the meeting, ``start_date``, ``result``
  "pass" or "fail", ``counts``: Count ``{option, value}``, ``votes``: Vote ``{vote_event_id,
  voter_id, option}``); options are Popolo's "yes", "no", "abstain", "not voting".

Nothing is invented: a value the minutes do not give is left out, as Popolo allows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from zapis.lang import fold, slug
from zapis.schema import Decision, Meeting, OrganizationRecord, PersonRecord

__all__ = ["COUNT_OPTIONS", "RESULTS", "VOTE_OPTIONS", "body_id", "popolo"]

# zapis's counts and votes → Popolo's option values
COUNT_OPTIONS = {
    "votes_for": "yes",
    "votes_against": "no",
    "votes_abstained": "abstain",
    "votes_not_voting": "not voting",
}
VOTE_OPTIONS = {"for": "yes", "against": "no", "abstained": "abstain", "not_voting": "not voting"}
RESULTS = {"přijato": "pass", "nepřijato": "fail"}
MEMBER_FIELDS = ("attendees", "excused", "absent")  # the attendance lists: guests are not members


def body_id(body: str) -> str:
    return f"body/{slug(body)}"


def _person(p: PersonRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.person_id, "name": p.name}
    others = [v for v in p.variants if v != p.name]
    if others:
        out["other_names"] = [{"name": v} for v in others]
    return out


def _organization(o: OrganizationRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"id": o.org_id, "name": o.name}
    others = [n for n in dict.fromkeys([*o.aliases, *o.abbreviations]) if n != o.name]
    if others:
        out["other_names"] = [{"name": n} for n in others]
    return out


def _org_lookup(organizations: list[OrganizationRecord]) -> dict[str, str]:
    names: dict[str, str] = {}
    for o in organizations:
        for n in (o.name, *o.aliases, *o.abbreviations):
            names.setdefault(fold(n), o.org_id)
    return names


def _motion_and_vote(
    m: Meeting, n: int, d: Decision, organization: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    motion_id = f"{m.meeting_id}/decisions/{n}"
    date = m.date.isoformat() if m.date else None
    motion: dict[str, Any] = {"id": motion_id, "text": d.text}
    vote: dict[str, Any] = {"id": f"{motion_id}/vote", "motion_id": motion_id, "legislative_session_id": m.meeting_id}
    for target in (motion, vote):
        if organization:
            target["organization_id"] = organization
        if d.number:
            target["identifier"] = d.number
    if date:
        motion["date"] = date
        vote["start_date"] = date
    if d.result:
        motion["result"] = vote["result"] = RESULTS[d.result]
    counts = [{"option": option, "value": getattr(d, field)} for field, option in COUNT_OPTIONS.items()]
    vote["counts"] = [c for c in counts if c["value"] is not None]
    vote["votes"] = [
        {"vote_event_id": vote["id"], "voter_id": v.person.person_id, "option": VOTE_OPTIONS[v.vote]}
        for v in d.named_votes
        if v.person.person_id
    ]
    vote["motion"] = motion
    return motion, vote


def _is_vote(d: Decision) -> bool:
    return d.result is not None or bool(d.named_votes) or any(getattr(d, f) is not None for f in COUNT_OPTIONS)


def popolo(
    meetings: Iterable[Meeting], people: list[PersonRecord], organizations: list[OrganizationRecord]
) -> dict[str, Any]:
    """The Popolo document of an archive."""
    org_of_name = _org_lookup(organizations)
    bodies: dict[str, str] = {}
    roles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (person, organization) → roles given
    events, motions, vote_events = [], [], []
    for m in meetings:
        organization = None
        if m.body:
            organization = body_id(m.body)
            bodies.setdefault(organization, m.body)
        event: dict[str, Any] = {"id": m.meeting_id, "name": m.title or m.body or m.meeting_id,
                                 "classification": "meeting"}  # fmt: skip
        if m.date:
            event["start_date"] = f"{m.date.isoformat()}T{m.start_time}" if m.start_time else m.date.isoformat()
        if m.location:
            event["location"] = m.location
        if organization:
            event["organization_id"] = organization
        events.append(event)
        for field in MEMBER_FIELDS:
            for p in getattr(m, field):
                if p.person_id is None:
                    continue
                if organization:
                    roles[(p.person_id, organization)].update([p.role] if p.role else [])
                other = org_of_name.get(fold(p.organization)) if p.organization else None
                if other:
                    roles[(p.person_id, other)].update([])
        for n, d in enumerate(m.decisions):
            if _is_vote(d):
                motion, vote = _motion_and_vote(m, n, d, organization)
                motions.append(motion)
                vote_events.append(vote)
    memberships = []
    for (person, organization), given in sorted(roles.items()):
        membership: dict[str, Any] = {"id": f"{person}@{organization}", "person_id": person,
                                      "organization_id": organization}  # fmt: skip
        if given:
            membership["role"] = given.most_common(1)[0][0]
        memberships.append(membership)
    body_orgs = [{"id": i, "name": name, "classification": "body"} for i, name in sorted(bodies.items())]
    return {
        "persons": [_person(p) for p in people],
        "organizations": body_orgs + [_organization(o) for o in organizations],
        "memberships": memberships,
        "events": events,
        "motions": motions,
        "vote_events": vote_events,
    }
