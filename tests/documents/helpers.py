"""Reading the generated files in tests."""

import re
import subprocess


def reading_text(content, tmp_path, name="document.pdf", *, layout=False):
    """The PDF's text without any whitespace: in reading order (a table cell's lines stay together), or with
    ``layout`` as laid out (a table row's cells stay together while each fits on one line)."""
    path = tmp_path / name
    path.write_bytes(content)
    command = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return re.sub(r"\s+", "", subprocess.run(command, capture_output=True, text=True, check=True).stdout)
