"""The SAML endpoints: djangosaml2's views, told which identity provider a request is for
(saml_config.sp_config_loader), with our own user provisioning, refusal page and audit."""

from __future__ import annotations

from typing import Any

from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from djangosaml2 import views as saml_views
from saml2.metadata import entity_descriptor
from saml2.response import AuthnResponse

from fremdrift.accounts.models import User
from fremdrift.sso.backends import SAML_BACKEND
from fremdrift.sso.saml_config import sp_config_for
from fremdrift.sso.selectors import (
    CHOSEN_KEY,
    identity_provider_by_code,
    identity_provider_for_host,
    identity_provider_for_request,
)
from fremdrift.sso.services import (
    Assertion,
    SignInRefused,
    sign_in_refused,
    sso_sign_in,
    sso_signed_out,
)

CONFIG_LOADER = "fremdrift.sso.saml_config.sp_config_loader"


def is_sso_session(request: HttpRequest) -> bool:
    return bool(request.session.get(auth.BACKEND_SESSION_KEY) == SAML_BACKEND)


def leaving_for(request: HttpRequest, location: str) -> HttpResponse:
    """A page that sends the browser on to the identity provider. Not a redirect: our
    pages allow forms to post only to ourselves (form-action 'self'), and browsers apply
    that to the redirect that answers the logout form too."""
    response = render(request, "sso/leaving.html", {"location": location})
    response["Refresh"] = f"0;url={location}"
    return response


def refused(request: HttpRequest, message: str, *, status: int = 403) -> HttpResponse:
    return render(request, "sso/refused.html", {"message": message}, status=status)


@method_decorator(login_not_required, name="dispatch")
class SignInStartView(saml_views.LoginView):
    """/sso/login/: sends the browser to the identity provider of the municipality chosen on
    the login page (?kommune=461), or else of the host the page is served on."""

    config_loader_path = CONFIG_LOADER
    post_binding_form_template = "sso/post_binding_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        code = request.GET.get("kommune", "")
        provider = (
            identity_provider_by_code(code)
            if code
            else identity_provider_for_host(request.get_host())
        )
        if provider is None:
            return refused(
                request, _("Der er ikke sat kommunalt login op for denne adresse."), status=404
            )
        request.saml_session[CHOSEN_KEY] = provider.pk  # type: ignore[attr-defined]
        return super().get(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class AssertionConsumerView(saml_views.AssertionConsumerServiceView):
    """/sso/acs/: the identity provider's signed answer. pysaml2 verifies the signature,
    the audience, our outstanding request and the validity period; then the user is
    created or updated from the attributes (services.sso_sign_in) and logged in with the
    SSO backend."""

    config_loader_path = CONFIG_LOADER

    def custom_validation(self, response: AuthnResponse) -> None:
        self.assertion = Assertion(
            name_id=str(response.assertion.subject.name_id.text or "").strip(),
            attributes=_attributes(response),
        )

    def authenticate_user(
        self,
        request: HttpRequest,
        session_info: dict[str, Any],
        attribute_mapping: Any,
        create_unknown_user: Any,
        assertion_info: Any,
    ) -> User:
        provider = identity_provider_for_request(request)
        if provider is None or provider.entity_id != session_info.get("issuer"):
            raise PermissionDenied("issuer is not this request's identity provider")
        if not self.assertion.name_id:
            raise PermissionDenied("assertion without a subject")
        try:
            user = sso_sign_in(provider=provider, assertion=self.assertion)
        except SignInRefused as refusal:
            self.refusal = refusal
            raise PermissionDenied(refusal.message) from refusal
        auth.login(request, user, backend=SAML_BACKEND)
        saml_views._set_subject_id(request.saml_session, session_info["name_id"])  # type: ignore[attr-defined]
        return user

    def handle_acs_failure(
        self,
        request: HttpRequest,
        exception: Exception | None = None,
        status: int = 403,
        **kwargs: Any,
    ) -> HttpResponse:
        refusal: SignInRefused | None = getattr(self, "refusal", None)
        if refusal is not None:
            return refused(request, refusal.message)
        provider = identity_provider_for_request(request)
        sign_in_refused(
            municipality=provider.municipality if provider else None,
            reason=f"svaret kunne ikke godkendes ({type(exception).__name__})",
            details={
                "identity_provider": provider.entity_id if provider else "",
                "error": str(exception)[:300],
            },
        )
        return refused(
            request,
            _(
                "Svaret fra kommunens login kunne ikke godkendes (signaturen holdt ikke, "
                "eller svaret var udløbet). Prøv at logge ind igen."
            ),
        )


def _attributes(response: AuthnResponse) -> dict[str, list[str]]:
    """The attributes by the names the identity provider sent, as the operator writes them
    (pysaml2's `ava` renames the names it knows)."""
    found: dict[str, list[str]] = {}
    for statement in response.assertion.attribute_statement:
        for attribute in statement.attribute:
            values = [str(value.text).strip() for value in attribute.attribute_value if value.text]
            found.setdefault(attribute.name, []).extend(values)
    return found


class SingleLogoutStartView(saml_views.LogoutInitView):
    """Our logout of an SSO session: a LogoutRequest to the identity provider, whose
    LogoutResponse comes back to /sso/sls/."""

    config_loader_path = CONFIG_LOADER

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A logout only by the page's form (POST, with its CSRF token), never by a link.
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if isinstance(request.user, User):
            sso_signed_out(user=request.user, initiated_by="fremdrift")
        if identity_provider_for_request(request) is None:
            # The identity provider was switched off meanwhile: the session here still ends.
            auth.logout(request)
            return render(request, "accounts/logged_out.html")
        response = saml_views.LogoutInitView.get(self, request, *args, **kwargs)
        if isinstance(response, HttpResponseRedirect):
            return leaving_for(request, response["Location"])
        return response

    def handle_unsupported_slo_exception(
        self, request: HttpRequest, exception: Exception, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        return render(request, "accounts/logged_out.html")


@method_decorator(login_not_required, name="dispatch")
class SingleLogoutServiceView(saml_views.LogoutView):
    """/sso/sls/: the identity provider's LogoutResponse to our request, or its own
    LogoutRequest (the user logged out elsewhere): either way the session here ends."""

    config_loader_path = CONFIG_LOADER
    logout_error_template = "sso/logout_error.html"

    def do_logout_service(
        self, request: HttpRequest, data: Any, binding: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        if identity_provider_for_request(request) is None:
            return refused(
                request, _("Der er ikke sat kommunalt login op for denne adresse."), status=400
            )
        if "SAMLRequest" in data and isinstance(request.user, User):
            sso_signed_out(user=request.user, initiated_by="identitetsudbyder")
        return super().do_logout_service(request, data, binding, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class MetadataView(saml_views.MetadataView):
    """/sso/metadata/: our metadata (entity ID, endpoints, certificate) on this host, for
    the municipality's identity provider."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        config = sp_config_for(f"{request.scheme}://{request.get_host()}", None)
        return HttpResponse(
            str(entity_descriptor(config)).encode("utf-8"),
            content_type="text/xml; charset=utf-8",
        )
