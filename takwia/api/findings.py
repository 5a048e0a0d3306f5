"""A campaign's findings and needs as the API gives them: exactly the results page's
``campaign_results`` and the needs page's ``needs_ranking``, figures rounded once,
half up, as decimal strings, exact shares as "p/q". The serializers describe the
payload in the OpenAPI schema."""

from rest_framework import serializers

from takwia.api.base import fraction_text, rounded
from takwia.figures import percent


class BoundSerializer(serializers.Serializer):
    side = serializers.ChoiceField(
        [("max", "au plus"), ("min", "au moins")],
        help_text="À 0 % ou 100 % : borne supérieure (max) ou inférieure (min) à 95 %.",
    )
    percent = serializers.DecimalField(max_digits=4, decimal_places=1)


class FindingShareSerializer(serializers.Serializer):
    finding = serializers.CharField(help_text="Code du constat.")
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Associations pour qui le constat est vrai.")
    base = serializers.IntegerField(help_text="Associations diagnostiquées de la base.")
    share = serializers.CharField(allow_null=True, help_text="Part exacte « p/q ».")
    percent = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    weighted_percent = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text="Estimation sur le registre."
    )
    weighted_share = serializers.CharField(allow_null=True, help_text="Estimation exacte « p/q ».")
    margin = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text="± points, à 95 %."
    )
    bound = BoundSerializer(allow_null=True)
    caution = serializers.BooleanField(help_text="Base de moins de 30 : à lire avec prudence.")
    suppressed = serializers.BooleanField(help_text="Base de moins de 5 : jamais publié.")


class AxisFindingsSerializer(serializers.Serializer):
    axis = serializers.CharField()
    label = serializers.CharField()
    findings = FindingShareSerializer(many=True)


class CampaignFindingsSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    diagnosed = serializers.IntegerField()
    weighted = serializers.BooleanField()
    validated_only = serializers.BooleanField()
    provisional = serializers.BooleanField()
    coverage = serializers.CharField(allow_null=True)
    coverage_percent = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    hand_added = serializers.IntegerField()
    axes = AxisFindingsSerializer(many=True)
    by_milieu = serializers.DictField(child=FindingShareSerializer(many=True))


class NeedSerializer(serializers.Serializer):
    axis = serializers.CharField()
    subdimension = serializers.CharField()
    label = serializers.CharField()
    assessed = serializers.IntegerField()
    below = serializers.IntegerField()
    share_below = serializers.DecimalField(max_digits=4, decimal_places=1)
    mean_gap = serializers.DecimalField(max_digits=4, decimal_places=1)
    index = serializers.DecimalField(max_digits=6, decimal_places=2)


class CampaignNeedsSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    needs = NeedSerializer(many=True)


def share_payload(share) -> dict:
    bound = share.bound
    return {
        "finding": share.finding.code,
        "label": share.finding.label_fr,
        "count": share.count,
        "base": share.base,
        "share": fraction_text(share.share),
        "percent": None if share.percent is None else str(share.percent),
        "weighted_percent": (
            None if share.weighted_percent is None else str(share.weighted_percent)
        ),
        "weighted_share": fraction_text(share.estimate.share) if share.estimate else None,
        "margin": None if share.margin is None else str(share.margin),
        "bound": None if bound is None else {"side": bound[0], "percent": str(bound[1])},
        "caution": share.caution,
        "suppressed": share.suppressed,
    }


def findings_payload(results) -> dict:
    return {
        "campaign": results.campaign.pk,
        "diagnosed": results.diagnosed,
        "weighted": results.weighted,
        "validated_only": results.validated_only,
        "provisional": results.provisional,
        "coverage": fraction_text(results.coverage),
        "coverage_percent": (
            None if results.coverage is None else rounded(percent(results.coverage))
        ),
        "hand_added": results.hand_added,
        "axes": [
            {
                "axis": axis.code,
                "label": axis.name_fr,
                "findings": [share_payload(share) for share in shares],
            }
            for axis, shares in results.by_axis
        ],
        "by_milieu": {
            milieu: [share_payload(share) for share in shares.values()]
            for milieu, shares in results.by_milieu.items()
        },
    }


def needs_payload(campaign, needs) -> dict:
    return {
        "campaign": campaign.pk,
        "needs": [
            {
                "axis": need.axis.code,
                "subdimension": need.subdimension.code,
                "label": need.subdimension.name_fr,
                "assessed": need.assessed,
                "below": need.below,
                "share_below": rounded(need.share_below),
                "mean_gap": rounded(need.mean_gap),
                "index": rounded(need.index, 2),
            }
            for need in needs
        ],
    }
