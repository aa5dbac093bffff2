"""The errors a PDF render can raise; each message is fit to show the person."""


class PdfError(Exception):
    """A PDF could not be made; the message is fit to show the person."""


class PdfInputTooLarge(PdfError):
    pass


class PdfTimeout(PdfError):
    pass


class PdfBusy(PdfTimeout):
    """The renderer is busy or still starting: nothing is known about the content, so this
    is never remembered as the content's result; trying again in a moment works."""


class PdfRenderFailed(PdfError):
    pass


class PdfRendererStopped(PdfBusy):
    """The render process died under the request (stopped with its web server, killed for
    memory): nothing is known about the content, so this is never remembered either, and
    the person is told to try again in a moment (a 503 with Retry-After)."""


class PdfUnprintable(PdfError):
    pass
