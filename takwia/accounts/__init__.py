"""Accounts kept by national staff in the app: invite by e-mail (a link to set the
password), role and scope, deactivate, send a reset link; every change in history.

No page here grants superuser, permissions or groups: the role is the only grant
(``takwia.roles.ROLE_PERMISSIONS``), and the admin keeps those for superusers.
"""
