from django.urls import path

from tatakelola.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("read/", views.mark_read, name="read"),
    path("webhooks/", views.webhook_settings, name="webhooks"),
    path("webhooks/new/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:endpoint_id>/toggle/", views.webhook_toggle, name="webhook_toggle"),
]
