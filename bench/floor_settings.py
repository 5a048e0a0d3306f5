"""The project's settings with one more URL, the logged-in floor (bench/floor_urls.py).

Used by the gunicorn and the in-process measurements of bench/run.py only.
"""

from takwia.settings import *  # noqa: F403

ROOT_URLCONF = "floor_urls"
