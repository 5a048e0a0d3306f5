"""Writes the services do not fold into the summary themselves (the admin, a shell, a
fixture, a registry edit of a diagnosed association) move it through the model
signals: the rows of the campaigns the write touches are computed for the association
concerned before the write (``pre_*``) and after it (``post_*``), and the campaign's
rows move by the difference; a campaign whose rows were never built, or are stale, is
rebuilt whole after the write. So the summary is up to date whatever the write path,
and a reader never waits for a rebuild but after a bulk write.

Bulk writes (``bulk_create``, ``update``, COPY) send no signal: whoever makes them calls
``mark_stale`` or ``rebuild`` (``answers_clear_not_live``, ``scores_recompute``, the
bench generator). Deleting a single answer or score outside the services is not
followed (the services replace scores in bulk): ``manage.py summary_rebuild`` then.
"""

from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)

from associations.models import Association
from diagnostics.analytics.build import (
    _apply,
    affected_campaigns,
    contributions,
    following,
    mark_stale,
    rebuild,
)
from diagnostics.models import Answer, Campaign, Diagnostic, SampleEntry, Score, SummaryState

SCORED = {Diagnostic.Status.SUBMITTED, Diagnostic.Status.VALIDATED}


def _begin(instance, campaigns, association_ids) -> None:
    """Before a write: the rows the associations make in each up-to-date campaign."""
    campaigns = list(campaigns.select_related("version").order_by("pk"))
    fresh = set(
        SummaryState.objects.filter(campaign__in=campaigns, stale=False).values_list(
            "campaign_id", flat=True
        )
    )
    pending = [
        (
            campaign,
            association,
            contributions(campaign, association) if campaign.pk in fresh else None,
        )
        for campaign in campaigns
        for association in association_ids
    ]
    instance.__dict__.setdefault("_summary_pending", []).append(pending)


def _end(instance) -> None:
    """After the write: move the rows by the difference (rebuild those not built)."""
    stack = instance.__dict__.get("_summary_pending")
    if not stack:
        return
    rebuilt = set()
    for campaign, association, before in stack.pop():
        if before is None:
            if campaign.pk not in rebuilt:
                rebuild(campaign.pk)
                rebuilt.add(campaign.pk)
        elif not _apply(campaign.pk, before, contributions(campaign, association)):
            mark_stale([campaign.pk])


def _campaigns_of(**lookups):
    return Campaign.objects.filter(
        pk__in=Diagnostic.objects.scored().filter(**lookups).values("campaign_id")
    )


def _loaded(sender, instance, **kwargs):
    # What the row held when read (deferred fields are not fetched).
    instance.__dict__["_summary_loaded"] = {
        name: instance.__dict__.get(name) for name in ("status", "commune_id")
    }


def _loaded_value(instance, name):
    return instance.__dict__.get("_summary_loaded", {}).get(name)


def _diagnostic_before(sender, instance, update_fields=None, **kwargs):
    if following.get():
        return
    if update_fields and Diagnostic.FIGURES_UNREAD_FIELDS.issuperset(update_fields):
        return  # a draft's autosave: nothing the summary counts
    if instance.status in SCORED or _loaded_value(instance, "status") in SCORED:
        _begin(instance, affected_campaigns(instance), [instance.association_id])


def _diagnostic_after(sender, instance, **kwargs):
    _end(instance)
    instance.__dict__["_summary_loaded"] = {"status": instance.status}


def _row_before(sender, instance, **kwargs):
    """An answer or a score of a counted diagnostic."""
    if following.get():
        return
    diagnostic = Diagnostic.objects.filter(pk=instance.diagnostic_id).scored()
    campaigns = Campaign.objects.filter(pk__in=diagnostic.values("campaign_id"))
    association = diagnostic.values_list("association_id", flat=True).first()
    if association is not None:
        _begin(instance, campaigns, [association])


def _after(sender, instance, **kwargs):
    _end(instance)


def _entry_before(sender, instance, **kwargs):
    """A sample entry (its stratum) of a diagnosed association."""
    if following.get():
        return
    campaigns = _campaigns_of(
        campaign_id=instance.campaign_id, association_id=instance.association_id
    )
    if campaigns.exists():
        _begin(instance, campaigns, [instance.association_id])


def _association_before(sender, instance, **kwargs):
    """The commune (milieu, province) of a diagnosed association."""
    if instance.pk is None or instance.commune_id == _loaded_value(instance, "commune_id"):
        return
    campaigns = _campaigns_of(association_id=instance.pk)
    if campaigns.exists():
        _begin(instance, campaigns, [instance.pk])


def _association_after(sender, instance, **kwargs):
    _end(instance)
    instance.__dict__["_summary_loaded"] = {"commune_id": instance.commune_id}


def _domains_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """The domains of diagnosed associations, from either side of the relation."""
    if action.startswith("post_"):
        _end(instance)
        return
    associations = [instance.pk] if not reverse else list(pk_set or [])
    if reverse and action == "pre_clear":  # a domain's associations cleared: rare
        mark_stale(_campaigns_of(association__domains=instance).values("pk"))
        return
    campaigns = _campaigns_of(association_id__in=associations)
    if associations and campaigns.exists():
        _begin(instance, campaigns, associations)


def connect() -> None:
    uid = "diagnostics.analytics"
    for model in (Diagnostic, Association):
        post_init.connect(_loaded, sender=model, dispatch_uid=f"{uid}.loaded.{model.__name__}")
    pre_save.connect(_diagnostic_before, sender=Diagnostic, dispatch_uid=f"{uid}.d.pre")
    post_save.connect(_diagnostic_after, sender=Diagnostic, dispatch_uid=f"{uid}.d.post")
    pre_delete.connect(_diagnostic_before, sender=Diagnostic, dispatch_uid=f"{uid}.d.pre_del")
    post_delete.connect(_after, sender=Diagnostic, dispatch_uid=f"{uid}.d.post_del")
    for model in (Answer, Score):
        pre_save.connect(_row_before, sender=model, dispatch_uid=f"{uid}.{model.__name__}.pre")
        post_save.connect(_after, sender=model, dispatch_uid=f"{uid}.{model.__name__}.post")
    pre_save.connect(_entry_before, sender=SampleEntry, dispatch_uid=f"{uid}.entry.pre")
    post_save.connect(_after, sender=SampleEntry, dispatch_uid=f"{uid}.entry.post")
    pre_delete.connect(_entry_before, sender=SampleEntry, dispatch_uid=f"{uid}.entry.pre_del")
    post_delete.connect(_after, sender=SampleEntry, dispatch_uid=f"{uid}.entry.post_del")
    pre_save.connect(_association_before, sender=Association, dispatch_uid=f"{uid}.a.pre")
    post_save.connect(_association_after, sender=Association, dispatch_uid=f"{uid}.a.post")
    m2m_changed.connect(
        _domains_changed, sender=Association.domains.through, dispatch_uid=f"{uid}.domains"
    )
