from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """A liveness probe that touches nothing: also the baseline of the load benchmark."""
    return HttpResponse("ok", content_type="text/plain")
