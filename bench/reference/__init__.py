"""The benchmark's reference page: a bare Django page listing 50 rows of one table in a
5-column HTML table, served by the same gunicorn as the app (bench/throughput.py).

Only reachable through `DJANGO_SETTINGS_MODULE=bench.reference.settings`: production settings
(config.settings) never route to it, and `bench/` is not part of the installed package.
"""
