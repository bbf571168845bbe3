"""The one error users see: input that cannot be read. The CLI turns it into exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """A file that is unreadable, empty, encrypted, too large, of the wrong type or not a plan.

    The message is one line, meant for the person who gave the file.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = " ".join(reason.split())
        super().__init__(f"{path}: {self.reason}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        """Pickle by its two fields, so batch workers can hand the error back."""
        return (InputError, (self.path, self.reason))


def unexpected(path: str, error: Exception) -> InputError:
    """A failure that is a bug, not the file's fault, reported like an unreadable file so a
    batch goes on with the other files and names this one."""
    detail = " ".join(str(error).split())[:200]
    return InputError(
        path, f"could not be processed ({type(error).__name__}: {detail}); please report it"
    )
