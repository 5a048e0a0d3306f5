"""What the platform tells a person: an in-app list with an unread count, and the same
message by e-mail unless the person turned e-mails off."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person's own notifications only."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        RETURNED = "returned", _("Diagnostic renvoyé pour correction")
        VALIDATED = "validated", _("Diagnostic validé")
        FILE_READY = "file_ready", _("Fichier prêt")
        PLACEMENT_ENDING = "placement_ending", _("Fin de mission proche")
        ACTION_STARTING = "action_starting", _("Action du plan qui commence bientôt")
        ACTION_OVERDUE = "action_overdue", _("Action du plan en retard")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    # The French text as sent (the e-mail's words; what rows written before templates
    # were kept show). The list shows ``text``: ``template`` (a French msgid marked with
    # gettext_noop where it is written) translated for the reader, filled with ``params``.
    message = models.TextField(_("message"))
    template = models.CharField(max_length=255, blank=True, editable=False)
    params = models.JSONField(default=dict, blank=True, editable=False)
    url = models.CharField(_("lien"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed = models.BooleanField(_("envoyée par e-mail"), default=False)
    # What the notification is about, for those sent by the periodic reminders
    # ("placement:12:60:2027-03-01"): a person is told of one event once, whatever
    # how often (and in how many processes) the reminders run. Blank: no such rule.
    key = models.CharField(max_length=120, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_event",
            )
        ]
        verbose_name = _("notification")

    def __str__(self):
        return self.text[:60]

    @property
    def text(self) -> str:
        """The message in the reader's language (the active one), else as it was sent."""
        if not self.template:
            return self.message
        try:
            return gettext(self.template).format(**self.params)
        except (KeyError, IndexError, ValueError):  # a translation that lost a parameter
            return self.template.format(**self.params)


class Preference(models.Model):
    """A person's choice of channels (a row only once they change the default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("recevoir aussi les notifications par e-mail"), default=True)

    def __str__(self):
        return f"{self.user}: {'e-mail' if self.email else 'app'}"
