"""Errors and import warnings, each with a stable code and parameters for translation."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    """One finding about a file or a model: stable code, parameters, English message."""

    code: str
    message: str
    params: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class ModelsError(Exception):
    """Base of the model package's exceptions; carries a code and parameters."""

    code = "models_error"

    def __init__(self, message: str, code: str | None = None, **params: str) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params = params


class NotSeresXsd(ModelsError):
    """The input is not a SERES message specification."""

    code = "not_seres_xsd"


class InvalidModel(ModelsError):
    """The model breaks a rule that a message specification needs; see ``issues``."""

    code = "invalid_model"

    def __init__(self, issues: list[Issue]) -> None:
        listed = "; ".join(issue.message for issue in issues)
        super().__init__(f"The model cannot be written as XSD: {listed}", count=str(len(issues)))
        self.issues = issues


class SampleUnavailable(ModelsError):
    """No sample value could be made for a type (for example an unsupported pattern)."""

    code = "sample_unavailable"


class BadModelData(ModelsError):
    """Stored model data (from ``serialize.to_dict``) cannot be read back."""

    code = "bad_model_data"
