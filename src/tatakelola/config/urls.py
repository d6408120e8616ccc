from django.urls import include, path

from tatakelola.config.api import api
from tatakelola.monitoring.urls import webhook_urlpatterns
from tatakelola.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("accounts/login/", web_views.login_view, name="login"),
    path("accounts/logout/", web_views.logout_view, name="logout"),
    path("i18n/language/", web_views.language_switch, name="language_switch"),
    path("csp-report/", web_views.csp_report, name="csp_report"),
    path("org/", include("tatakelola.orgs.urls")),
    path("tokens/", include("tatakelola.api.urls")),
    path("audit/", include("tatakelola.audit.urls")),
    path("monitoring/", include("tatakelola.monitoring.urls")),
    path("cases/", include("tatakelola.cases.urls")),
    path("notifications/", include("tatakelola.notifications.urls")),
    *webhook_urlpatterns,
    path("api/", api.urls),
]

handler403 = "tatakelola.web.errors.forbidden"
