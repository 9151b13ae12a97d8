"""Resource limits for rendering user-supplied templates and Markdown bodies.

The sandbox stops attribute escapes; these limits stop resource abuse, in-process and in
any thread (a web server renders in workers, where signals cannot be used):

- **time**: every render gets a budget (:data:`LIMITS.seconds`); a watchdog thread raises
  :class:`RenderTimeout` inside the rendering thread when it runs out, between two Python
  steps, so a loop that never ends is stopped;
- **size**: the output, every string joined with ``~`` or ``+``, every filter's and method's
  result, and what ``indent``, ``center``, ``wordwrap``, ``replace``, ``format``, ``join``,
  ``ljust``/``rjust``/``zfill`` and ``'…' * n`` *would* build are checked against
  :data:`LIMITS.max_string` / :data:`LIMITS.max_output` before they are built;
- **integers**: ``*`` and ``**`` refuse results above :data:`LIMITS.max_int_bits` bits.

Every refusal is a :class:`RenderLimitError` (a jinja2 ``SecurityError``), whose ``tag``
attribute holds the template text of the tag that was running, for the error message.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import itertools
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2.sandbox import SecurityError

from ..cores import mark_fork_safe


@dataclass
class Limits:
    """The limits every render runs with; a program embedding dvk-docs may change them."""

    seconds: float = 20.0  # per template render (one document part, or one Markdown body)
    max_output: int = 64_000_000  # characters one render may produce (a 5 000-row table fits)
    max_string: int = 2_000_000  # characters of one string built inside a template
    max_items: int = 200_000  # items of one list/dict built inside a template
    max_repeat: int = 100_000  # the longest string or list one '*' may build
    max_int_bits: int = 4096  # the largest integer '*' or '**' may build


LIMITS = Limits()


class RenderLimitError(SecurityError):
    """A template or Markdown body asked for more time, memory or digits than allowed."""

    tag: str = ""


class RenderTimeout(RenderLimitError):
    """Raised inside the rendering thread when its time budget runs out."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args or (f"chạy quá {LIMITS.seconds:g} giây; có vòng lặp quá lớn "
                                   "hoặc không dừng?",))


# ------------------------------------------------------------------ where in the template

def running_tag() -> str:
    """The template text of the tag being rendered now (found on the call stack)."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        source = getattr(template, "dvk_source", None)
        if source is not None:
            try:
                line = template.get_corresponding_lineno(frame.f_lineno)
                return tag_on_line(source, line)
            except Exception:  # best effort: the message is what matters
                return ""
        frame = frame.f_back  # type: ignore[assignment]
    return ""


def traceback_line(err: BaseException) -> int:
    """The template line Jinja's rewritten traceback points at last (0 when none)."""
    line = 0
    tb = err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def tag_on_line(source: str, line: int) -> str:
    """The ``{{ … }}`` / ``{% … %}`` tags on ``line`` of a template, without XML."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[line - 1])
    tags = re.findall(r"\{[{%].*?[%}]\}", text)
    shown = " … ".join(tags) if tags else text.strip()
    return shown[:160]


def refuse(message: str) -> RenderLimitError:
    err = RenderLimitError(message)
    err.tag = running_tag()
    return err


# ------------------------------------------------------------------ time

_cond = threading.Condition()
_pending: dict[int, tuple[float, int]] = {}  # token -> (deadline, thread id)
_fired: set[int] = set()
_tokens = itertools.count()
_watchdog: threading.Thread | None = None
_SET_ASYNC_EXC = ctypes.cast(ctypes.pythonapi.PyThreadState_SetAsyncExc, ctypes.c_void_p).value
# one prototype to raise an exception in a thread, one to clear it (NULL exception);
# PYFUNCTYPE: called with the GIL held, as the C API requires
_set_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(_SET_ASYNC_EXC)
_clear_async = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(_SET_ASYNC_EXC)


def _after_fork_in_child() -> None:
    """A forked worker (a process pool) starts with no watchdog and a fresh lock: the
    parent's thread does not exist there, and its lock may have been held at the fork."""
    global _cond, _watchdog
    _cond = threading.Condition()
    _pending.clear()
    _fired.clear()
    _watchdog = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _watch() -> None:
    with _cond:
        while True:
            if not _pending:
                _cond.wait()
                continue
            token, (deadline, thread_id) = min(_pending.items(), key=lambda kv: kv[1][0])
            now = time.monotonic()
            if now < deadline:
                _cond.wait(deadline - now)
                continue
            del _pending[token]
            _fired.add(token)
            _set_async_exc(thread_id, RenderTimeout)


