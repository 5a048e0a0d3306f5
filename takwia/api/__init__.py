"""The REST API (``/api/v1/``): read and write through the same scopes (``visible_to``),
permissions (``ROLE_PERMISSIONS``), forms and services as the pages. It adds no rule of
its own."""
