"""What a render returns, from the render process to its caller."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RenderResult:
    pdf: bytes | None
    pages: int
    # How much of the first page's height the measured element uses (0..1+), or None.
    fill: float | None = None
    requested: list[tuple[str, bool]] = field(default_factory=list)