@contextlib.contextmanager
def time_budget(seconds: float | None = None) -> Iterator[None]:
    """Raise :class:`RenderTimeout` in this thread if the block runs longer than
    ``seconds`` (default :data:`LIMITS.seconds`)."""
    global _watchdog
    token = next(_tokens)
    thread_id = threading.get_ident()
    with _cond:
        _pending[token] = (time.monotonic() + (seconds or LIMITS.seconds), thread_id)
        if _watchdog is None or not _watchdog.is_alive():
            # fork-safe: _after_fork_in_child gives a child its own lock and no watchdog
            _watchdog = mark_fork_safe(threading.Thread(target=_watch,
                                                        name="dvk-render-watchdog",
                                                        daemon=True))
            _watchdog.start()
        _cond.notify()
    try:
        yield
    finally:
        with _cond:
            _pending.pop(token, None)
            if token in _fired:  # fired just as the block ended: drop what is pending
                _fired.discard(token)
                _clear_async_exc(thread_id)


def _clear_async_exc(thread_id: int) -> None:
    _clear_async(thread_id, None)


# ------------------------------------------------------------------ sizes

def _len(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def check_size(value: Any, what: str = "chuỗi") -> Any:
    """``value`` itself, refused when it is a string or collection over the limits."""
    if isinstance(value, str | bytes):
        if len(value) > LIMITS.max_string:
            raise refuse(f"{what} quá dài (hơn {LIMITS.max_string:,} ký tự)".replace(",", "."))
    elif isinstance(value, list | tuple | dict | set) and len(value) > LIMITS.max_items:
        raise refuse(f"danh sách quá lớn (hơn {LIMITS.max_items:,} phần tử)".replace(",", "."))
    return value


def _want(size: int, what: str) -> None:
    if size > LIMITS.max_string:
        raise refuse(f"{what} sẽ tạo chuỗi quá dài (hơn {LIMITS.max_string:,} ký tự)"
                     .replace(",", "."))


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


_WIDTH = re.compile(r"(?:%[-+ #0]*|\{[^{}]*?:[^{}]*?[<>=^]?[-+ ]?#?0?)(\d+)")


def _big_ints(values: Iterable[Any]) -> int:
    """The largest int among ``values`` (a width passed as an argument), 0 when none."""
    return max((abs(v) for v in values if isinstance(v, int) and not isinstance(v, bool)),
               default=0)


def _format_width(fmt: Any) -> int:
    """The largest field width a % or {} format string asks for."""
    if not isinstance(fmt, str):
        return 0
    return max((_int(m) for m in _WIDTH.findall(fmt) if len(m) < 12), default=0) + (
        10**12 if any(len(m) >= 12 for m in _WIDTH.findall(fmt)) else 0)


def precheck_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a str/list method call that would build something too large."""
    obj = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in {"center", "ljust", "rjust", "zfill"} and args:
            _want(_int(args[0]), f"'{name}'")
        elif name == "expandtabs":
            width = _int(args[0] if args else kwargs.get("tabsize", 8), 8)
            _want(len(owner) * max(width, 1), "'expandtabs'")
        elif name == "replace" and len(args) >= 2:
            hits = len(owner) + 1 if args[0] == "" else owner.count(str(args[0]))
            _want(len(owner) + hits * _len(args[1]), "'replace'")
        elif name == "join" and args:
            items = args[0]
            _want(len(owner) * max(_len(items) - 1, 0)
                  + sum(_len(i) for i in items if isinstance(i, str))
                  if isinstance(items, list | tuple) else 0, "'join'")
        elif name in {"format", "format_map"}:
            _want(_format_width(owner), "'format'")
            if "{" in owner.replace("{{", "").split(":", 1)[-1]:  # '{:>{}}': a width argument
                _want(max(_big_ints(args), _big_ints(kwargs.values())), "'format'")
    elif (isinstance(owner, list | dict | set) and name in {"extend", "update", "__iadd__"}
          and len(owner) + sum(_len(a) for a in args) > LIMITS.max_items):
            raise refuse(f"danh sách quá lớn (hơn {LIMITS.max_items:,} phần tử)"
                         .replace(",", "."))


def check_binop(operator_name: str, left: Any, right: Any) -> None:
    """Refuse ``*``/``**``/``+``/``%`` that would build a huge string, list or integer."""
    if operator_name == "*":
        for seq, times in ((left, right), (right, left)):
            if (isinstance(seq, str | list | tuple) and isinstance(times, int)
                    and len(seq) * times > LIMITS.max_repeat):
                raise refuse(f"phép nhân tạo chuỗi quá dài (hơn {LIMITS.max_repeat} ký tự)")
        if (isinstance(left, int) and isinstance(right, int)
                and left.bit_length() + right.bit_length() > LIMITS.max_int_bits):
            raise refuse("phép nhân cho số quá lớn")
    elif operator_name == "**":
        if (isinstance(left, int) and isinstance(right, int) and right > 0
                and abs(left).bit_length() * right > LIMITS.max_int_bits):
            raise refuse("phép lũy thừa cho số quá lớn")
    elif operator_name == "+":
        if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            _want(len(left) + len(right), "phép cộng chuỗi")
    elif operator_name == "%" and isinstance(left, str):
        _want(len(left) + _format_width(left), "phép định dạng '%'")
        if "*" in left:  # '%*d' % (width, value)
            values = right if isinstance(right, tuple) else (right,)
            _want(_big_ints(values), "phép định dạng '%'")


# ------------------------------------------------------------------ filters

def _indent_size(args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    text = str(args[0]) if args else ""
    width = args[1] if len(args) > 1 else kwargs.get("width", 4)
    width_len = len(width) if isinstance(width, str) else _int(width)
    return len(text) + (text.count("\n") + 1) * max(width_len, 0)


_PRECHECK: dict[str, Callable[[tuple[Any, ...], dict[str, Any]], int]] = {
    "indent": _indent_size,
    "center": lambda a, k: _int(a[1] if len(a) > 1 else k.get("width", 80)),
    "wordwrap": lambda a, k: (_len(a[0]) if a else 0) * (
        1 + _len(a[3] if len(a) > 3 else k.get("wrapstring") or "\n")),
    "replace": lambda a, k: (_len(a[0]) + ((_len(a[0]) + 1 if a[1] == "" else str(a[0]).count(
        str(a[1]))) * _len(a[2])) if len(a) >= 3 else 0),
    "format": lambda a, k: (_len(a[0]) + _format_width(a[0])) if a else 0,
    "join": lambda a, k: (_len(a[1] if len(a) > 1 else k.get("d", "")) * (
        _len(a[0]) if isinstance(a[0], list | tuple | str) else 0)) if a else 0,
}


# filters whose count argument builds that many items
_COUNT_ARG = {"batch": 1, "slice": 1}


def limited_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with a size check of what it would build (for the filters above) and of
    what it built (for all)."""
    precheck = _PRECHECK.get(name)
    pass_arg = getattr(func, "jinja_pass_arg", None)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        data = args[1:] if pass_arg is not None else args
        if precheck is not None:
            _want(precheck(tuple(data), kwargs), f"bộ lọc '{name}'")
        position = _COUNT_ARG.get(name)
        count = _int(data[position]) if position is not None and len(data) > position else 0
        if count > LIMITS.max_items:
            raise refuse(f"bộ lọc '{name}' sẽ tạo danh sách quá lớn (hơn {LIMITS.max_items:,} "
                         "phần tử)".replace(",", "."))
        return check_size(func(*args, **kwargs))

    return wrapper


def checked_concat(parts: Iterable[str]) -> str:
    """``"".join`` for a render's output, refusing more than :data:`LIMITS.max_output`."""
    total = 0
    out = []
    for part in parts:
        total += len(part)
        if total > LIMITS.max_output:
            raise refuse(f"văn bản tạo ra quá lớn (hơn {LIMITS.max_output:,} ký tự)"
                         .replace(",", "."))
        out.append(part)
    return "".join(out)
