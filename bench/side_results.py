"""The provincial results page against a hand-written aggregate of the same figures.

Run in-process by bench/server_side.py on the generated national data: the 2026
campaign of the largest province, 5,000 diagnosed associations. The baseline is what
a careful hand-written implementation must at least ask of PostgreSQL to publish the
page's figures, whatever the code around it:

1. one grouped count of the answers of the counted diagnostics by question and value
   (multiple choices unnested, only for the answers that hold some), with GROUPING
   SETS for overall, by stratum (for the N_h / r_h weights) and by stratum and milieu;
2. the axis scores' count, mean and quartiles (percentile_cont);
3. the strata's N_h, drawn and diagnosed counts, with their total (ROLLUP).

Page and SQL are timed alternately in the same process, median of REPEAT runs each.
The page keeps its figures in the cache under the figures token (takwia/freshness.py):
``value`` is the page as read between writes; ``cold_ms`` the page right after a write
(the token replaced before each request: figures computed again from the summary).
"""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

REPEAT = 7
AGGREGATE_SQL = [
    """
    SELECT an.question_id,
           COALESCE(an.value_bool::text, an.value_int::text, NULLIF(an.value_text, ''),
                    choice.value) AS value,
           e.stratum, c.milieu, COUNT(*)
    FROM diagnostics_answer an
    JOIN diagnostics_diagnostic d ON d.id = an.diagnostic_id
    JOIN associations_association a ON a.id = d.association_id
    JOIN associations_commune c ON c.id = a.commune_id
    LEFT JOIN diagnostics_sampleentry e
        ON e.campaign_id = d.campaign_id AND e.association_id = d.association_id
    LEFT JOIN LATERAL (
        SELECT x.value FROM jsonb_array_elements_text(an.value_choices) AS x(value)
        WHERE an.value_choices <> '[]'::jsonb
    ) AS choice ON an.value_choices <> '[]'::jsonb
    WHERE d.campaign_id = %(campaign)s AND d.status IN ('submitted', 'validated')
    GROUP BY GROUPING SETS ((1, 2), (1, 2, 3), (1, 2, 3, 4))
    """,
    """
    SELECT s.code, COUNT(*), AVG(s.score),
           percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY s.score)
    FROM diagnostics_score s
    JOIN diagnostics_diagnostic d ON d.id = s.diagnostic_id
    WHERE d.campaign_id = %(campaign)s AND d.status IN ('submitted', 'validated')
        AND s.level = 'axis'
    GROUP BY s.code
    """,
    """
    SELECT e.stratum, MAX(e.population), COUNT(*), COUNT(d.id)
    FROM diagnostics_sampleentry e
    LEFT JOIN diagnostics_diagnostic d
        ON d.campaign_id = e.campaign_id AND d.association_id = e.association_id
        AND d.status IN ('submitted', 'validated')
    WHERE e.campaign_id = %(campaign)s
    GROUP BY ROLLUP (e.stratum)
    """,
]


def aggregate(campaign_id: int) -> list[list]:
    with connection.cursor() as cursor:
        results = []
        for statement in AGGREGATE_SQL:
            cursor.execute(statement, {"campaign": campaign_id})
            results.append(cursor.fetchall())
    return results


def results_vs_aggregate() -> dict:
    from diagnostics.models import Campaign, Diagnostic
    from diagnostics.selectors import campaign_results
    from takwia.freshness import figures_changed
    from takwia.models import User

    campaign = Campaign.objects.filter(name__startswith="Banc national 2026").order_by("pk")[0]
    diagnosed = Diagnostic.objects.filter(campaign=campaign).scored().count()
    client = Client()
    client.force_login(User.objects.get(username="national"))
    path = f"/campaigns/{campaign.pk}/results/"
    page, sql, selector, cold = [], [], [], []
    for index in range(REPEAT + 1):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            page_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        started = time.perf_counter()
        rows = aggregate(campaign.pk)
        sql_ms = (time.perf_counter() - started) * 1000
        figures_changed()  # as after any write: the figures computed again
        started = time.perf_counter()
        campaign_results(campaign=campaign)
        selector_ms = (time.perf_counter() - started) * 1000
        figures_changed()
        with CaptureQueriesContext(connection) as cold_queries:
            started = time.perf_counter()
            response = client.get(path)
            cold_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if index:  # the first round warms caches
            page.append(page_ms)
            sql.append(sql_ms)
            selector.append(selector_ms)
            cold.append(cold_ms)
    value, baseline = statistics.median(page), statistics.median(sql)
    return {
        "unit": "ms (server, median)",
        "value": round(value, 1),
        "baseline": round(baseline, 1),
        "baseline_name": "hand_written_aggregate_sql_ms",
        "ratio": round(value / baseline, 2),
        "selector_ms": round(statistics.median(selector), 1),
        "cold_ms": round(statistics.median(cold), 1),
        "cold_ratio": round(statistics.median(cold) / baseline, 2),
        "cold_queries": len(cold_queries.captured_queries),
        "page_min_max_ms": [round(min(page), 1), round(max(page), 1)],
        "sql_min_max_ms": [round(min(sql), 1), round(max(sql), 1)],
        "page_queries": len(queries.captured_queries),
        "aggregate_groups": len(rows[0]),
        "campaign": campaign.pk,
        "province": campaign.province.code,
        "diagnosed": diagnosed,
        "repeat": REPEAT,
    }
