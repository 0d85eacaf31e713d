"""A customer's page (issue 17): every complaint, message and outcome of that customer that the
person may see, and, for supervisors and administrators, merging two records of one person."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from doleances.agent.guards import forbidden, staff_required
from doleances.agent.intake_forms import CustomerMergeForm
from doleances.complaints import access, customer_selectors
from doleances.complaints.customer_services import merge_customers
from doleances.complaints.models import Customer
from doleances.core.errors import DoleancesError, all_errors


def _page(request: HttpRequest, customer: Customer, *, form: CustomerMergeForm | None = None, status: int = 200):
    user = request.user
    may_merge = access.may_merge_customers(user)
    query = request.GET.get("merge_q", "")[:200] if may_merge else ""
    context = {
        "page": customer_selectors.customer_page(user, customer),
        "may_merge": may_merge,
        "merge_query": query,
        "merge_candidates": customer_selectors.merge_candidates(user, customer, query) if query else [],
        "merge_form": form or CustomerMergeForm(),
    }
    return render(request, "agent/customers/customer_detail.html", context, status=status)


@staff_required
@require_GET
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = access.get_customer_for(request.user, pk)
    if customer.merged_into_id is not None:
        messages.info(request, _("The record you opened was merged into this one."))
        return redirect("agent:customer_detail", pk=customer.merged_into_id)
    return _page(request, customer)


@staff_required
@require_POST
def customer_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this record into the one chosen (`into`), which stays."""
    user = request.user
    customer = access.get_customer_for(user, pk)
    if not access.may_merge_customers(user):
        return forbidden(request)
    form = CustomerMergeForm(request.POST)
    if form.is_valid():
        target = Customer.objects.filter(pk=form.cleaned_data["into"]).first()
        try:
            if target is None or not access.visible_customers(user).filter(pk=target.pk).exists():
                raise DoleancesError("customer_not_found", _("Choose the record to keep from the search."), field="into")
            merge_customers(customer, into=target, actor=user)
        except DoleancesError as error:
            for each in all_errors(error):
                form.add_service_error(each)
        else:
            messages.success(request, _("%(merged)s was merged into this record.") % {"merged": customer.name})
            return redirect("agent:customer_detail", pk=target.pk)
    return _page(request, customer, form=form, status=400)
