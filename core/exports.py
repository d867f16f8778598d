"""What a list page tells its export buttons (``_export_button.html``, handled by ``documents``): the filters it was
asked for, once per format."""


def page_filters(form):
    """The filters a list page was asked for (its bound GET form), as an export's parameters."""
    data = form.data if form.is_bound else {}
    return {name: data[name] for name in form.fields if data.get(name)}


def by_format(params):
    """``params`` once per format: what a page's "导出 Excel" and "导出 CSV" buttons post."""
    return {fmt: {**params, "format": fmt} for fmt in ("xlsx", "csv")}
