"""The REST API: each domain app has its router in its api.py; they are mounted here."""

from ninja import NinjaAPI

api = NinjaAPI(title="Maillage API", version="1", urls_namespace="api")
