"""How the pages of volunteering bind their forms."""


def bound(request) -> tuple:
    """(data, files) of a POST, even an empty one (an empty POST is a bound form that
    says what is missing, not a blank page), (None, None) otherwise."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None
