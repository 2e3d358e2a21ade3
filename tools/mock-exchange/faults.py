"""Faults on demand, scripted by tests through POST /_mock/fault.

A fault is a small record: its kind, how many more times it fires
(`count`), and an optional `path` prefix that limits it to some requests or
sockets. Counted faults fire on the next matching events in order, so a
test can say "the next order request loses its response" and know which
one it will be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WS_KINDS = {"ws_drop", "ws_stall", "ws_malformed", "ws_duplicate"}
HTTP_KINDS = {"http_status", "delay", "lose_response"}
KINDS = WS_KINDS | HTTP_KINDS | {"clock_skew", "rate_limit"}


class FaultError(ValueError):
    """A fault request the mock does not understand (answered with 400)."""


@dataclass
class Fault:
    kind: str
    count: int = 1
    path: str = ""
    status: int = 500
    ms: int = 0
    extra: dict = field(default_factory=dict)

    def matches(self, path: str) -> bool:
        return self.count > 0 and path.startswith(self.path)


class Faults:
    """The faults still armed, plus the clock skew."""

    def __init__(self) -> None:
        self.armed: list[Fault] = []
        self.skew_ms = 0

    def reset(self) -> None:
        self.armed.clear()
        self.skew_ms = 0

    def arm(self, spec: dict) -> Fault:
        kind = spec.get("kind")
        if kind not in KINDS:
            raise FaultError(f"unknown fault kind {kind!r}; known: {sorted(KINDS)}")
        try:
            fault = Fault(kind=kind, count=int(spec.get("count", 1)),
                          path=str(spec.get("path") or ""),
                          status=int(spec.get("status", 500)),
                          ms=int(spec.get("ms", 0)), extra=dict(spec))
        except (TypeError, ValueError) as e:
            raise FaultError(f"bad fault parameters: {e}") from e
        if kind == "clock_skew":
            self.skew_ms = fault.ms
        elif kind in ("http_status", "delay", "lose_response",
                      "ws_malformed", "ws_duplicate"):
            self.armed.append(fault)
        return fault

    def take(self, kind: str, path: str) -> Fault | None:
        """The first armed fault of `kind` for `path`, using one of its shots."""
        for fault in self.armed:
            if fault.kind == kind and fault.matches(path):
                fault.count -= 1
                if fault.count <= 0:
                    self.armed.remove(fault)
                return fault
        return None

    def take_ws(self, kind: str, path: str) -> bool:
        return self.take(kind, path) is not None
