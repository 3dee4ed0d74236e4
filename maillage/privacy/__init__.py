"""privacy: the top floor of trust. Personal-data export and erasure (each app registers what it
holds about a person in `core.personal_data`), consents and their log, retention of data, the
audit trail for staff, and the page where a member accepts their group's charter."""
