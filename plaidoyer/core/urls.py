from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("credits/", views.credits, name="credits"),
    path("legal/", views.legal_notice, name="legal"),
    path("privacy/", views.privacy_policy, name="privacy"),
    path("rich-text/image/", views.rich_text_image, name="rich_text_image"),
    path("rich-text/preview/", views.rich_text_preview, name="rich_text_preview"),
]
