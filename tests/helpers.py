import json
import re

from rest_framework.test import APIClient


def api_client(user):
    """An API client acting as ``user`` (anonymous when ``user`` is not signed in)."""
    client = APIClient()
    if user.is_authenticated:
        client.force_authenticate(user)
    return client


def chart_data(page, data_id):
    """The figures a chart of ``page`` (a response or its text) is drawn from: its ``json_script``."""
    text = page if isinstance(page, str) else page.content.decode()
    found = re.search(rf'<script id="{data_id}" type="application/json">(.*?)</script>', text, re.S)
    assert found, f"no chart {data_id}"
    return json.loads(found.group(1))


def chart_series(page, data_id):
    """A chart's series as {series label: {bar label: value}}."""
    chart = chart_data(page, data_id)
    return {series["label"]: dict(zip(chart["labels"], series["values"], strict=True)) for series in chart["series"]}
