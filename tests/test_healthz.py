import pytest


@pytest.mark.django_db
def test_healthz_reports_the_database(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "eager",
        "worker": "eager",
        "exports_worker": "eager",
        "beat": "eager",
    }
