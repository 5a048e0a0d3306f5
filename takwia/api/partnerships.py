"""Partnership agreements and the indicators of decentralised cooperation (a
programme's mean pair, and each pair's yearly values, over the pairs the user sees)."""

from rest_framework import mixins, serializers

from partnerships.models import Agreement, CommunePair, CooperationProgramme
from partnerships.selectors import indicator_series, programme_series, visible_pairs
from takwia.api.base import ScopedViewSet, rounded


class AgreementSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name", read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id", "association", "partner", "partner_name", "kind", "starts_on", "ends_on",
            "amount", "status", "notes",
        ]  # fmt: skip


def series_payload(series) -> list[dict]:
    return [
        {
            "indicator": entry.indicator.pk,
            "name": entry.indicator.name,
            "result": entry.indicator.result.number,
            "unit": entry.indicator.unit,
            "baseline": str(entry.indicator.baseline),
            "target": str(entry.indicator.target),
            "values": [{"year": year, "value": rounded(value, 2)} for year, value in entry.points],
            "progress": None if entry.progress is None else str(entry.progress),
        }
        for entry in series
    ]


class ProgrammeSerializer(serializers.ModelSerializer):
    indicators = serializers.SerializerMethodField()

    class Meta:
        model = CooperationProgramme
        fields = ["id", "name", "countries", "starts_on", "ends_on", "objective", "indicators"]

    def get_indicators(self, programme) -> list[dict] | None:
        """Each indicator averaged over the pairs the user sees, year by year."""
        if not self.context.get("detail"):
            return None
        user = self.context["request"].user
        pairs = list(visible_pairs(user=user, programme=programme))
        return series_payload(programme_series(programme=programme, pairs=pairs))


class PairSerializer(serializers.ModelSerializer):
    communes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    indicators = serializers.SerializerMethodField()

    class Meta:
        model = CommunePair
        fields = [
            "id", "programme", "foreign_municipality", "foreign_country", "communes", "indicators",
        ]  # fmt: skip

    def get_indicators(self, pair) -> list[dict] | None:
        if not self.context.get("detail"):
            return None
        return series_payload(indicator_series(programme=pair.programme, pairs=[pair])[pair.pk])


class AgreementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = AgreementSerializer
    perm_model = Agreement

    def scoped_queryset(self, user):
        return Agreement.objects.visible_to(user).select_related("partner")


class DetailContextMixin:
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "detail": self.action == "retrieve"}


class ProgrammeViewSet(
    DetailContextMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """Cooperation programmes; one by one, with their indicators' yearly values."""

    serializer_class = ProgrammeSerializer
    perm_model = CooperationProgramme

    def scoped_queryset(self, user):
        return CooperationProgramme.objects.visible_to(user)


class PairViewSet(
    DetailContextMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    serializer_class = PairSerializer
    required_perms = {"GET": "partnerships.view_cooperationprogramme"}

    def scoped_queryset(self, user):
        return (
            CommunePair.objects.visible_to(user)
            .select_related("programme")
            .prefetch_related("communes")
        )
