"""Render limits (issue 10, point 9): in-process, in any thread, each refusal named."""

from __future__ import annotations

import threading
import time

import pytest

from dvk_docs.render import limits
from dvk_docs.render.engine_env import RenderLimitError, make_env


@pytest.fixture
def short_budget() -> object:
    saved = limits.LIMITS.seconds
    limits.LIMITS.seconds = 1.0
    yield
    limits.LIMITS.seconds = saved


ABUSE = {
    "indent on a long text": ("{{ t|indent(10000) }}", "bộ lọc 'indent'"),
    "center filter": ("{{ 'x'|center(10**8) }}", "bộ lọc 'center'"),
    "str.center": ("{{ 'x'.center(10**8) }}", "'center'"),
    "str.format width": ("{{ '{:>999999999}'.format(1) }}", "'format'"),
    "% width": ("{{ '%999999999d' % 1 }}", "phép định dạng '%'"),
    "% star width": ("{{ '%*d' % (10**9, 1) }}", "phép định dạng '%'"),
    "format width argument": ("{{ '{:>{}}'.format('x', 10**9) }}", "'format'"),
    "replace with empty": ("{{ t|replace('', 'yyyyyyyyyy') }}", "bộ lọc 'replace'"),
    "wordwrap string": ("{{ t|wordwrap(1, wrapstring='y'*1000) }}", "bộ lọc 'wordwrap'"),
    "~ doubling": ("{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                   "{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "chuỗi quá dài"),
    "+ doubling": ("{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                   "{% set ns.s = ns.s + ns.s %}{% endfor %}", "phép cộng chuỗi"),
    "integer squaring": ("{% set ns = namespace(x=10**300) %}{% for i in range(30) %}"
                         "{% set ns.x = ns.x * ns.x %}{% endfor %}", "phép nhân cho số quá lớn"),
    "power": ("{{ 7 ** 10000000 }}", "phép lũy thừa"),
    "list doubling": ("{% set l = [1] %}{% for i in range(60) %}{{ l.extend(l) }}{% endfor %}",
                      "danh sách quá lớn"),
    "batch fill": ("{{ [1]|batch(10**9, 'x')|list|length }}", "bộ lọc 'batch'"),
    "slice count": ("{{ [1]|slice(10**9)|list|length }}", "bộ lọc 'slice'"),
    "output size": ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
                    "văn bản tạo ra quá lớn"),
}


@pytest.mark.parametrize("name", list(ABUSE))
def test_each_abuse_is_refused_quickly_with_its_reason(name: str) -> None:
    """This test ensures each resource abuse ends within a second in a RenderLimitError that
    says what was too large (before: hangs, gigabytes, or minutes)."""
    source, reason = ABUSE[name]
    start = time.monotonic()
    with pytest.raises(RenderLimitError, match=reason) as info:
        make_env(autoescape=False).from_string(source).render(t="dòng một\n" * 200_000)
    assert time.monotonic() - start < 5
    if name != "output size":  # the whole output has no one tag
        assert info.value.tag  # the tag that ran, for the message


def test_normal_templates_are_untouched() -> None:
    """This test ensures ordinary filters, joins and arithmetic render as before."""
    out = make_env(autoescape=False).from_string(
        "{{ 'a' ~ 'b' }} {{ 2 * 3 }} {{ 'x'|indent(2) }} {{ [1, 2]|join(', ') }} "
        "{{ 'ab'|center(6) }}|{{ '%05d' % 42 }} {{ '{:>4}'.format(7) }} {{ 2 ** 10 }} "
        "{{ '{:>{}}'.format('x', 3) }}").render()
    assert out == "ab 6 x 1, 2   ab  |00042    7 1024   x"


def test_an_endless_loop_stops_in_a_worker_thread(short_budget: object) -> None:
    """This test ensures the time budget stops a loop that never ends inside a thread that is
    not the main one (a web worker), names the tag, and leaves the thread usable."""
    results: dict[str, object] = {}

    def worker() -> None:
        env = make_env(autoescape=False)
        try:
            env.from_string("{% for a in range(100000) %}{% for b in range(100000) %}"
                            "{% endfor %}{% endfor %}").render()
        except RenderLimitError as err:
            results["error"] = err
        time.sleep(1.5)  # nothing pending may fire after the render ended
        results["after"] = env.from_string("{{ 1 + 1 }}").render()

    start = time.monotonic()
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    err = results["error"]
    assert isinstance(err, limits.RenderTimeout)
    assert "chạy quá 1 giây" in str(err)
    assert err.tag.startswith("{% for a in range(100000) %}")
    assert results["after"] == "2"
    assert time.monotonic() - start < 10


def test_many_short_renders_never_get_a_stray_timeout(short_budget: object) -> None:
    """This test ensures renders that finish in time are never interrupted afterwards."""
    env = make_env(autoescape=False)
    template = env.from_string("{% for i in range(50) %}{{ i }}{% endfor %}")
    for _ in range(500):
        template.render()
    time.sleep(1.2)  # past every budget started above
    assert env.from_string("ok").render() == "ok"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_the_time_budget_works_in_a_forked_worker(short_budget: object) -> None:
    """This test ensures a worker forked after the watchdog started (a process pool) gets
    its own watchdog: its endless loop is stopped too."""
    import os

    make_env().from_string("{{ 1 }}").render()  # the parent's watchdog is running
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child reports through its exit code)
        code = 3
        try:
            make_env().from_string("{% for a in range(100000) %}{% for b in range(100000) %}"
                                   "{% endfor %}{% endfor %}").render()
        except limits.RenderTimeout:
            code = 0
        except BaseException:
            code = 4
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
