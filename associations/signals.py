from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from associations.models import Association
from associations.selectors import national_figures_invalidate


@receiver([post_save, post_delete], sender=Association)
def _registry_changed(sender, **kwargs):
    # Bulk writes (imports, bench data) send no signal: they call the invalidation
    # themselves, and the cache lifetime bounds any staleness anyway.
    national_figures_invalidate()
