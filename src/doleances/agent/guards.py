"""Who may open the staff UI at all, and its supervision pages (sent mail, outbox).

Which complaints a person sees is decided in `complaints.access` only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from doleances.agent.signin import security_log
from doleances.complaints import access

View = Callable[..., HttpResponse]
may_supervise_mail = access.may_supervise_mail


def forbidden(request: HttpRequest) -> HttpResponse:
    security_log.record("permission.refused", request, username=security_log.username_of(request))
    return render(request, "agent/forbidden.html", status=403)


def _guard(check: Callable[[object], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _guard(access.is_staff_member)
supervision_required = _guard(may_supervise_mail)
# Mail intake's quarantine (messages that could not be read): administrators and superusers.
administration_required = _guard(access.is_administrator)
