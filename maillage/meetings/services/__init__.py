"""Writes of the meetings app: keyword-only, typed, atomic, audited functions.

- `schedule`: the calendar of a group (the scheduling engine's adapter), moves, shifts,
  cancellations, additions, venues and the host rotation; each change notifies the members.
- `attendance`: RSVPs, attendance, absence alerts, the catch-up digest.
- `minutes`: the minutes with their revisions, the shareable takeaways.
- `agenda`: agenda items from the session formats, templates, experts, the run view.
- `feeds`: private calendar feed tokens.
- `reminders`: exactly-once reminder emails.
"""
