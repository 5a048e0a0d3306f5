from rest_framework.pagination import CursorPagination


class Pagination(CursorPagination):
    """Cursor pagination on the primary key: stable while rows are added, and as fast
    on the last page of 250,000 associations as on the first."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
