from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from doleances.agent.signin import views as signin
from doleances.agent.views import analysis, case, complaints, deadlines, files, problems, quarantine, supervision, terms

app_name = "agent"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="agent:complaint_list"), name="home"),
    path("login/", signin.StaffLoginView.as_view(), name="login"),
    path("login/verify/", signin.verify, name="two_factor_verify"),
    path("account/two-step/", signin.enrol, name="two_factor_enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", signin.password_reset, name="password_reset"),
    path("password-reset/sent/", signin.password_reset_done, name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", signin.password_reset_confirm, name="password_reset_confirm"),
    path("password-reset/done/", signin.password_reset_complete, name="password_reset_complete"),
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/<str:reference>/", case.complaint_detail, name="complaint_detail"),
    path("complaints/<str:reference>/take/", case.take_complaint, name="complaint_take"),
    path("complaints/<str:reference>/assign/", case.assign, name="complaint_assign"),
    path("complaints/<str:reference>/note/", case.add_note, name="complaint_note"),
    path("complaints/<str:reference>/reply/", case.reply, name="complaint_reply"),
    path("complaints/<str:reference>/transition/", case.transition, name="complaint_transition"),
    path("complaints/<str:reference>/merge/", case.merge, name="complaint_merge"),
    path("complaints/<str:reference>/category/accept/", analysis.accept_category, name="complaint_category_accept"),
    path("complaints/<str:reference>/category/correct/", analysis.correct_category, name="complaint_category_correct"),
    path("complaints/<str:reference>/typology/", analysis.confirm_typology, name="complaint_typology"),
    path("complaints/<str:reference>/extend/", deadlines.extend, name="complaint_extend"),
    path("complaints/<str:reference>/attachments/<int:attachment_id>/", files.download_attachment, name="attachment_download"),
    path("mail/", supervision.sent_mail_list, name="sent_mail"),
    path("mail/<str:name>/", supervision.sent_mail_detail, name="sent_mail_detail"),
    path("outbox/", supervision.outbox_list, name="outbox"),
    path("outbox/<int:row_id>/retry/", supervision.outbox_retry, name="outbox_retry"),
    path("inbound/quarantine/", quarantine.quarantine_list, name="quarantine"),
    path("inbound/quarantine/<int:pk>/reprocess/", quarantine.quarantine_reprocess, name="quarantine_reprocess"),
    path("inbound/quarantine/<int:pk>/raw/", quarantine.quarantine_raw, name="quarantine_raw"),
    path("problems/", problems.problem_list, name="problem_list"),
    path("problems/<int:pk>/", problems.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/decide/", problems.problem_decide, name="problem_decide"),
    path("terms/", terms.terms_page, name="terms"),
]
