from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreForAuthenticatedMiddleware:
    """Authenticated pages are private: no shared or browser cache keeps them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class FrenchFirstLocaleMiddleware:
    """The page language: the one chosen with the language switch (its cookie), else the
    account's language, else French. The browser's Accept-Language is not consulted: Maillage
    is French first, and English is a choice."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        supported = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in supported:
            user = getattr(request, "user", None)
            chosen = getattr(user, "language", None) if user is not None else None
        if chosen not in supported:
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        # The language of the answer: an API token's account may have changed it (accounts.api).
        response.headers.setdefault("Content-Language", translation.get_language() or chosen)
        patch_vary = response.get("Vary", "")
        if "Cookie" not in patch_vary:
            response["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response
