"""Pages of the decentralised cooperation: programmes, their expected results and
indicators, the pairs of communes, and the indicators' yearly values and targets."""

from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations.models import Commune
from partnerships.forms import (
    ExpectedResultForm,
    IndicatorForm,
    MeasurementForm,
    PairForm,
    ProgrammeForm,
)
from partnerships.models import (
    CommunePair,
    CooperationProgramme,
    ExpectedResult,
    Indicator,
    Measurement,
)
from partnerships.selectors import indicator_series, programme_series, visible_pairs
from partnerships.views.records import archive_toggle, record_form
from takwia.access import get_visible_or_404
from takwia.charts import line_svg
from takwia.history import record_history

PROGRAMME_VIEW = "partnerships.view_cooperationprogramme"


@permission_required(PROGRAMME_VIEW, raise_exception=True)
def programme_list(request):
    archived = request.GET.get("archived") == "1"
    programmes = CooperationProgramme.objects.visible_to(request.user).filter(archived=archived)
    return render(
        request,
        "partnerships/programme_list.html",
        {"programmes": programmes, "archived": archived},
    )


def chart(series):
    return line_svg(
        series.points,
        title=series.indicator.name,
        target=series.indicator.target,
        baseline=series.indicator.baseline,
        target_points=series.targets,
    )


def _programme_url(programme):
    return reverse("partnerships:programme", args=[programme.pk])


@permission_required("partnerships.add_cooperationprogramme", raise_exception=True)
def programme_create(request):
    return record_form(
        request,
        form_class=ProgrammeForm,
        model=CooperationProgramme,
        title=_("Nouveau programme de coopération"),
        saved=_("Le programme a été enregistré."),
        done=_programme_url,
        back_url=reverse("partnerships:programmes"),
    )


@permission_required("partnerships.change_cooperationprogramme", raise_exception=True)
def programme_update(request, pk):
    programme = get_visible_or_404(CooperationProgramme.objects, request.user, pk=pk)
    return record_form(
        request,
        form_class=ProgrammeForm,
        model=CooperationProgramme,
        instance=programme,
        title=_("Modifier le programme"),
        saved=_("Le programme a été modifié."),
        done=_programme_url,
        back_url=_programme_url(programme),
    )


@require_POST
@permission_required("partnerships.change_cooperationprogramme", raise_exception=True)
def programme_archive(request, pk):
    programme = get_visible_or_404(CooperationProgramme.objects, request.user, pk=pk)
    return archive_toggle(request, programme, back_url=_programme_url(programme))


@permission_required(PROGRAMME_VIEW, raise_exception=True)
def programme_detail(request, pk):
    programme = get_visible_or_404(CooperationProgramme.objects, request.user, pk=pk)
    pairs = list(visible_pairs(user=request.user, programme=programme, archived=True))
    current = [pair for pair in pairs if not pair.archived]
    series = programme_series(programme=programme, pairs=current)
    return render(
        request,
        "partnerships/programme_detail.html",
        {
            "programme": programme,
            "pairs": pairs,
            "results": programme.results.all(),
            "archived_indicators": Indicator.objects.filter(
                result__programme=programme, archived=True
            ).select_related("result"),
            "series": [(s, chart(s)) for s in series],
            "history": record_history(programme),
        },
    )


@permission_required("partnerships.add_expectedresult", raise_exception=True)
def result_create(request, pk):
    programme = get_visible_or_404(CooperationProgramme.objects, request.user, pk=pk)
    return record_form(
        request,
        form_class=ExpectedResultForm,
        model=ExpectedResult,
        title=_("Nouveau résultat attendu"),
        saved=_("Le résultat attendu a été enregistré."),
        done=lambda result: _programme_url(result.programme),
        back_url=_programme_url(programme),
        form_kwargs={"programme": programme},
        values={"programme": programme},
    )


def _indicator_url(indicator):
    return reverse("partnerships:indicator", args=[indicator.pk])


@permission_required("partnerships.add_indicator", raise_exception=True)
def indicator_create(request, pk):
    programme = get_visible_or_404(CooperationProgramme.objects, request.user, pk=pk)
    return record_form(
        request,
        form_class=IndicatorForm,
        model=Indicator,
        title=_("Nouvel indicateur"),
        saved=_("L'indicateur a été enregistré."),
        done=_indicator_url,
        back_url=_programme_url(programme),
        form_kwargs={"programme": programme},
    )


def _visible_indicator(request, pk):
    return get_visible_or_404(
        Indicator.objects.select_related("result__programme"), request.user, pk=pk
    )


