"""The person's notifications: the list (reading it marks them read) and the e-mail
preference."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from takwia.lists import listing
from takwia.notifications.models import Notification, Preference
from takwia.notifications.services import notifications_read, preference_set


def notification_list(request):
    notifications = listing(Notification.objects.visible_to(request.user), limit=50)
    unread = {n.pk for n in notifications.rows if n.read_at is None}
    notifications_read(user=request.user)
    preference = Preference.objects.filter(user=request.user).first()
    return render(
        request,
        "notifications/notification_list.html",
        {
            "notifications": notifications,
            "unread": unread,
            "email_on": preference.email if preference else True,
        },
    )


@require_POST
def notification_preference(request):
    email = request.POST.get("email") == "on"
    preference_set(user=request.user, email=email)
    messages.success(
        request,
        _("Vous recevrez aussi vos notifications par e-mail.")
        if email
        else _("Vous ne recevrez plus vos notifications par e-mail."),
    )
    return redirect("notifications:list")
