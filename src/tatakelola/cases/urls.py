from django.urls import path

from tatakelola.cases import views

app_name = "cases"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/bulk/", views.alerts_bulk, name="alerts_bulk"),
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert"),
    path("alerts/<int:alert_id>/decide/", views.alert_decide, name="alert_decide"),
    path("alerts/<int:alert_id>/assign/", views.alert_assign, name="alert_assign"),
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/status/", views.case_status, name="case_status"),
    path("<int:case_id>/assign/", views.case_assign, name="case_assign"),
    path("<int:case_id>/subject/", views.case_subject, name="case_subject"),
    path("<int:case_id>/notes/", views.case_note, name="case_note"),
    path("<int:case_id>/evidence/", views.case_evidence, name="case_evidence"),
    path("<int:case_id>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("<int:case_id>/actions/", views.case_action, name="case_action"),
    path("<int:case_id>/breach/", views.case_breach, name="case_breach"),
    path("<int:case_id>/breach/<int:notice_id>/", views.breach_notice, name="breach_notice"),
    path("mine/", views.my_cases, name="mine"),
    path("precision/", views.precision, name="precision"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/sla/<int:policy_id>/", views.sla_policy_edit, name="sla_policy"),
]
