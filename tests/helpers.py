from rest_framework.test import APIClient


def api_client(user):
    """An API client acting as ``user`` (anonymous when ``user`` is not signed in)."""
    client = APIClient()
    if user.is_authenticated:
        client.force_authenticate(user)
    return client
