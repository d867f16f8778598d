"""The evidence files of the generated year and of the rush: small, real, distinct PDFs (no Django here: the
load clients use it too)."""

from demo.sample_pdf import one_page_pdf


def evidence_pdf(code, number):
    """A one-page PDF naming the locality and the criterion: a small, real, distinct evidence file."""
    return one_page_pdf(f"Benchmark evidence: division {code}, criterion {number}")
