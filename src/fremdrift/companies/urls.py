from django.urls import path

from fremdrift.companies.views import companies, referrals

app_name = "companies"
urlpatterns = [
    path("", companies.company_list, name="list"),
    path("ny/", companies.company_new, name="new"),
    path("<int:pk>/", companies.company_detail, name="detail"),
    path("<int:pk>/rediger/", companies.company_edit, name="edit"),
    path("henvisning/borger/<int:citizen_pk>/", referrals.refer, name="refer"),
    path("henvisninger/", referrals.referral_inbox, name="referrals"),
    path("henvisning/<int:pk>/", referrals.referral_detail, name="referral"),
    path("henvisning/<int:pk>/modtag/", referrals.referral_accept_view, name="accept"),
    path("henvisning/<int:pk>/retur/", referrals.referral_return_view, name="return"),
]
