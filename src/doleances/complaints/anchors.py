"""Anchors: the chain heads, copied at intervals into an append-only file outside the database.

A rewrite by someone who can write the database, and even holds the audit key, cannot reach a
copy kept elsewhere: `audit verify --anchors FILE` checks every anchored (sequence, head) against
the events. Each run appends one line per complaint whose head moved since the previous run,
then a run line with the count and one digest over every head (short enough to be copied
elsewhere too: a log, an email to the auditor).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from doleances.complaints.models import Complaint
from doleances.core.hashchain import heads_digest

FILE_NAME = "anchors.jsonl"


@dataclass
class AnchorLog:
    """What an anchor file says: every anchored head, and where the file contradicts itself."""

    anchored: dict[str, dict[int, str]] = field(default_factory=dict)  # reference → {sequence: head}
    latest: dict[str, tuple[int, str]] = field(default_factory=dict)  # reference → last anchored head
    runs: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnchorRun:
    path: Path
    complaints: int
    changed: int
    digest: str
    # Complaints whose head moved backwards or sideways since they were anchored: a rewrite.
    regressed: list[str] = field(default_factory=list)


def read_anchors(path: Path) -> AnchorLog:
    log = AnchorLog()
    if not path.exists():
        return log
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                log.problems.append(f"line {number}: not JSON")
                continue
            if "run" in entry:
                log.runs += 1
                if heads_digest(log.latest) != entry.get("digest"):
                    log.problems.append(f"line {number}: run of {entry['run']} does not match the heads before it")
                continue
            reference, sequence, head = entry["reference"], int(entry["sequence"]), entry["head"]
            log.anchored.setdefault(reference, {})[sequence] = head
            log.latest[reference] = (sequence, head)
    return log


def write_anchors(directory: Path, *, at: datetime) -> AnchorRun:
    """Append the heads that moved since the last run, then the run line (flushed to disk)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / FILE_NAME
    heads = dict(read_anchors(path).latest)
    rows = (
        Complaint.objects.filter(audit_sequence__isnull=False)
        .order_by("pk")
        .values_list("reference", "audit_sequence", "audit_head")
    )
    changed, regressed = 0, []
    with path.open("a", encoding="utf-8") as out:
        for reference, sequence, head in rows.iterator(chunk_size=5000):
            before = heads.get(reference)
            if before != (sequence, head):
                if before is not None and sequence <= before[0]:
                    regressed.append(reference)
                heads[reference] = (sequence, head)
                changed += 1
                entry = {"reference": reference, "sequence": sequence, "head": head, "at": at.isoformat()}
                out.write(json.dumps(entry, sort_keys=True) + "\n")
        digest = heads_digest(heads)
        out.write(json.dumps({"run": at.isoformat(), "complaints": len(heads), "changed": changed, "digest": digest}) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return AnchorRun(path, len(heads), changed, digest, regressed)
