"""The questionnaire engine, at the bottom of ``diagnostics``.

What a question kind means (``kinds``), the predicates of conditions and findings
(``predicates``), a version's cached structure (``structure``), scoring
(``scoring``), the arithmetic of findings (``findings``), survey estimation
(``estimation``), exact display rounding (``takwia.figures``) and the loader of the
questionnaire files (``loader``). It imports ``diagnostics.models`` and nothing else
of ``diagnostics``: services, selectors, views and reports build on it.
"""
