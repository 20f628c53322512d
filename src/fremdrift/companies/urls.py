from django.urls import path

from fremdrift.companies.views import agreements, companies, follow_ups, placements, referrals

app_name = "companies"
urlpatterns = [
    path("", companies.company_list, name="list"),
    path("ny/", companies.company_new, name="new"),
    path("<int:pk>/", companies.company_detail, name="detail"),
    path("<int:pk>/rediger/", companies.company_edit, name="edit"),
    path("<int:pk>/kontaktperson/ny/", placements.contact_new, name="contact_new"),
    path("kontaktperson/<int:pk>/rediger/", placements.contact_edit, name="contact_edit"),
    path("<int:pk>/kapacitet/ny/", placements.capacity_new, name="capacity_new"),
    path("kapacitet/<int:pk>/rediger/", placements.capacity_edit, name="capacity_edit"),
    path("praktik/<int:pk>/", placements.placement_detail, name="placement"),
    path("praktik/<int:pk>/rediger/", placements.placement_edit, name="placement_edit"),
    path(
        "praktik/<int:pk>/opfoelgning/link/", follow_ups.follow_up_link_new, name="follow_up_link"
    ),
    path("praktik/<int:pk>/opfoelgning/ny/", follow_ups.follow_up_new, name="follow_up_new"),
    path("praktik/<int:pk>/arbejdsaftale/ny/", agreements.agreement_new, name="agreement_new"),
    path("arbejdsaftale/<int:pk>/", agreements.agreement_detail, name="agreement"),
    path("arbejdsaftale/<int:pk>/rediger/", agreements.agreement_edit, name="agreement_edit"),
    path(
        "arbejdsaftale/<int:pk>/underskrift/",
        agreements.agreement_signature,
        name="agreement_sign",
    ),
    path(
        "arbejdsaftale/<int:pk>/ny-version/", agreements.agreement_version, name="agreement_version"
    ),
    path("arbejdsaftale/<int:pk>/pdf/", agreements.agreement_pdf, name="agreement_pdf"),
    path("henvisning/borger/<int:citizen_pk>/", referrals.refer, name="refer"),
    path("henvisninger/", referrals.referral_inbox, name="referrals"),
    path("henvisning/<int:pk>/", referrals.referral_detail, name="referral"),
    path("henvisning/<int:pk>/modtag/", referrals.referral_accept_view, name="accept"),
    path("henvisning/<int:pk>/retur/", referrals.referral_return_view, name="return"),
]
