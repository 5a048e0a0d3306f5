"""Volunteers and their placements. Personal data (gender, birth date, nationality,
languages, e-mail, phone) only for the roles that read it on the pages
(``volunteers.models.sees_personal_data``); others get names and roles at most.
Placements are written through the page's ``PlacementForm``."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from takwia.api.base import ScopedViewSet, form_data, invalid
from volunteers.forms import PlacementForm
from volunteers.models import Placement, Volunteer, sees_personal_data

PERSONAL_FIELDS = ("gender", "born_on", "nationality", "languages", "email", "phone")


class VolunteerSerializer(serializers.ModelSerializer):
    skills = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Volunteer
        fields = [
            "id", "first_name", "last_name", "category", "status", "programme", "skills",
            *PERSONAL_FIELDS,
        ]  # fmt: skip

    def to_representation(self, volunteer):
        data = super().to_representation(volunteer)
        if not sees_personal_data(self.context["request"].user):
            for name in PERSONAL_FIELDS:
                data.pop(name, None)
        return data


class PlacementVolunteerSerializer(VolunteerSerializer):
    class Meta(VolunteerSerializer.Meta):
        fields = ["id", "first_name", "last_name", "category", *PERSONAL_FIELDS]


class PlacementSerializer(serializers.ModelSerializer):
    volunteer = PlacementVolunteerSerializer(read_only=True)
    host_name = serializers.CharField(source="host.name", read_only=True)
    host_association = serializers.IntegerField(source="host.association_id", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id", "volunteer", "host", "host_name", "host_association", "programme", "theme",
            "starts_on", "ends_on", "objectives", "status",
        ]  # fmt: skip


class PlacementWriteSerializer(serializers.Serializer):
    """The page's form fields (documentation of the body: the form validates)."""

    volunteer = serializers.IntegerField()
    host = serializers.IntegerField()
    programme = serializers.IntegerField()
    theme = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False)
    objectives = serializers.CharField(required=False)
    status = serializers.ChoiceField(Placement.Status.choices, required=False)


class VolunteerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = VolunteerSerializer
    perm_model = Volunteer

    def scoped_queryset(self, user):
        return Volunteer.objects.visible_to(user).prefetch_related("skills")


class PlacementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    serializer_class = PlacementSerializer
    perm_model = Placement
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self, user):
        return Placement.objects.visible_to(user).select_related("volunteer", "host")

    def _save(self, request, instance):
        payload = request.data if isinstance(request.data, dict) else {}
        form = PlacementForm(form_data(PlacementForm, instance, payload), instance=instance)
        if not form.is_valid():
            return invalid(form)
        placement = form.save(commit=False)
        placement._history_user = request.user
        placement.save()
        return Response(
            PlacementSerializer(placement, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK if instance else status.HTTP_201_CREATED,
        )

    @extend_schema(request=PlacementWriteSerializer, responses={201: PlacementSerializer})
    def create(self, request, *args, **kwargs):
        return self._save(request, None)

    @extend_schema(request=PlacementWriteSerializer, responses={200: PlacementSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self._save(request, self.get_object())

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)
