"""A long file's check or confirmation as a background job (takwia/jobs.py)."""

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from takwia.access import get_visible_or_404
from takwia.imports.kinds import (
    MESSAGE_ALREADY_APPLIED,
    MESSAGE_APPLIED,
    MESSAGE_CHECKED,
    MESSAGE_REFUSED,
    SHOWN_ERRORS,
    STEPS,
    ImportKind,
    error_rows,
    errors_report,
    mark_applied,
    result_counts,
)
from takwia.jobs import digest
from takwia.models import StagedImport
from takwia.tabular import ImportRejected, csv_chunks


class StagedImportRun:
    """The Renderer (takwia/jobs.py) of a staged file's check or confirmation; each kind
    subclasses it with its ``kind`` and is registered in ``RENDERERS`` as its job kind."""

    kind: ImportKind
    final_message = ""
    next_label = gettext_lazy("Voir l'aperçu de l'import")

    @property
    def label(self):
        return self.kind.title

    @property
    def permission(self) -> str:
        return self.kind.permission

    def resolve(self, *, user, params: dict) -> dict:
        step = params.get("step")
        if step not in STEPS:
            raise Http404
        staged = get_visible_or_404(
            StagedImport.objects.filter(kind=self.kind.key), user, pk=params.get("staged")
        )
        # In the language of whoever asks (the job list shows it as it was written).
        title = _("%(step)s de « %(file)s »") % {"step": STEPS[step], "file": staged.filename}
        return {"params": {"staged": staged.pk, "step": step}, "title": title}

    def fingerprint(self, *, params: dict, language: str) -> str:
        # The same step of the same file is one job: a second click joins it.
        return digest(self.kind.job_kind, params["staged"], params["step"])

    def next_url(self, job) -> str:
        return reverse(self.kind.url_name("preview"), args=[job.params["staged"]])

    def render(self, *, job, progress) -> tuple[str, bytes]:
        staged = StagedImport.objects.get(pk=job.params["staged"], kind=self.kind.key)
        if job.params["step"] == "check":
            return self._check(staged, job.requested_by, progress)
        return self._apply(staged, job.requested_by, progress)

    def _refused(self, staged, exc, name):
        staged.check_report = {"errors": error_rows(exc.errors)[:SHOWN_ERRORS]}
        staged.checked_at = timezone.now()
        staged.save(update_fields=["check_report", "checked_at"])
        self.final_message = MESSAGE_REFUSED.format(count=len(exc.errors))
        return name, errors_report(exc.errors)

    def _check(self, staged, user, progress):
        name = f"verification-{staged.pk}.csv"
        try:
            result = self.kind.run(
                bytes(staged.content), user=user, dry_run=True, progress=progress
            )
        except ImportRejected as exc:
            return self._refused(staged, exc, name)
        counts = result_counts(result)
        staged.check_report = {}
        staged.checked_at = timezone.now()
        staged.created_count, staged.updated_count = counts["created"], counts["updated"]
        staged.save()
        self.final_message = MESSAGE_CHECKED.format(**counts)
        return name, _summary(MESSAGE_CHECKED.format(**counts))

    def _apply(self, staged, user, progress):
        name = f"import-{staged.pk}.csv"
        with transaction.atomic():
            staged = StagedImport.objects.select_for_update().get(pk=staged.pk)
            if staged.status == StagedImport.Status.APPLIED:
                self.final_message = MESSAGE_ALREADY_APPLIED
                return name, _summary(MESSAGE_ALREADY_APPLIED)
            try:
                result = self.kind.run(
                    bytes(staged.content),
                    user=user,
                    dry_run=False,
                    source=staged.filename,
                    progress=progress,
                )
            except ImportRejected as exc:
                return self._refused(staged, exc, name)
            mark_applied(staged, result)
        self.final_message = MESSAGE_APPLIED.format(**result_counts(result))
        return name, _summary(self.final_message)


def _summary(message: str) -> bytes:
    return b"".join(csv_chunks(["Message"], [[message]]))
