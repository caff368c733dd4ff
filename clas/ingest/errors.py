"""The one exception that ends an import of a file: its message is French and shown as is."""


class FileRejected(Exception):
    """The file as a whole cannot be imported; the database is left exactly as it was."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
