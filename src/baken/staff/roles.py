"""Role groups of the staff app, composed from the groups in ``baken.core.roles``."""

from baken.core.roles import COORDINATOR_ROLES, DESK_ROLES, LIBRARY_ROLES, PRIVACY_ROLES

# Manage the staff register, the policy and the casus van de week.
MANAGE_ROLES = COORDINATOR_ROLES
# Everyone at the library: read the policy in plain words and report an incident (seed 001: report at once).
ALL_STAFF_ROLES = LIBRARY_ROLES
# Read the breach register and the policy history: the privacy coordinator, and the coordinator read-only.
OVERSIGHT_ROLES = COORDINATOR_ROLES | PRIVACY_ROLES
# Decide on breaches and read the audit log.
PRIVACY_OFFICER_ROLES = PRIVACY_ROLES
# See the casus van de week on the desk screen.
CASE_READER_ROLES = DESK_ROLES
