"""PDF rendering with WeasyPrint: HTML templates under ``templates/documents/``, A4, the CJK fonts of the machine
(Debian's fonts-noto-cjk and fonts-arphic-ukai, installed by scripts/bootstrap.sh) embedded as subsets.

Font roles of an official document (GB/T 9704) and the free fonts that stand in for them (docs/documents.md):
小标宋 → Noto Serif CJK SC bold, 仿宋 → Noto Serif CJK SC, 黑体 → Noto Sans CJK SC, 楷体 → AR PL UKai CN. The
official font names come first in each CSS stack, so a server with the licensed fonts uses them.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

PDF = "application/pdf"


def render_pdf(template_name, context, target=None, *, fonts=None):
    """The PDF of ``template_name``, always in Chinese (official documents are not translated): written into
    ``target`` (a binary file), or returned as bytes without one. ``fonts`` (``font_configuration()``) serves many
    documents in a row: each document otherwise loads the machine's font configuration again."""
    from weasyprint import HTML  # imported on use: it loads Pango, which the web pages never need

    with translation.override("zh-hans"):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(target, font_config=fonts)


def font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def chinese_date(day):
    """GB/T 9704 成文日期: Arabic numerals, year, month and day in full, no padding (2026年11月24日)."""
    return f"{day.year}年{day.month}月{day.day}日"
