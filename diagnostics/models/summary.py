"""The campaigns' results summary, precomputed like DHIS2's analytics tables.

Each table holds counts of a campaign's counted diagnostics (``Diagnostic.objects
.scored()``) grouped by what the results page, the comparison of provinces, the needs
ranking and the provincial report select and group on: the diagnostic's status
(submitted or validated), whether it is its association's latest scored diagnostic of
the questionnaire version (comparisons count one unit per association), the sample
stratum ("" for an association outside the drawn sample), the milieu, the province of
the association, and a domain of intervention ("" = every association; an association
with two domains has its rows under each of them as well).

- ``SummaryUnit``: the diagnosed associations themselves (counts, respondents per stratum);
- ``SummaryAnswer``: the answers a finding reads, by value: one question and its value,
  or (``question`` empty) the combination of values of the questions read together by
  findings over several questions;
- ``SummaryScore``: stored sub-dimension and axis scores by exact value (means,
  quartiles, the needs' counts and gaps are read off these histograms).

The estimation weight N_h / r_h is not stored per row: r_h (the stratum's respondents)
moves with every submission, so it would rewrite the stratum's rows. It is read off
the rows themselves (N_h once per stratum from the sample, r_h the stratum's
``SummaryUnit`` count), so a row's weight sum is exactly count x N_h / r_h.

Rows are written by ``diagnostics.analytics`` only: a campaign's rows are rebuilt in
one transaction, or moved by the difference a diagnostic's change makes.
``SummaryState`` says whether a campaign's rows are up to date.
"""

from django.db import models

from diagnostics.models.campaigns import Campaign
from diagnostics.models.questionnaire import Question


class SummaryState(models.Model):
    """Whether a campaign's summary rows reflect its diagnostics: ``stale`` is set by
    any write the services did not fold into the rows; the rows are then rebuilt
    before they are read. No row: never built."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, primary_key=True, related_name="summary_state"
    )
    stale = models.BooleanField(default=True)
    built_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"{self.campaign_id}: {'stale' if self.stale else 'fresh'}"


class SummaryRow(models.Model):
    """The dimensions every summary row has, and its count."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    # A digest of the row's dimensions (unique per campaign): the rows a change moves
    # are found by it.
    key = models.CharField(max_length=40)
    status = models.CharField(max_length=16)
    latest = models.BooleanField()
    stratum = models.CharField(max_length=120, blank=True)
    milieu = models.CharField(max_length=8, blank=True)
    province_id = models.BigIntegerField(null=True)
    domain = models.CharField(max_length=60, blank=True)  # "" = every association
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.campaign_id}:{self.key} = {self.count}"


class SummaryUnit(SummaryRow):
    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "key"], name="summary_unit_key")]


class SummaryAnswer(SummaryRow):
    # Empty for a combination of the questions read together (``value`` is then
    # {question code: value}); otherwise ``value`` is this question's value.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, related_name="+")
    value = models.JSONField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="summary_answer_key")
        ]
        indexes = [models.Index(fields=["campaign", "domain"], name="summary_answer_domain")]


class SummaryScore(SummaryRow):
    level = models.CharField(max_length=16)
    code = models.CharField(max_length=60)
    score = models.DecimalField(max_digits=16, decimal_places=10)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="summary_score_key")
        ]
        indexes = [
            models.Index(fields=["campaign", "level", "domain"], name="summary_score_level"),
        ]
