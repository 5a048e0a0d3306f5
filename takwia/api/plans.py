"""Capacity-building plans and their actions. Actions are written through the page's
``ActionForm`` (the plan's province, the questionnaire's axes, the period rule)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from diagnostics.forms import ActionForm
from diagnostics.models import Action, Plan, QuestionnaireVersion
from diagnostics.selectors import plan_progress
from diagnostics.services import structure_for
from takwia.api.base import ScopedViewSet, form_data, invalid
from takwia.roles import Role


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = [
            "id", "plan", "kind", "title", "description", "axis", "subdimensions", "targets",
            "starts_on", "ends_on", "place", "budget", "partners", "responsible", "status",
            "participants", "outcome",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, action_obj):
        data = super().to_representation(action_obj)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.role == Role.PRESIDENT:
            # A president sees the actions aimed at their association, not which other
            # associations they are aimed at.
            for name in ("targets", "participants"):
                data[name] = [pk for pk in data[name] if pk == user.association_id]
        return data


class ActionWriteSerializer(serializers.Serializer):
    """The page's form fields (documentation of the body: the form validates)."""

    kind = serializers.ChoiceField(Action.Kind.choices)
    title = serializers.CharField()
    description = serializers.CharField(required=False)
    axis = serializers.CharField(help_text="Code d'un axe du questionnaire du plan.")
    subdimensions = serializers.ListField(child=serializers.CharField(), required=False)
    targets = serializers.ListField(child=serializers.IntegerField(), required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    place = serializers.CharField(required=False)
    budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    partners = serializers.CharField(required=False)
    responsible = serializers.CharField(required=False)
    status = serializers.ChoiceField(Action.Status.choices, required=False)
    participants = serializers.ListField(child=serializers.IntegerField(), required=False)
    outcome = serializers.CharField(required=False)


class PlanSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id", "province", "campaign", "title", "objective", "starts_on", "ends_on",
            "status", "actions", "progress",
        ]  # fmt: skip

    def get_progress(self, plan) -> dict | None:
        if not self.context.get("detail"):
            return None
        progress = plan_progress(plan=plan)
        return {
            "planned": progress.planned,
            "done": progress.done,
            "cancelled": progress.cancelled,
            "budget": None if progress.budget is None else str(progress.budget),
            "budget_done": None if progress.budget_done is None else str(progress.budget_done),
            "targeted": progress.targeted,
            "reached": progress.reached,
        }


def _structure_of(plan):
    version = (
        plan.campaign.version if plan.campaign else QuestionnaireVersion.objects.published().first()
    )
    return structure_for(version)


def save_action(request, plan, action_obj):
    """Run the page's form on the JSON body; 201/200 with the action, or 400 with the
    form's French errors by field."""
    payload = request.data if isinstance(request.data, dict) else {}
    data = form_data(ActionForm, action_obj, payload)
    form = ActionForm(data, instance=action_obj, plan=plan, structure=_structure_of(plan))
    if not form.is_valid():
        return invalid(form)
    saved = form.save(commit=False)
    saved.plan = plan
    saved.save()
    form.save_m2m()
    return Response(
        ActionSerializer(saved, context={"request": request}).data,
        status=status.HTTP_200_OK if action_obj else status.HTTP_201_CREATED,
    )


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Plans the user may see, with their actions (and, one by one, their progress)."""

    serializer_class = PlanSerializer
    perm_model = Plan
    required_perms = {"add_action": "diagnostics.change_plan"}

    def scoped_queryset(self, user):
        return (
            Plan.objects.visible_to(user)
            .select_related("province", "campaign__version")
            .prefetch_related("actions__targets", "actions__participants")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "detail": self.action == "retrieve"}

    @extend_schema(request=ActionWriteSerializer, responses={201: ActionSerializer})
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        """Add an action to the plan, as the page's action form does."""
        return save_action(request, self.get_object(), None)


class ActionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    """Actions the user may see (a president: those aimed at their association)."""

    serializer_class = ActionSerializer
    perm_model = Action
    required_perms = {"PATCH": "diagnostics.change_plan", "PUT": "diagnostics.change_plan"}
    http_method_names = ["get", "patch", "head", "options"]

    def scoped_queryset(self, user):
        return (
            Action.objects.visible_to(user)
            .select_related("plan__province", "plan__campaign__version")
            .prefetch_related("targets", "participants")
        )

    @extend_schema(request=ActionWriteSerializer, responses={200: ActionSerializer})
    def partial_update(self, request, *args, **kwargs):
        action_obj = self.get_object()
        return save_action(request, action_obj.plan, action_obj)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)
