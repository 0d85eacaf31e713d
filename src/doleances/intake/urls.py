from django.urls import path

from doleances.intake.mail import webhooks

app_name = "intake"
urlpatterns = [
    path("email/<str:provider>/", webhooks.inbound_mail, name="mail_webhook"),
]
