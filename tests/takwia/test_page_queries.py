"""Every main page of every role runs at most 12 queries, and no more when the data
grows: measured on a province with one diagnosed association of each kind, then again
after adding five more of everything (associations with domains, populations, networks
and history, diagnostics with full answers, sample entries, plan targets and
participants, agreements, volunteers on placement)."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse

from associations.models import Domain, Network, TargetPopulation
from diagnostics.models import Attendee, Diagnostic, Guide, Plan, SampleEntry, Workshop
from diagnostics.selectors import needs_ranking
from diagnostics.services import (
    diagnostic_save_answers,
    diagnostic_submit,
    diagnostic_validate,
    plan_draft_from_needs,
    structure_for,
)
from partnerships.models import (
    Agreement,
    CommunePair,
    CooperationProgramme,
    ExpectedResult,
    Indicator,
    Measurement,
    Partner,
)
from takwia.models import FileDownload
from tests.diagnostics.test_diagnostic_entry import full_answers
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory
from volunteers.models import Deliverable, Event, Host, Placement, Programme, Volunteer

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


class World:
    """A province's registry, one campaign, its plan, agreements and placements."""

    def __init__(self, province, association, users):
        self.province, self.users = province, users
        self.communes = list(province.communes.order_by("code")[:3])
        self.campaign = CampaignFactory(province=province, sample_seed=1)
        self.structure = structure_for(self.campaign.version)
        self.partner = Partner.objects.create(name="Partenaire test", kind="government")
        self.programme = Programme.objects.create(
            name="Programme test", coordinator="ADS", countries="Maroc", starts_on=date(2025, 1, 1)
        )
        self.network = Network.objects.create(name="Réseau test", kind="thematic", level="national")
        self.cooperation = CooperationProgramme.objects.create(
            name="Coopération test", countries="Belgique, Maroc", starts_on=date(2015, 1, 1),
            ends_on=date(2030, 1, 1), objective="Objectif",
        )  # fmt: skip
        self.pair = CommunePair.objects.create(
            programme=self.cooperation, foreign_municipality="Namur", foreign_country="Belgique"
        )
        self.pair.communes.set(self.communes[:2])
        result = ExpectedResult.objects.create(programme=self.cooperation, number=1, title="RI")
        self.indicators = [
            Indicator.objects.create(
                result=result, name=f"Indicateur {i}", unit="u", baseline=0, target=10
            )
            for i in range(2)
        ]
        self.own = association
        self.diagnostics = []
        self.add(association)
        # The own association's diagnostic validated: its president is recommended guides.
        diagnostic_validate(diagnostic=self.diagnostics[0], user=users["coordinator"])
        self.plan = plan_draft_from_needs(
            campaign=self.campaign, needs=needs_ranking(campaign=self.campaign), user=None
        ).plan
        self.workshop = Workshop.objects.create(
            campaign=self.campaign, kind="restitution", held_on=date(2025, 5, 1), place="Salle"
        )
        self.attend(association)

    def attend(self, association):
        """One more person at the workshop, and one more history entry of the workshop
        and of the campaign."""
        index = Attendee.objects.count()
        Attendee.objects.create(
            workshop=self.workshop, full_name=f"Personne {index}", association=association,
            sex="woman" if index % 2 else "man", role="member",
        )  # fmt: skip
        self.workshop.attendees.add(association)
        self.workshop.place = f"Salle {index}"
        self.workshop.save()
        self.campaign.name = f"Campagne {index}"
        self.campaign.save()

    def add(self, association=None) -> Diagnostic:
        index = len(self.diagnostics)
        if association is None:
            association = AssociationFactory(commune=self.communes[index % len(self.communes)])
        association.domains.set(Domain.objects.order_by("code")[index % 5 : index % 5 + 2])
        association.target_populations.set(TargetPopulation.objects.order_by("code")[:2])
        association.networks.add(self.network)
        association.phone = f"06123456{index:02d}"
        association.save()  # one more history entry
        SampleEntry.objects.create(
            campaign=self.campaign, association=association, stratum="rural/x", population=40
        )
        diagnostic = DiagnosticFactory(campaign=self.campaign, association=association)
        agent = self.users["field_agent"]
        result = diagnostic_save_answers(
            diagnostic=diagnostic,
            raw_answers=full_answers(self.structure, yes=index % 2 == 0),
            lock_version=0,
            user=agent,
        )
        assert not diagnostic_submit(
            diagnostic=diagnostic, user=agent, lock_version=result.lock_version
        )
        if index % 2:
            diagnostic_validate(diagnostic=diagnostic, user=self.users["coordinator"])
        agreement = Agreement.objects.create(
            association=association, partner=self.partner, kind="financing",
            starts_on=date(2025, 1, 1), amount=10_000,
        )  # fmt: skip
        self.__dict__.setdefault("own_agreement", agreement)
        agreement.partner = Partner.objects.create(name=f"Partenaire {index}", kind="private")
        agreement.status = "ended"
        agreement.save()  # a history entry naming a partner and a status
        self.partner.country = f"Pays {index}"
        self.partner.save()
        self.network.level = ["national", "regional"][index % 2]
        self.network.save()
        for indicator in self.indicators:
            measurement = Measurement.objects.create(
                indicator=indicator, pair=self.pair, year=2016 + index, value=index, target=index
            )
            measurement.value += 1
            measurement.save()
            self.__dict__.setdefault("measurement", measurement)
        self.pair.foreign_country = f"Belgique {index}"
        self.pair.save()
        volunteer = Volunteer.objects.create(
            first_name="Volontaire", last_name=f"Test {index}", gender="f", nationality="Marocaine",
            category="local", status="active", programme=self.programme,
        )  # fmt: skip
        host = Host.objects.create(
            name=f"Hôte {index}", kind="association", country="Maroc", city="Khénifra",
            association=association,
        )  # fmt: skip
        placement = Placement.objects.create(
            volunteer=volunteer, host=host, programme=self.programme, theme="Gouvernance",
            starts_on=date(2025, 3, 1),
        )  # fmt: skip
        deliverable = Deliverable.objects.create(placement=placement, kind="study", title="Étude")
        deliverable.title = "Étude revue"
        deliverable.save()  # one more history entry
        Event.objects.create(
            programme=self.programme, kind="webinar", held_on=date(2025, 4, 1), place="En ligne"
        )
        # A guide of the library on each sub-dimension of an axis, downloaded once.
        axis = self.structure.axes[index % len(self.structure.axes)]
        guide = Guide.objects.create(kind="guide", title=f"Guide {index}", title_ar=f"دليل {index}")
        guide.subdimensions.set(axis.subdimensions.all())
        FileDownload.objects.create(
            user=agent, record_type=ContentType.objects.get_for_model(Guide),
            record_id=guide.pk, file_name="guide.pdf",
        )  # fmt: skip
        if hasattr(self, "plan"):
            for action in self.plan.actions.all():
                action.targets.add(association)
                action.participants.add(association)
                action.guides.add(guide)
            self.attend(association)
        self.diagnostics.append(diagnostic)
        return diagnostic

    def pages(self, role: str) -> list[str]:
        campaign, diagnostic = self.campaign.pk, self.diagnostics[0].pk
        association = self.own.pk
        staff = [
            reverse("home"),
            reverse("associations:territory"),
            reverse("associations:province", args=[self.province.code]),
            reverse("associations:list"),
            reverse("associations:list") + f"?province={self.province.code}&q=test",
            reverse("associations:figures") + f"?province={self.province.code}",
            reverse("associations:detail", args=[association]),
            reverse("diagnostics:campaigns"),
            reverse("diagnostics:campaign", args=[campaign]),
            reverse("diagnostics:campaign_update", args=[campaign]),
            reverse("diagnostics:campaign_close", args=[campaign]),
            reverse("diagnostics:workshop", args=[self.workshop.pk]),
            reverse("diagnostics:workshop_update", args=[self.workshop.pk]),
            reverse("diagnostics:workshop_attendance", args=[self.workshop.pk]),
            reverse("diagnostics:campaign_results", args=[campaign]),
            reverse("diagnostics:comparison"),
            reverse("diagnostics:needs", args=[campaign]),
            reverse("diagnostics:plans"),
            reverse("diagnostics:plan", args=[self.plan.pk]),
            reverse("diagnostics:results", args=[diagnostic]),
            reverse("partnerships:agreements"),
            reverse("partnerships:agreements") + "?q=test partenaire&sort=association",
            reverse("partnerships:agreement", args=[Agreement.objects.order_by("pk").first().pk]),
            reverse("partnerships:partners") + "?q=partenaire",
            reverse("partnerships:partner", args=[self.partner.pk]),
            reverse("partnerships:networks"),
            reverse("partnerships:network", args=[self.network.pk]) + "?q=association",
            reverse("partnerships:programmes"),
            reverse("partnerships:programme", args=[self.cooperation.pk]),
            reverse("partnerships:pair", args=[self.pair.pk]),
            reverse("partnerships:indicator", args=[self.indicators[0].pk]),
            reverse("partnerships:measurement_create", args=[self.pair.pk, self.indicators[0].pk]),
            reverse("job_list"),
            reverse("diagnostics:guides"),
            reverse("diagnostics:guides") + "?q=guide&axis=governance",
            reverse("diagnostics:guide", args=[Guide.objects.order_by("pk").first().pk]),
        ]
        volunteering = [
            reverse("home"),
            reverse("volunteers:dashboard"),
            reverse("volunteers:volunteers"),
            reverse("volunteers:placements"),
            reverse("volunteers:volunteer", args=[Volunteer.objects.order_by("pk").first().pk]),
            reverse("volunteers:placement", args=[Placement.objects.order_by("pk").first().pk]),
            reverse("volunteers:volunteers")
            + "?q=test volontaire&status=active&category=local"
            + f"&programme={self.programme.pk}",
            reverse("volunteers:hosts"),
            reverse("volunteers:hosts") + "?q=hote&kind=association&country=Maroc",
            reverse("volunteers:host", args=[Host.objects.order_by("pk").first().pk]),
            reverse("volunteers:programme", args=[self.programme.pk]),
            reverse(
                "volunteers:volunteer_edit", args=[Volunteer.objects.order_by("pk").first().pk]
            ),
            reverse("volunteers:host_edit", args=[Host.objects.order_by("pk").first().pk]),
            reverse("volunteers:programme_edit", args=[self.programme.pk]),
            reverse(
                "volunteers:placement_edit", args=[Placement.objects.order_by("pk").first().pk]
            ),
            reverse("volunteers:placement_end", args=[Placement.objects.order_by("pk").first().pk]),
            reverse("volunteers:event_edit", args=[Event.objects.order_by("pk").first().pk]),
            reverse(
                "volunteers:deliverable_edit", args=[Deliverable.objects.order_by("pk").first().pk]
            ),
        ]
        return {
            "national": staff
            + [
                reverse("partnerships:figures"),
                reverse("volunteers:dashboard"),
                reverse("partnerships:measurement_update", args=[self.measurement.pk]),
                reverse("partnerships:pair_update", args=[self.pair.pk]),
                reverse("partnerships:agreement_update", args=[self.own_agreement.pk]),
            ],
            "coordinator": staff,
            "field_agent": [
                reverse("home"),
                reverse("associations:list"),
                reverse("diagnostics:campaign", args=[campaign]),
                reverse("diagnostics:workshop", args=[self.workshop.pk]),
                reverse("diagnostics:results", args=[diagnostic]),
            ],
            "president": [
                reverse("home"),
                reverse("associations:detail", args=[association]),
                reverse("diagnostics:results", args=[diagnostic]),
                reverse("diagnostics:guides"),
                reverse("diagnostics:guide", args=[Guide.objects.order_by("pk").first().pk]),
            ],
            "volunteer_manager": volunteering,
        }[role]


@pytest.mark.parametrize(
    "role", ["national", "coordinator", "field_agent", "president", "volunteer_manager"]
)
def test_every_main_page_stays_within_twelve_queries_as_the_data_grows(
    client, users, province_a, association_a, role, django_assert_max_num_queries
):
    world = World(province_a, association_a, users)
    client.force_login(users[role])
    counts = {}
    for path in world.pages(role):
        assert client.get(path).status_code == 200, path  # warm-up: session, templates
        cache.clear()  # measure the figures' computation, not the cache
        with django_assert_max_num_queries(MAX_QUERIES, info=path) as small:
            client.get(path)
        counts[path] = len(small.captured_queries)
    for _ in range(5):
        world.add()
    for path in world.pages(role):
        cache.clear()
        with django_assert_max_num_queries(counts[path], info=path):
            response = client.get(path)
        assert response.status_code == 200, path
    assert Diagnostic.objects.filter(campaign=world.campaign).scored().count() == 6
    assert Plan.objects.get(pk=world.plan.pk).actions.first().targets.count() == 6
