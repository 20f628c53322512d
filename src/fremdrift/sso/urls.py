from django.urls import path

from fremdrift.sso import saml_views, views

app_name = "sso"
urlpatterns = [
    path("login/", saml_views.SignInStartView.as_view(), name="login"),
    path("acs/", saml_views.AssertionConsumerView.as_view(), name="acs"),
    path("logout/", saml_views.SingleLogoutStartView.as_view(), name="logout"),
    path("sls/", saml_views.SingleLogoutServiceView.as_view(), name="sls"),
    path("metadata/", saml_views.MetadataView.as_view(), name="metadata"),
    path("kommuner/", views.provider_list, name="providers"),
    path("kommuner/ny/", views.provider_edit, name="provider_new"),
    path("kommuner/<int:pk>/", views.provider_edit, name="provider_edit"),
    path("kommuner/<int:pk>/oplysninger/", views.provider_info, name="provider_info"),
]
