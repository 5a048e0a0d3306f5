import django_filters
from django import forms
from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Commune, Domain, Milieu, Network, Province, Region
from takwia.access import sees_whole_country

INDH_YEAR = 2005


def _visible(model):
    def queryset(request):
        return model.objects.visible_to(request.user) if request else model.objects.none()

    return queryset


class AssociationFilter(django_filters.FilterSet):
    """The registry's list filters. Territory filters take official HCP codes."""

    q = django_filters.CharFilter(label=_("Recherche"), method="filter_search")
    region = django_filters.ModelChoiceFilter(
        label=_("Région"),
        field_name="commune__province__region",
        method="filter_region",
        to_field_name="code",
        queryset=_visible(Region),
        empty_label=_("Toutes"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="commune__province",
        method="filter_province",
        to_field_name="code",
        queryset=_visible(Province),
        empty_label=_("Toutes"),
    )
    commune = django_filters.CharFilter(label=_("Code de la commune"), field_name="commune__code")
    milieu = django_filters.ChoiceFilter(
        label=_("Milieu"),
        field_name="commune__milieu",
        choices=Milieu.choices,
        empty_label=_("Tous"),
    )
    domain = django_filters.ModelChoiceFilter(
        label=_("Domaine"),
        field_name="domains",
        to_field_name="code",
        queryset=_visible(Domain),
        empty_label=_("Tous"),
    )
    period = django_filters.ChoiceFilter(
        label=_("Création"),
        method="filter_period",
        choices=[
            ("before", _("Avant 2005 (INDH)")),
            ("after", _("2005 et après")),
        ],
        empty_label=_("Toutes"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Association.Status.choices, empty_label=_("Tous")
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Réseau"),
        field_name="networks",
        queryset=_visible(Network),
        empty_label=_("Tous"),
    )
    diagnosed = django_filters.ChoiceFilter(
        label=_("Diagnostic"),
        method="filter_diagnosed",
        choices=[("yes", _("Diagnostiquées")), ("no", _("Jamais diagnostiquées"))],
        empty_label=_("Toutes"),
    )
    archived = django_filters.BooleanFilter(
        label=_("Archivées seulement"),
        widget=forms.CheckboxInput,
        method="filter_archived",
    )
    sort = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=(
            ("sort_name", "name"),
            ("founded_on", "founded"),
            ("commune__name_fr", "commune"),
            ("created_at", "created"),
        ),
        field_labels={
            "sort_name": _("Nom"),
            "founded_on": _("Date de création"),
            "commune__name_fr": _("Commune"),
            "created_at": _("Date d'enregistrement"),
        },
    )

    class Meta:
        model = Association
        fields = []

    def filter_search(self, queryset, name, value):
        # Applied last, in filter_queryset, once we know how narrow the other filters are.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        query = self.form.cleaned_data.get("q")
        if query:
            data = self.form.cleaned_data
            narrow = bool(data.get("province") or data.get("commune")) or not sees_whole_country(
                self.request.user
            )
            queryset = queryset.search(query, narrow=narrow)
        return queryset

    # Territory filters go through a literal list of commune ids (one small query):
    # PostgreSQL then estimates from the commune statistics and reads the commune
    # index, where a join on the province was planned as a scan of the whole
    # registry (a province + name search: 72 ms of count query, 14 ms this way).
    def filter_province(self, queryset, name, value):
        return queryset.filter(commune_id__in=list(value.communes.values_list("pk", flat=True)))

    def filter_region(self, queryset, name, value):
        communes = Commune.objects.filter(province__region=value).values_list("pk", flat=True)
        return queryset.filter(commune_id__in=list(communes))

    def filter_period(self, queryset, name, value):
        if value == "before":
            return queryset.filter(founded_on__year__lt=INDH_YEAR)
        return queryset.filter(founded_on__year__gte=INDH_YEAR)

    def filter_diagnosed(self, queryset, name, value):
        # "Diagnosed": at least one submitted or validated diagnostic (an EXISTS per row,
        # served by the diagnostics' association index).
        from diagnostics.selectors import diagnosed_exists

        scored = diagnosed_exists()
        return (
            queryset.filter(Exists(scored)) if value == "yes" else queryset.exclude(Exists(scored))
        )

    def filter_archived(self, queryset, name, value):
        # Unticked (False) is a value too: the list shows current associations by default.
        return queryset.filter(archived=bool(value))

    @property
    def is_unfiltered(self) -> bool:
        data = getattr(self.form, "cleaned_data", {})
        # "archived" unticked is False, hence no filter; ticked, it is one.
        return not any(value for key, value in data.items() if key != "sort")
