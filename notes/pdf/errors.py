"""The errors a PDF render can raise; each message is fit to show the person."""


class PdfError(Exception):
    """A PDF could not be made; the message is fit to show the person."""


class PdfInputTooLarge(PdfError):
    pass


class PdfTimeout(PdfError):
    pass


class PdfRenderFailed(PdfError):
    pass


class PdfUnprintable(PdfError):
    pass
