"""The API's JSON parser: DRF's, with a bound on nesting (issue 18: a deeply nested body made the standard library's
parser raise ``RecursionError``, a 500, on anonymous endpoints).

No request of this API nests deeper than a few levels (the deepest, a national list's balance settings or an
application's answers, is 4); the limit leaves room and refuses the rest with a 400 and a Chinese message before the
body is handed to ``json``.
"""

import io

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def nesting_depth(text):
    """The deepest nesting of arrays and objects in the JSON ``text``, brackets inside strings not counted; linear,
    without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    """Refuses a body nested deeper than ``MAX_DEPTH`` (400) instead of letting the parser recurse."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", "utf-8")
        raw = stream.read()
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            raise ParseError(_("请求内容不是有效的 UTF-8 文本。")) from error
        # Most bodies open fewer brackets than the limit in all: no need to walk them.
        if text.count("[") + text.count("{") > MAX_DEPTH and nesting_depth(text) > MAX_DEPTH:
            raise ParseError(_("JSON 嵌套超过 %(n)s 层，请检查请求内容。") % {"n": MAX_DEPTH})
        return super().parse(io.BytesIO(raw), media_type, parser_context)
