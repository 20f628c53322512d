from django.urls import include, path

from fremdrift.accounts import user_views
from fremdrift.accounts import views as account_views
from fremdrift.citizens import views as citizen_views
from fremdrift.core import views as core_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", account_views.LogoutView.as_view(), name="logout"),
    path("adgangskode/", user_views.PasswordChangeView.as_view(), name="password_change"),
    path("sprog/", account_views.switch_language, name="set_language"),
    path("overblik/", citizen_views.overview, name="overview"),
    path("borgere/", include("fremdrift.citizens.urls")),
    path("forloeb/", include("fremdrift.journey.urls")),
    path("aktivering/", include("fremdrift.activation.urls")),
    path("samtaler/", include("fremdrift.conversations.urls")),
    path("planer/", include("fremdrift.plans.urls")),
    path("virksomheder/", include("fremdrift.companies.urls")),
    path("kompetencer/", include("fremdrift.competences.urls")),
    # Public, without login: the token in the address is the credential (companies).
    path("opfoelgning/", include("fremdrift.companies.public_urls")),
    path("spoergeskemaer/", include("fremdrift.instruments.urls")),
    path("progression/", include("fremdrift.progression.urls")),
    path("resultater/", include("fremdrift.results.urls")),
    path("statistik/", include("fremdrift.results.statistics_urls")),
    path("import/", include("fremdrift.caseimport.urls")),
    path("vaerktoejer/", include("fremdrift.toolbox.urls")),
    path("revisionslog/", include("fremdrift.audit.urls")),
    path("sletning/", include("fremdrift.retention.urls")),
    path("brugere/", include("fremdrift.accounts.urls")),
    path("totrinsbekraeftelse/", include("fremdrift.twofactor.urls")),
    # Single sign-on: the SAML endpoints (login, acs, sls, metadata) and the operator's pages.
    path("sso/", include("fremdrift.sso.urls")),
]
