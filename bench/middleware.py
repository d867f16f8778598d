"""Counting the SQL queries of each request, for the benchmark's report (bench settings only)."""

from django.db import connection

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    """Adds ``X-Bench-Queries``: how many statements the request sent to the default database.

    An ``execute_wrapper`` only counts; unlike ``CaptureQueriesContext`` it keeps no SQL text, so it costs next to
    nothing under load.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
