"""Domain errors. Each carries the HTTP status it maps to and a message a user can act on."""

from __future__ import annotations


class PolicyRewriterError(Exception):
    """Base class: the web layer maps it to `status_code`; the CLI prints it and exits 1."""

    status_code = 400
    kind = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, object]:
        return {"error": self.kind, "message": self.message}


class BadInput(PolicyRewriterError):
    """The input cannot be used as given (empty, wrong columns, broken encoding...)."""

    status_code = 422
    kind = "bad_input"


class UnsupportedFormat(BadInput):
    status_code = 415
    kind = "unsupported_format"


class TooLarge(BadInput):
    status_code = 413
    kind = "too_large"


class Unauthorized(PolicyRewriterError):
    """No valid token or session."""

    status_code = 401
    kind = "unauthorized"


class Forbidden(PolicyRewriterError):
    """Signed in, but the user's roles do not allow this."""

    status_code = 403
    kind = "forbidden"


class NotFound(PolicyRewriterError):
    status_code = 404
    kind = "not_found"


class Conflict(PolicyRewriterError):
    """The request clashes with the stored state (e.g. someone else decided first)."""

    status_code = 409
    kind = "conflict"


class ConfigurationError(PolicyRewriterError):
    status_code = 500
    kind = "configuration_error"


class BackendUnavailable(PolicyRewriterError):
    """A backing service (vector store, database, model server) cannot be reached."""

    status_code = 503
    kind = "backend_unavailable"
