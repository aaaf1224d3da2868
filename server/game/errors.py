"""The error a rule raises when a move is not allowed; carries a protocol code."""


class GameError(Exception):
    """A refused move. ``code`` is the machine-readable protocol error code."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def to_dict(self) -> dict:
        err = {"code": self.code, "message": self.message}
        err.update(self.details)
        return err