@permission_required("partnerships.change_indicator", raise_exception=True)
def indicator_update(request, pk):
    indicator = _visible_indicator(request, pk)
    return record_form(
        request,
        form_class=IndicatorForm,
        model=Indicator,
        instance=indicator,
        title=_("Modifier l'indicateur"),
        saved=_("L'indicateur a été modifié."),
        done=_indicator_url,
        back_url=_indicator_url(indicator),
        form_kwargs={"programme": indicator.result.programme},
    )


@require_POST
@permission_required("partnerships.change_indicator", raise_exception=True)
def indicator_archive(request, pk):
    indicator = _visible_indicator(request, pk)
    return archive_toggle(request, indicator, back_url=_indicator_url(indicator))


@permission_required(PROGRAMME_VIEW, raise_exception=True)
def indicator_detail(request, pk):
    """One indicator: its mean line over the pairs the user sees, each pair's values."""
    indicator = _visible_indicator(request, pk)
    programme = indicator.result.programme
    pairs = list(visible_pairs(user=request.user, programme=programme))
    (mean,) = programme_series(programme=programme, pairs=pairs, indicators=[indicator])
    return render(
        request,
        "partnerships/indicator_detail.html",
        {
            "indicator": indicator,
            "programme": programme,
            "pairs": pairs,
            "series": [(mean, chart(mean))],
            "history": record_history(indicator),
        },
    )


def _pair_url(pair):
    return reverse("partnerships:pair", args=[pair.pk])


@permission_required("partnerships.add_communepair", raise_exception=True)
def pair_create(request, pk):
    programme = get_visible_or_404(CooperationProgramme.objects, request.user, pk=pk)
    return record_form(
        request,
        form_class=PairForm,
        model=CommunePair,
        title=_("Nouveau jumelage"),
        saved=_("Le jumelage a été enregistré."),
        done=_pair_url,
        back_url=_programme_url(programme),
        form_kwargs={"user": request.user},
        values={"programme": programme},
    )


def _visible_pair(request, pk):
    communes = Prefetch("communes", queryset=Commune.objects.select_related("province"))
    return get_visible_or_404(
        CommunePair.objects.select_related("programme").prefetch_related(communes),
        request.user,
        pk=pk,
    )


@permission_required("partnerships.change_communepair", raise_exception=True)
def pair_update(request, pk):
    pair = _visible_pair(request, pk)
    return record_form(
        request,
        form_class=PairForm,
        model=CommunePair,
        instance=pair,
        title=_("Modifier le jumelage"),
        saved=_("Le jumelage a été modifié."),
        done=_pair_url,
        back_url=_pair_url(pair),
        form_kwargs={"user": request.user},
    )


@require_POST
@permission_required("partnerships.change_communepair", raise_exception=True)
def pair_archive(request, pk):
    pair = _visible_pair(request, pk)
    return archive_toggle(request, pair, back_url=_pair_url(pair))


@permission_required(PROGRAMME_VIEW, raise_exception=True)
def pair_detail(request, pk):
    pair = _visible_pair(request, pk)
    series = indicator_series(programme=pair.programme, pairs=[pair])[pair.pk]
    return render(
        request,
        "partnerships/pair_detail.html",
        {
            "pair": pair,
            "series": [(s, chart(s)) for s in series],
            "conventions": pair.conventions.all(),
            "history": record_history(pair),
        },
    )


@permission_required("partnerships.add_measurement", raise_exception=True)
def measurement_create(request, pk, indicator):
    pair = _visible_pair(request, pk)
    indicator = get_visible_or_404(
        Indicator.objects.current().filter(result__programme=pair.programme),
        request.user,
        pk=indicator,
    )
    return record_form(
        request,
        form_class=MeasurementForm,
        model=Measurement,
        title=_("Valeur annuelle : %(indicator)s, %(pair)s")
        % {"indicator": indicator.name, "pair": pair.foreign_municipality},
        saved=_("La valeur annuelle a été enregistrée."),
        done=lambda measurement: _pair_url(measurement.pair),
        back_url=_pair_url(pair),
        form_kwargs={"indicator": indicator, "pair": pair},
        values={"indicator": indicator, "pair": pair},
    )


@permission_required("partnerships.change_measurement", raise_exception=True)
def measurement_update(request, pk):
    measurement = get_visible_or_404(
        Measurement.objects.select_related("indicator", "pair__programme"), request.user, pk=pk
    )
    return record_form(
        request,
        form_class=MeasurementForm,
        model=Measurement,
        instance=measurement,
        title=_("Valeur annuelle : %(indicator)s, %(pair)s")
        % {"indicator": measurement.indicator.name, "pair": measurement.pair.foreign_municipality},
        saved=_("La valeur annuelle a été modifiée."),
        done=lambda record: _pair_url(record.pair),
        back_url=_pair_url(measurement.pair),
        form_kwargs={"indicator": measurement.indicator, "pair": measurement.pair},
        with_history=True,
    )
