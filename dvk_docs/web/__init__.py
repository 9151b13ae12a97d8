"""The web application: the year's paperwork in a browser (Django).

The web layer holds no paperwork rule: every year is stored as the dataset the library
reads (``store``), and loading, validating, rendering, building, import, rollover and the
format check go through :mod:`dvk_docs.api` and the library modules.
"""
