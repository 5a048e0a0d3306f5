"""Attendance by person, shared by the actions of a plan and the workshops of a campaign."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Association
from diagnostics.models.campaigns import Workshop
from diagnostics.models.plans import Action

# The relation of each kind of record to its people present, and the relation that
# holds the associations present (derived from the people).
ATTENDED = {Action: ("action", "participants"), Workshop: ("workshop", "attendees")}


class Attendee(models.Model):
    """A person present at a plan's action or at a campaign's workshop: the attendance
    is taken person by person and the counts (people, women, men, associations) are
    derived from it (``diagnostics.selectors.attendance.with_attendance_counts``)."""

    class Sex(models.TextChoices):
        WOMAN = "woman", _("Femme")
        MAN = "man", _("Homme")

    class Role(models.TextChoices):
        PRESIDENT = "president", _("Président·e")
        BOARD = "board", _("Membre du bureau")
        MEMBER = "member", _("Adhérent·e")
        STAFF = "staff", _("Salarié·e")
        VOLUNTEER = "volunteer", _("Bénévole")
        OTHER = "other", _("Autre")

    # Exactly one of the two: what the person attended.
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="attendees", null=True, blank=True
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="attendance", null=True, blank=True
    )
    full_name = models.CharField(_("nom et prénom"), max_length=160)
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    sex = models.CharField(_("sexe"), max_length=8, choices=Sex.choices)
    role = models.CharField(
        _("fonction dans l'association"), max_length=16, choices=Role.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participant·e")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__isnull=False, workshop__isnull=True)
                | models.Q(action__isnull=True, workshop__isnull=False),
                name="attendee_of_an_action_or_a_workshop",
            )
        ]

    def __str__(self):
        return self.full_name
