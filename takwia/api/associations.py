"""The registry and the territory: associations (with the registry's filters), regions,
provinces, communes. Writes run the page's form (``AssociationForm``): the same
validation, the same duplicate warning, the same concurrent-edit rule."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from associations.filters import AssociationFilter
from associations.forms import ERROR_CONCURRENT_EDIT, AssociationForm
from associations.models import Association, Commune, Province, Region
from takwia.api.base import (
    ERROR_VERSION_REQUIRED,
    Conflict,
    ScopedViewSet,
    form_data,
    invalid,
)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name_fr", "name_ar"]


class ProvinceSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Province
        fields = ["id", "code", "name_fr", "name_ar", "kind", "region"]


class CommuneSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)

    class Meta:
        model = Commune
        fields = ["id", "code", "name_fr", "name_ar", "milieu", "province"]


class AssociationSerializer(serializers.ModelSerializer):
    commune_code = serializers.CharField(source="commune.code", read_only=True)
    province = serializers.CharField(source="commune.province.code", read_only=True)
    region = serializers.CharField(source="commune.province.region.code", read_only=True)
    milieu = serializers.CharField(source="commune.milieu", read_only=True)
    domain_codes = serializers.SlugRelatedField(
        source="domains", slug_field="code", many=True, read_only=True
    )
    version = serializers.SerializerMethodField(
        help_text="À renvoyer avec toute modification (PATCH): refusée (409) si la fiche "
        "a changé entre-temps."
    )

    class Meta:
        model = Association
        fields = [
            "id", "name_fr", "name_ar", "acronym", "registration_ref", "commune",
            "commune_code", "province", "region", "milieu", "address", "phone", "email",
            "founded_on", "president_name", "members_count", "paid_staff_count",
            "volunteers_count", "domains", "domain_codes", "target_populations", "initiator",
            "networks", "status", "archived", "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = fields

    def get_version(self, association) -> str:
        return association.updated_at.isoformat()


class AssociationWriteSerializer(serializers.Serializer):
    """The page's form fields (documentation of the body: the form validates)."""

    name_fr = serializers.CharField()
    name_ar = serializers.CharField(required=False)
    acronym = serializers.CharField(required=False)
    commune = serializers.IntegerField(help_text="Identifiant de la commune.")
    address = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    email = serializers.EmailField(required=False)
    founded_on = serializers.DateField(required=False)
    registration_ref = serializers.CharField(required=False)
    president_name = serializers.CharField(required=False)
    members_count = serializers.IntegerField(required=False)
    paid_staff_count = serializers.IntegerField(required=False)
    volunteers_count = serializers.IntegerField(required=False)
    domains = serializers.ListField(child=serializers.IntegerField(), required=False)
    target_populations = serializers.ListField(child=serializers.IntegerField(), required=False)
    initiator = serializers.ChoiceField(Association.Initiator.choices, required=False)
    networks = serializers.ListField(child=serializers.IntegerField(), required=False)
    status = serializers.ChoiceField(Association.Status.choices, required=False)
    version = serializers.CharField(required=False, help_text="Obligatoire pour une modification.")
    confirm_not_duplicate = serializers.BooleanField(required=False)


class AssociationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Associations the user may see, filtered as on the registry's list page
    (``q``, ``region``, ``province``, ``commune``, ``milieu``, ``domain``, ``period``,
    ``status``, ``network``, ``diagnosed``, ``archived``)."""

    serializer_class = AssociationSerializer
    perm_model = Association
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssociationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self, user):
        return (
            Association.objects.visible_to(user)
            .select_related("commune__province__region")
            .prefetch_related("domains", "target_populations", "networks")
        )

    def _save(self, request, instance):
        payload = request.data if isinstance(request.data, dict) else {}
        extra = ("version", "confirm_not_duplicate")
        data = form_data(AssociationForm, instance, payload, extra)
        if instance is not None:
            if not payload.get("version"):
                return Response(
                    {"version": [str(ERROR_VERSION_REQUIRED)]}, status=status.HTTP_400_BAD_REQUEST
                )
        form = AssociationForm(data, instance=instance, user=request.user)
        if not form.is_valid():
            if form.has_error("__all__", code="concurrent_edit"):
                raise Conflict(str(ERROR_CONCURRENT_EDIT))
            return invalid(form)
        association = form.save()
        association = self.scoped_queryset(request.user).get(pk=association.pk)
        return Response(
            AssociationSerializer(association).data,
            status=status.HTTP_200_OK if instance else status.HTTP_201_CREATED,
        )

    @extend_schema(request=AssociationWriteSerializer, responses={201: AssociationSerializer})
    def create(self, request, *args, **kwargs):
        return self._save(request, None)

    @extend_schema(request=AssociationWriteSerializer, responses={200: AssociationSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self._save(request, self.get_object())

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class RegionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = RegionSerializer
    perm_model = Region

    def scoped_queryset(self, user):
        return Region.objects.visible_to(user)


class ProvinceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = ProvinceSerializer
    perm_model = Province

    def scoped_queryset(self, user):
        return Province.objects.visible_to(user).select_related("region")


class CommuneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Communes the user may see; ``?province=<code HCP>`` narrows to one province."""

    serializer_class = CommuneSerializer
    perm_model = Commune

    def scoped_queryset(self, user):
        queryset = Commune.objects.visible_to(user).select_related("province")
        province = self.request.query_params.get("province")
        return queryset.filter(province__code=province) if province else queryset
