from django.urls import path

from tatakelola.orgs import views

app_name = "orgs"

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<int:person_id>/roles/", views.person_roles, name="person_roles"),
    path("people/<int:person_id>/unlock/", views.person_unlock, name="person_unlock"),
    path("departments/", views.departments, name="departments"),
    path("departments/new/", views.department_create, name="department_create"),
    path("committee/", views.committee_manage, name="committee"),
    path(
        "committee/members/<int:membership_id>/remove/", views.committee_member_remove, name="committee_member_remove"
    ),
    path("me/", views.profile, name="profile"),
]
