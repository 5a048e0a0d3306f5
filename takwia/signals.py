"""Keeps ``User.extra_permissions`` in step with the account's groups and own
permissions, whichever side of the relation is changed (user or group)."""

from django.db.models.signals import m2m_changed


def _refresh(user_ids) -> None:
    from takwia.models import User

    for user in User.objects.filter(pk__in=list(user_ids)):
        extra = user.groups.exists() or user.user_permissions.exists()
        if extra != user.extra_permissions:
            User.objects.filter(pk=user.pk).update(extra_permissions=extra)


def _changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from takwia.models import User

    if isinstance(instance, User):
        _refresh([instance.pk])
    elif pk_set:  # a group's users changed from the group's side
        _refresh(pk_set)
    elif action == "post_clear":  # the group emptied: its former members are unknown here
        _refresh(User.objects.filter(extra_permissions=True).values_list("pk", flat=True))


def connect() -> None:
    from takwia.models import User

    m2m_changed.connect(_changed, sender=User.groups.through, dispatch_uid="extra-perms-groups")
    m2m_changed.connect(
        _changed, sender=User.user_permissions.through, dispatch_uid="extra-perms-own"
    )
