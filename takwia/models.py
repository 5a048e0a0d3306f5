from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from takwia.roles import Role

ERROR_PROVINCE_REQUIRED = _(
    "Un agent ou un coordinateur provincial doit avoir au moins une province."
)
ERROR_ASSOCIATION_REQUIRED = _("Un président d'association doit être rattaché à son association.")
ERROR_ASSOCIATION_ONLY_PRESIDENT = _(
    "Seul un président d'association est rattaché à une association."
)


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every account; everybody else sees only their own."""
        from takwia.access import is_national

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if is_national(user):
            return self
        return self.filter(pk=user.pk)


class TakwiaUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person using the platform, with one role and the scope that role needs."""

    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices, blank=True)
    provinces = models.ManyToManyField(
        "associations.Province",
        verbose_name=_("provinces"),
        blank=True,
        related_name="staff",
        help_text=_("Pour les agents et coordinateurs provinciaux : les provinces qu'ils suivent."),
    )
    association = models.ForeignKey(
        "associations.Association",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presidents",
        help_text=_("Pour un président : l'association qu'il préside."),
    )

    objects = TakwiaUserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.association_id and self.role != Role.PRESIDENT:
            raise ValidationError({"association": ERROR_ASSOCIATION_ONLY_PRESIDENT})
        if self.role == Role.PRESIDENT and not self.association_id:
            raise ValidationError({"association": ERROR_ASSOCIATION_REQUIRED})
