"""The group's dip and recovery, for the researcher's study page."""

from __future__ import annotations

from crylog.studies.models import Study


def group_context(study: Study) -> dict[str, object]:
    """What ``templates/studies/group.html`` shows of ``study``."""
    return {}
