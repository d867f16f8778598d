from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, plus Django ValidationErrors from the domain layer as 400s.

    Every error body carries ``detail``; field errors also carry per-field lists.
    """
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": "；".join(exc.messages), "errors": exc.messages})
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        first = next(iter(response.data.values()), "")
        response.data["detail"] = first[0] if isinstance(first, list) and first else str(first)
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": response.data[0] if response.data else "", "errors": response.data}
    return response
