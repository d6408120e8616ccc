from django.urls import path

from tatakelola.api import views

app_name = "tokens"

urlpatterns = [
    path("new/", views.token_create, name="create"),
    path("<int:token_id>/revoke/", views.token_revoke, name="revoke"),
]
