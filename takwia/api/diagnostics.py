"""Campaigns, diagnostics with their answers and scores, a campaign's findings (exactly
``diagnostics.selectors.campaign_results``: the results page's figures) and needs.
Answers are written through ``diagnostics.services.diagnostic_save_answers``: the same
parsing, the same French errors, the same ``lock_version`` conflict rule as the page."""

from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from associations.models import Milieu
from diagnostics.models import Answer, Campaign, Diagnostic, Score
from diagnostics.questionnaire.kinds import KINDS
from diagnostics.selectors import campaign_results, needs_ranking
from diagnostics.services import (
    ConflictError,
    DiagnosticLocked,
    answers_of,
    diagnostic_save_answers,
    progress_of,
    structure_for,
)
from takwia.api.base import Conflict, Locked, ScopedViewSet, rounded
from takwia.api.feeds import FeedsMixin
from takwia.api.findings import (
    CampaignFindingsSerializer,
    CampaignNeedsSerializer,
    findings_payload,
    needs_payload,
)

ERROR_BAD_BODY = 'Corps attendu : {"lock_version": entier, "answers": {code: valeur}}.'


class CampaignSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    sample_size = serializers.IntegerField(read_only=True)
    weighted = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id", "name", "province", "version", "starts_on", "ends_on", "status",
            "sample_size", "weighted",
        ]  # fmt: skip

    def get_weighted(self, campaign) -> bool:
        """Drawn sample: its findings are estimated on the registry, with a margin."""
        return campaign.sample_seed is not None


