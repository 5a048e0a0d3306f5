"""Factories per model. Sub-factories keep the territory consistent (a commune's
province belongs to its region); codes are fictitious (``9x``) so they never
collide with the HCP reference data loaded for the whole session."""

from datetime import date

import factory
from django.contrib.auth.hashers import make_password

from associations.models import Association, Commune, Milieu, Province, Region
from takwia.models import Job, User
from takwia.roles import Role

TEST_PASSWORD = "mot-de-passe-de-test-2026"
_TEST_PASSWORD_HASH = None


def _password_hash() -> str:
    # Hash once per session: the fast test hasher makes this cheap anyway.
    global _TEST_PASSWORD_HASH
    if _TEST_PASSWORD_HASH is None:
        _TEST_PASSWORD_HASH = make_password(TEST_PASSWORD)
    return _TEST_PASSWORD_HASH


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n % 10}")
    name_fr = factory.Sequence(lambda n: f"Région test {n}")
    name_ar = factory.Sequence(lambda n: f"جهة تجريبية {n}")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"9{n % 10}.{900 + n}")
    name_fr = factory.Sequence(lambda n: f"Province test {n}")
    name_ar = factory.Sequence(lambda n: f"إقليم تجريبي {n}")
    kind = Province.Kind.PROVINCE


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"99.{n:03d}.09.{n % 100:02d}")
    name_fr = factory.Sequence(lambda n: f"Commune test {n}")
    name_ar = factory.Sequence(lambda n: f"جماعة تجريبية {n}")
    milieu = Milieu.RURAL


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    commune = factory.SubFactory(CommuneFactory)
    name_fr = factory.Sequence(lambda n: f"Association test {n}")
    name_ar = factory.Sequence(lambda n: f"جمعية تجريبية {n}")
    founded_on = factory.Faker("date_between", start_date="-30y", end_date="-1y")
    status = Association.Status.ACTIVE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.ma")
    password = factory.LazyFunction(_password_hash)
    role = ""

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces.set(extracted)

    class Params:
        national = factory.Trait(role=Role.NATIONAL, is_staff=True)
        field_agent = factory.Trait(role=Role.FIELD_AGENT)
        coordinator = factory.Trait(role=Role.COORDINATOR)
        president = factory.Trait(
            role=Role.PRESIDENT, association=factory.SubFactory(AssociationFactory)
        )
        volunteer_manager = factory.Trait(role=Role.VOLUNTEER_MANAGER)


class JobFactory(factory.django.DjangoModelFactory):
    """A provincial report job; ``done=True`` gives it a (tiny) file."""

    class Meta:
        model = Job

    kind = "province_report"
    title = factory.LazyAttribute(lambda job: f"Rapport provincial – {job.province.name_fr}")
    province = factory.SubFactory(ProvinceFactory)
    params = factory.LazyAttribute(lambda job: {"province": job.province.code})
    params_key = factory.Sequence(lambda n: f"test-{n}")
    requested_by = factory.SubFactory(UserFactory, coordinator=True)

    class Params:
        done = factory.Trait(
            status=Job.Status.DONE,
            filename="rapport.pdf",
            file=factory.django.FileField(filename="rapport.pdf", data=b"%PDF-1.7 test"),
        )


def _published_version():
    from diagnostics.models import QuestionnaireVersion

    return QuestionnaireVersion.objects.published().first()


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "diagnostics.Campaign"

    name = factory.Sequence(lambda n: f"Campagne test {n}")
    province = factory.SubFactory(ProvinceFactory)
    version = factory.LazyFunction(_published_version)
    starts_on = date(2026, 3, 1)
    ends_on = date(2026, 6, 30)


class DiagnosticFactory(factory.django.DjangoModelFactory):
    """A draft diagnostic of an association of the campaign's province."""

    class Meta:
        model = "diagnostics.Diagnostic"

    campaign = factory.SubFactory(CampaignFactory)
    association = factory.SubFactory(
        AssociationFactory,
        commune=factory.LazyAttribute(
            lambda a: (
                a.factory_parent.campaign.province.communes.first()
                or CommuneFactory(province=a.factory_parent.campaign.province)
            )
        ),
    )
    version = factory.LazyAttribute(lambda d: d.campaign.version)
