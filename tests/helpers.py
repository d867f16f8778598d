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


def totp_code(device, steps_ahead=0):
    """The code an authenticator app shows now for ``device`` (a TOTPDevice), or ``steps_ahead`` periods later:
    a device accepts each period's code once, and the next period's within its tolerance."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"
