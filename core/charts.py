"""Charts as data: the views describe a chart, `static/js/charts.js` draws it with the vendored Chart.js.

A chart is a small JSON document (kind, labels, series), written into the page
with ``json_script`` next to a table of the same figures. The table is the
accessible and printable form and what a page shows without JavaScript; the
chart is drawn over it. The document does not follow Chart.js's own options,
so the views do not depend on the library's version.
"""

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Series:
    label: str
    values: list


@dataclass(frozen=True)
class Chart:
    """A bar chart; ``stacked`` piles the series up, ``horizontal`` lays the bars along the x axis.

    ``maximum`` fixes the end of the value axis (a quota, so that the bars read as its share), ``unit`` follows
    each value in the tooltips.
    """

    labels: list
    series: list = field(default_factory=list)
    stacked: bool = False
    horizontal: bool = True
    maximum: int | None = None
    unit: str = ""

    @property
    def empty(self):
        return not any(value for series in self.series for value in series.values)

    def as_json(self):
        data = asdict(self)
        data["labels"] = [str(label) for label in self.labels]
        for series in data["series"]:
            series["label"] = str(series["label"])
        data["height"] = self.height
        return data

    @property
    def height(self):
        """Rows of a horizontal chart need room: about 1.6rem each, at least 8rem."""
        return max(8, round(1.6 * len(self.labels) + 4)) if self.horizontal else 16
