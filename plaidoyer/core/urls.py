from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("credits/", views.credits, name="credits"),
    path("legal/", views.legal_notice, name="legal"),
    path("privacy/", views.privacy_policy, name="privacy"),
]
