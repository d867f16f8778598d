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
        response.data["detail"] = first_message(response.data)
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": first_message(response.data), "errors": response.data}
    return response


def first_message(errors, where=""):
    """The first message of DRF's errors: a top-level field's as it is (as before), a nested one with where it is
    (``第1行 places：该字段是必填项。``); never the repr of an ``ErrorDetail`` (issue 18, item 9)."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            found = first_message(value, _where(where, key) if where or _nested(value) else "")
            if found:
                return found
        return ""
    if isinstance(errors, list):
        for index, value in enumerate(errors):
            if value:
                return first_message(value, _where(where, index) if _nested(value) else where)
        return ""
    return f"{where}：{errors}" if where else str(errors)


def _nested(value):
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict | list) for v in value))


def _where(where, key):
    if key == "non_field_errors":
        return where
    label = f"第{int(key) + 1}行" if str(key).isdigit() else str(key)
    return f"{where} {label}".strip()
