from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgentConfig(AppConfig):
    name = "doleances.agent"
    label = "agent"
    verbose_name = _("Staff screens")

    def ready(self) -> None:
        # Lazy, as AppConfig.ready() allows: axes.signals and the sign-in middleware import models.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from doleances.agent.signin import security_log
        from doleances.agent.signin.middleware import start_session_clock

        user_login_failed.connect(security_log.on_login_failed, dispatch_uid="doleances-security-login-failed")
        user_logged_in.connect(start_session_clock, dispatch_uid="doleances-session-clock")
        user_logged_in.connect(security_log.on_logged_in, dispatch_uid="doleances-security-logged-in")
        user_locked_out.connect(security_log.on_locked_out, dispatch_uid="doleances-security-locked-out")
