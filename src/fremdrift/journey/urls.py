from django.urls import path

from fremdrift.journey import views

app_name = "journey"
urlpatterns = [
    path("arbejdsliste/", views.worklist, name="worklist"),
    path("tavle/", views.caseload_board, name="board"),
    path("tavle/flyt/<int:citizen_pk>/", views.board_move, name="board_move"),
    path("regler/", views.rules, name="rules"),
    path("borger/<int:citizen_pk>/ny/<str:kind>/", views.period_new, name="period_new"),
    path("borger/<int:citizen_pk>/kontrakt/", views.contract_new, name="contract_new"),
    path("periode/<int:pk>/afslut/", views.period_end, name="period_end"),
    path("periode/<int:pk>/forlaeng/", views.programme_extend, name="programme_extend"),
]
