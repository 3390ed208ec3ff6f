"""The base of value errors that know what the user should write instead."""

from __future__ import annotations


class FixableError(ValueError):
    """``message`` says what is wrong in the user's terms; ``fix`` what to write."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(f"{message}; {fix}" if fix else message)
        self.message = message
        self.fix = fix
