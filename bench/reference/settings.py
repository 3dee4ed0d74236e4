"""The app's settings (config.settings, env-driven as in production) with the reference page
added to the URLs. For the benchmark only."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.reference.urls"
