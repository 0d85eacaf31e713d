from django.http import HttpResponse


def track(request, token):
    return HttpResponse("todo")
