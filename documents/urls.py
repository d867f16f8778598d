from django.urls import path

from .views import exports, public

app_name = "documents"

# Included at the root: the exports where they have always been, under /nominations/, and the publicity notice
# beside the publicity page it belongs to, public once the period has started.
urlpatterns = [
    path("nominations/exports/", exports.export_list, name="exports"),
    path("nominations/exports/new/", exports.export_new, name="export_new"),
    path("nominations/exports/<int:pk>/", exports.export_detail, name="export"),
    path("nominations/exports/<int:pk>/file/", exports.export_file, name="export_file"),
    path("nominations/national/report-document/", exports.report_document, name="report_document"),
    path("nominations/national/report-document/pdf/", exports.report_document_pdf, name="report_document_pdf"),
    path("publicity/<int:pk>/notice.pdf", public.notice_pdf, name="publicity_notice_pdf"),
    path("publicity/final/<int:pk>.pdf", public.final_list_pdf, name="final_list_pdf"),
]