class CampaignViewSet(FeedsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Campaigns; their findings and needs; CSV feeds of findings and raw answers."""

    serializer_class = CampaignSerializer
    perm_model = Campaign

    def scoped_queryset(self, user):
        return (
            Campaign.objects.visible_to(user)
            .select_related("province", "version")
            .annotate(sample_size=Count("entries"))
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("domain", str, description="Code d'un domaine d'intervention."),
            OpenApiParameter("validated_only", bool, description="Diagnostics validés seulement."),
        ],
        responses=CampaignFindingsSerializer,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def findings(self, request, pk=None):
        """The results page's figures: every finding with its count, base, exact share,
        percent, weighted share with its 95 % margin (or one-sided bound), caution and
        suppression flags; the same by milieu. Rounded once, half up, to one decimal."""
        campaign = self.get_object()
        validated_only = request.query_params.get("validated_only") in {"1", "true", "oui"}
        results = campaign_results(
            campaign=campaign,
            domain=request.query_params.get("domain") or None,
            validated_only=validated_only,
        )
        return Response(findings_payload(results))

    @extend_schema(
        parameters=[
            OpenApiParameter("milieu", str, enum=["urban", "rural"], description="Milieu."),
            OpenApiParameter("domain", str, description="Code d'un domaine d'intervention."),
        ],
        responses=CampaignNeedsSerializer,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def needs(self, request, pk=None):
        """Sub-dimensions ranked by need, as on the needs page (``?milieu=``, ``?domain=``)."""
        campaign = self.get_object()
        milieu = request.query_params.get("milieu")
        needs = needs_ranking(
            campaign=campaign,
            milieu=milieu if milieu in Milieu.values else None,
            domain=request.query_params.get("domain") or None,
        )
        return Response(needs_payload(campaign, needs))


class DiagnosticSerializer(serializers.ModelSerializer):
    campaign = serializers.PrimaryKeyRelatedField(read_only=True)
    association = serializers.PrimaryKeyRelatedField(read_only=True)
    association_name = serializers.CharField(source="association.name_fr", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    overall_score = serializers.SerializerMethodField()
    scores = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Diagnostic
        fields = [
            "id", "campaign", "association", "association_name", "version", "status", "kind",
            "lock_version", "respondent", "respondent_role", "interviewed_on", "submitted_at",
            "validated_at", "overall_score", "scores", "answers",
        ]  # fmt: skip

    def get_overall_score(self, diagnostic) -> str | None:
        return rounded(diagnostic.overall_score)

    def get_scores(self, diagnostic) -> list[dict]:
        return [
            {"level": score.level, "code": score.code, "score": rounded(score.score)}
            for score in diagnostic.scores.all()
        ]

    def get_answers(self, diagnostic) -> list[dict]:
        """Each stored answer: its code (``value``, as in the raw data export) and its
        French reading (``display``)."""
        structure = structure_for(diagnostic.version)
        rows = []
        for answer in diagnostic.answers.all():
            question = structure.by_id.get(answer.question_id)
            if question is None:
                continue
            kind = KINDS[question.kind]
            value = kind.read(answer)
            if value is None:
                continue
            labels = {choice.code: choice.label_fr for choice in question.choices.all()}
            rows.append(
                {
                    "question": question.code,
                    "kind": question.kind,
                    "value": kind.export(value),
                    "display": kind.display(question.spec, value, labels),
                }
            )
        return rows


class AnswersWriteSerializer(serializers.Serializer):
    lock_version = serializers.IntegerField()
    answers = serializers.DictField(help_text="Code de la question → valeur.")
    identification = serializers.DictField(required=False)


class DiagnosticViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Diagnostics the user may see; ``?campaign=<id>`` and ``?association=<id>`` narrow."""

    serializer_class = DiagnosticSerializer
    perm_model = Diagnostic
    required_perms = {"answers": "diagnostics.change_diagnostic"}

    def scoped_queryset(self, user):
        queryset = (
            Diagnostic.objects.visible_to(user)
            .select_related("association", "version")
            .prefetch_related(
                Prefetch("answers", queryset=Answer.objects.order_by("question_id")),
                Prefetch("scores", queryset=Score.objects.order_by("level", "code")),
            )
        )
        for name in ("campaign", "association"):
            value = self.request.query_params.get(name)
            if value:
                queryset = queryset.filter(**{f"{name}_id": value if value.isdigit() else 0})
        return queryset

    @extend_schema(
        request=AnswersWriteSerializer,
        responses={
            200: inline_serializer(
                "AnswersSaved",
                {
                    "lock_version": serializers.IntegerField(),
                    "saved": serializers.IntegerField(),
                    "cleared": serializers.ListField(child=serializers.CharField()),
                    "errors": serializers.DictField(),
                },
            )
        },
    )
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        """Save answers as the questionnaire page does: valid ones are written, invalid
        ones come back by question code (422) with the page's French message; answers
        to questions no longer asked are cleared; a stale ``lock_version`` is refused
        whole (409)."""
        diagnostic = self.get_object()
        if not diagnostic.enterable_by(request.user):
            raise PermissionDenied  # a self-assessment is answered by its president only
        body = request.data if isinstance(request.data, dict) else {}
        try:
            lock_version = int(body["lock_version"])
            raw_answers = dict(body.get("answers") or {})
            identification = body.get("identification")
            if identification is not None and not isinstance(identification, dict):
                raise TypeError
        except (KeyError, TypeError, ValueError):
            return Response({"detail": ERROR_BAD_BODY}, status=status.HTTP_400_BAD_REQUEST)
        try:
            result = diagnostic_save_answers(
                diagnostic=diagnostic,
                raw_answers=raw_answers,
                lock_version=lock_version,
                user=request.user,
                identification=identification,
            )
        except ConflictError as exc:
            raise Conflict(str(exc)) from exc
        except DiagnosticLocked as exc:
            raise Locked(str(exc)) from exc
        fresh = Diagnostic.objects.select_related("version").get(pk=diagnostic.pk)
        structure = structure_for(fresh.version)
        progress = progress_of(structure, answers_of(fresh, structure))
        return Response(
            {
                "lock_version": result.lock_version,
                "saved": result.saved,
                "cleared": result.cleared,
                "errors": result.errors,
                "progress": [
                    {"axis": p.axis.code, "asked": p.asked, "answered": p.answered}
                    for p in progress
                ],
            },
            status=422 if result.errors else status.HTTP_200_OK,
        )
