"""The README's shared-server section as tools/check_shared_server.py reads it (the script
itself, which starts PostgreSQL, gunicorn and the job worker, runs in ./dev.sh test)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("check_shared_server",
                                                  ROOT / "tools" / "check_shared_server.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_shared_server"] = module
    spec.loader.exec_module(module)
    return module


def test_section_names_every_process_the_script_starts() -> None:
    tool = _tool()
    blocks = tool.section_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    cmds = [c for b in blocks for c in tool.commands(b)]
    text = "".join(cmds)
    assert "ExecStart=/opt/dvk/bin/gunicorn dvk_docs.web.wsgi" in text and "--workers 3" in text
    assert "dvk_docs.web db_worker" in text
    assert "systemctl enable --now dvk-web dvk-worker" in text
    assert "DATABASE_URL=postgresql://" in text
    assert any(c.startswith("sudo -E -u dvk /opt/dvk/bin/dvk-docs backup -o") for c in cmds)
    # a heredoc stays one command, whatever its lines look like
    unit = next(c for c in cmds if "dvk-web.service" in c)
    assert unit.rstrip().endswith("EOF") and "[Install]" in unit


def test_commands_keep_continued_lines_and_heredocs_together() -> None:
    tool = _tool()
    block = "echo a \\\n  b\ncat > /etc/x <<'EOF'\nsystemctl start y\nEOF\nls\n"
    assert tool.commands(block) == ["echo a \\\n  b\n",
                                    "cat > /etc/x <<'EOF'\nsystemctl start y\nEOF\n", "ls\n"]
