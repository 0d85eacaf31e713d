"""Roles of DESIGN.md as Django groups (created by a data migration)."""

AGENT = "agent"
SUPERVISOR = "supervisor"
QUALITY_MANAGER = "quality_manager"
AUDITOR = "auditor"
ADMINISTRATOR = "administrator"
CONTRIBUTOR = "contributor"

ALL_ROLES = (AGENT, SUPERVISOR, QUALITY_MANAGER, AUDITOR, ADMINISTRATOR, CONTRIBUTOR)
# Roles that may handle a complaint (assign, answer, change its state).
HANDLER_ROLES = frozenset({AGENT, SUPERVISOR, ADMINISTRATOR})
# Roles that see every complaint, whatever the team.
SEE_ALL_ROLES = frozenset({QUALITY_MANAGER, AUDITOR, ADMINISTRATOR})
# Roles that may add internal notes besides the handlers (auditors only read).
NOTE_ROLES = frozenset({QUALITY_MANAGER, CONTRIBUTOR})
# Roles that supervise the desk's outgoing mail and outbox.
SUPERVISION_ROLES = frozenset({SUPERVISOR, ADMINISTRATOR})
