"""Private file storage (``STORAGES["private"]``): never served under a URL.

Names on disk are random; the uploader's original name is kept in the database
only, so no user input ever becomes a path.
"""

import uuid

from django.core.files.storage import storages
from django.utils import timezone


def private_storage():
    return storages["private"]


def random_name(folder, filename_unused=None):
    now = timezone.now()
    return f"{folder}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}"
