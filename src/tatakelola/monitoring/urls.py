from django.urls import path

from tatakelola.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:account_id>/", views.account_detail, name="account"),
    path("accounts/<int:account_id>/edit/", views.account_edit, name="account_edit"),
    path("accounts/<int:account_id>/credentials/", views.account_credentials, name="account_credentials"),
    path("accounts/<int:account_id>/status/", views.account_status, name="account_status"),
    path("accounts/<int:account_id>/poll/", views.account_poll, name="account_poll"),
    path("ingestion/", views.health, name="health"),
    path("ingestion/dead-letters/<int:dead_letter_id>/resolve/", views.dead_letter_resolve, name="dead_letter_resolve"),
    path("imports/new/", views.import_create, name="import_create"),
    path("imports/<int:job_id>/", views.import_detail, name="import"),
    path("classifiers/", views.classifiers, name="classifiers"),
    path("classifiers/update/", views.classifiers_update, name="classifiers_update"),
]

# Outside the login-protected pages: the sender authenticates with the HMAC signature.
webhook_urlpatterns = [
    path("hooks/<int:account_id>/", views.webhook, name="webhook"),
]
