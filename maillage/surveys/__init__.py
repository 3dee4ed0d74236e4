"""Surveys: standard questionnaires, invitations with a secret link, pseudonymous answers."""
