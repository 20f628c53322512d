from django.urls import path

from fremdrift.journey import offer_type_views, type_views, views

app_name = "journey"
urlpatterns = [
    path("arbejdsliste/", views.worklist, name="worklist"),
    path("tavle/", views.caseload_board, name="board"),
    path("tavle/flyt/<int:citizen_pk>/", views.board_move, name="board_move"),
    path("regler/", views.rules, name="rules"),
    path("tilbudstyper/", offer_type_views.offer_types, name="offer_types"),
    path("tilbudstyper/ny/", offer_type_views.offer_type_form, name="offer_type_new"),
    path(
        "tilbudstyper/<int:pk>/rediger/", offer_type_views.offer_type_form, name="offer_type_edit"
    ),
    path(
        "typer/<str:kind>/<int:pk>/udgaaet/",
        type_views.type_retirement,
        name="type_retirement",
    ),
    path("ydelsestyper/ny/", type_views.benefit_type_form, name="benefit_type_new"),
    path("ydelsestyper/<int:pk>/rediger/", type_views.benefit_type_form, name="benefit_type_edit"),
    path("borger/<int:citizen_pk>/ny/<str:kind>/", views.period_new, name="period_new"),
    path("borger/<int:citizen_pk>/kontrakt/", views.contract_new, name="contract_new"),
    path("periode/<int:pk>/afslut/", views.period_end, name="period_end"),
    path("periode/<int:pk>/forlaeng/", views.programme_extend, name="programme_extend"),
]
