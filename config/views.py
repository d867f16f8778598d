from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Health for load balancers and monitors (docs/operations.md "Health").

    ``database`` and ``broker`` decide the status code: a web process without them cannot serve. ``worker``,
    ``exports_worker`` and ``beat`` say whether each was heard from lately (core.heartbeats); they turn the answer
    into a 503 only with ``?strict`` (a monitor's check), so that a stopped worker never takes the web out of a load
    balancer. With no broker (the embedded default) tasks run in the web process: they say "eager"."""
    status = {"database": "ok", "broker": "eager", "worker": "eager", "exports_worker": "eager", "beat": "eager"}
    code = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        status["database"] = "unavailable"
        code = 503
    if settings.CELERY_BROKER_URL:
        from config.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            status["broker"] = "ok"
        except Exception:  # noqa: BLE001
            status["broker"] = "unavailable"
            code = 503
        if status["database"] == "ok":
            from core.heartbeats import status as heard

            status.update(heard())
            if "strict" in request.GET and "silent" in status.values():
                code = 503
    return JsonResponse(status, status=code)
