import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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

    # True when the account has groups or permissions of its own (granted by a
    # superuser in the admin): only then is the database asked for them on a page
    # (takwia.backends.RoleBackend); kept by takwia.signals.
    extra_permissions = models.BooleanField(default=False, editable=False)

    objects = TakwiaUserManager()
    # Who changed a role, a scope or the active flag, and when (the accounts pages).
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "extra_permissions"], m2m_fields=[provinces]
    )

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


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Jobs about what the user may see (a province of theirs, or their association),
        and the jobs they asked for."""
        from takwia.access import is_active_user, province_ids_scope, sees_whole_country

        if not is_active_user(user):
            return self.none()
        if sees_whole_country(user):
            return self
        # A job about no province nor association (an import's check) is its requester's;
        # a report stays bound to the scope, even for whoever asked for it.
        mine = models.Q(requested_by=user, province__isnull=True, association__isnull=True)
        if user.role == Role.PRESIDENT:
            if not user.association_id:
                return self.filter(mine)
            return self.filter(mine | models.Q(association_id=user.association_id))
        provinces = province_ids_scope(user)
        return self.filter(
            mine
            | models.Q(province__in=provinces)
            | models.Q(association__commune__province__in=provinces)
        )


class Job(models.Model):
    """A file generated in the background (a PDF report, a workbook): who asked, its progress.

    Written at once when a user asks for the file; a Celery task renders it (see
    takwia/jobs.py). The row is the only truth about the job: the page polls it,
    the periodic tasks re-dispatch what the broker missed and re-queue what a
    dead worker left running.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("En file d'attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")
        EXPIRED = "expired", _("Expiré")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("type"), max_length=40)
    title = models.CharField(_("document"), max_length=255)
    params = models.JSONField(_("paramètres"), default=dict)
    params_key = models.CharField(max_length=255, editable=False)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    requested_by = models.ForeignKey(
        User, verbose_name=_("demandé par"), on_delete=models.PROTECT, related_name="jobs"
    )
    province = models.ForeignKey(
        "associations.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("avancement"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    # "host:pid" of the process rendering it: a redelivered task takes over a job
    # whose process is gone (see takwia/jobs.py).
    worker = models.CharField(max_length=120, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    file = models.FileField(_("fichier"), upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("fichier généré")
        verbose_name_plural = _("fichiers générés")
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
            models.Index(fields=["kind", "params_key", "status"], name="job_reuse"),
        ]
        constraints = [
            # One job at work per file: simultaneous requests for the same file join it
            # (a unique partial index; it holds on SQLite, where row locks do nothing),
            # also when the data changed since it started (its fingerprint is older):
            # a busy province would otherwise queue one rendering per change.
            models.UniqueConstraint(
                fields=["kind", "params_key", "language"],
                condition=models.Q(status__in=["queued", "running"]),
                name="job_one_at_work",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.params_key}"

    AT_WORK = (Status.QUEUED, Status.RUNNING)

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED}


class Submission(models.Model):
    """A create form's one-time token, stored with what the form created.

    The token is unique: when a double click (or a network retry) posts the same
    form twice at once, the second insert waits for the first transaction and
    fails, and the second request is answered with the first one's record (see
    takwia/submissions.py). Holds on PostgreSQL and on SQLite alike.
    """

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("envoi de formulaire")

    def __str__(self):
        return f"{self.model} {self.object_pk} ({self.token})"


class FileDownload(models.Model):
    """One download of a file attached to a record (takwia.files): who, when, which."""

    user = models.ForeignKey(
        User, verbose_name=_("utilisateur"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    record_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("type de fiche"), on_delete=models.PROTECT
    )
    record_id = models.PositiveBigIntegerField(_("fiche"))
    file_name = models.CharField(_("fichier"), max_length=255)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("téléchargement de fichier")
        verbose_name_plural = _("téléchargements de fichiers")
        indexes = [models.Index(fields=["record_type", "record_id"], name="download_record")]

    def __str__(self):
        return f"{self.user} – {self.file_name}"


class StagedImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every import; others the files they uploaded."""
        from takwia.access import is_active_user, is_national

        if not is_active_user(user):
            return self.none()
        if is_national(user):
            return self
        return self.filter(uploaded_by=user)


class StagedImport(models.Model):
    """An uploaded file of communes, volunteers, placements or agreements (takwia/imports.py):
    checked and previewed first, written on confirmation. The file is kept, so that what
    was imported, by whom and when stays on record."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À confirmer")
        APPLIED = "applied", _("Importé")

    kind = models.CharField(_("type"), max_length=40)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("déposé par"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    filename = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField(editable=False)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_count = models.PositiveIntegerField(_("créés"), default=0)
    updated_count = models.PositiveIntegerField(_("mis à jour"), default=0)
    applied_at = models.DateTimeField(_("importé le"), null=True, blank=True)
    # A long file is checked by a worker, which stores here what the preview shows.
    checked_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    check_report = models.JSONField(default=dict, blank=True, editable=False)

    objects = StagedImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["kind", "uploaded_by"], name="staged_import_kind_user")]
        verbose_name = _("fichier importé")
        verbose_name_plural = _("fichiers importés")

    def __str__(self):
        return self.filename
