"""``dvk-docs serve``, ``dvk-docs users add`` and ``dvk-docs orgs import``.

Django is imported only when one of these runs, so the rest of the command line works
without the web extra installed.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from ..errors import DvkError

# the command line's own settings and error (dvk_docs.cli imports this module, so it cannot
# import from dvk_docs.cli)
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UserError(click.ClickException):
    """A DvkError shown as 'Lỗi: ...' with exit code 1, as every other command does."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True)

DATA_OPTION = click.option("--data", "data", type=click.Path(file_okay=False, path_type=Path),
                           default=Path("dvk-data"), show_default=True, envvar="DVK_DATA_DIR",
                           help="Thư mục dữ liệu của ứng dụng web (CSDL, khóa bí mật, file); "
                           "mặc định lấy từ biến DVK_DATA_DIR nếu có.")
DEMO_PASSWORD = "dvk-demo-2026"


def _setup(data: Path, dev: bool = False) -> Path:
    try:
        import django  # noqa: F401
    except ImportError:
        raise UserError("Chưa cài phần web: pip install 'dvk-docs[web]' (hoặc ./dev.sh setup)"
                        ) from None
    from . import conf

    directory = conf.setup(data, dev=dev)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return directory


def slugify(text: str) -> str:
    from ..documents.kind import slug

    return slug(text, 60)


def _import(folder: Path, slug: str | None) -> tuple[Any, Any]:
    from ..dataset import load_dataset
    from . import store
    from .models import Organisation

    loaded = load_dataset(folder)
    name = " ".join(loaded.data.unit.name.split())
    key = slug or slugify(folder.resolve().name if folder.is_dir() else folder.parent.name)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key):
        raise UserError(f"--slug '{key}': chỉ gồm chữ thường không dấu, số và '-'")
    org, _ = Organisation.objects.get_or_create(slug=key, defaults={"name": name})
    year = store.import_folder(org, folder)
    return org, year


def _run(fn: Any) -> Any:
    try:
        return fn()
    except DvkError as err:
        raise UserError(str(err)) from None


@click.command(context_settings=CONTEXT_SETTINGS)
@DATA_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ nghe (0.0.0.0 để máy khác trong mạng truy cập).")
@click.option("--port", default=8000, show_default=True, type=int, help="Cổng.")
@click.option("--demo", is_flag=True, help="Nạp hai bộ dữ liệu mẫu thành hai tổ chức và in "
              "các tài khoản dùng thử.")
@click.option("--dev", is_flag=True, help="Chế độ phát triển (DEBUG bật; không dùng thật).")
@click.option("--workers", default=3, show_default=True, type=click.IntRange(1, 32),
              help="Số tiến trình phục vụ (số nhân CPU cộng một là vừa).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Số luồng mỗi tiến trình (cũng là số kết nối nó nhận cùng lúc).")
def serve(data: Path, host: str, port: int, demo: bool, dev: bool, workers: int,
          threads: int) -> None:
    """Chạy ứng dụng web trên máy này (lần đầu tạo thư mục dữ liệu, CSDL, khóa bí mật).

    \b
    Ví dụ:
      dvk-docs serve
      dvk-docs serve --demo
      dvk-docs serve --data /srv/dvk --host 0.0.0.0 --port 8080
    """
    directory = _run(lambda: _setup(data, dev))
    if demo:
        _run(load_demo)
    worker = subprocess.Popen([sys.executable, "-m", "dvk_docs.web", "db_worker",
                               "--interval", "0.5", "--no-startup-delay"], env=os.environ.copy())
    click.echo(f"Dữ liệu: {directory}")
    click.echo(f"Mở trình duyệt tại: http://{host}:{port}/  (Ctrl+C để dừng)")
    try:
        _serve_http(host, port, workers, threads)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()


def server_settings(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn's settings for ``dvk-docs serve``. A worker takes a connection only when one
    of its threads is free (worker_connections = threads, no keep-alive holding a slot): the
    others wait in the shared listen queue for the first free worker, instead of queueing
    inside a busy worker behind its slow requests while another worker idles. Measured with
    bench/bench_submissions.py (50 units) and bench/bench_web.py (20 clients) on PostgreSQL,
    this 2-core machine: 50 units' page views p95 302-479 ms with it (2 x 8) against
    474-701 ms without; 20 clients p95 293-365 ms with 3 x 4 (the default) against 438-549
    ms with 2 x 8."""
    return {"bind": f"{host}:{port}", "workers": workers, "threads": threads,
            "worker_class": "gthread", "worker_connections": threads, "keepalive": 0,
            "timeout": 120, "graceful_timeout": 5, "accesslog": None, "loglevel": "warning"}


def _serve_http(host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from .wsgi import application

    class App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in server_settings(host, port, workers, threads).items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    App().run()


def load_demo() -> None:
    """Both samples as two organisations, each with an office and a unit account."""
    from django.contrib.auth import get_user_model

    from .. import api
    from .accounts import add_user
    from .models import Organisation

    User = get_user_model()
    click.echo("Tài khoản dùng thử (mật khẩu: " + DEMO_PASSWORD + "):")
    for sample in sorted(p for p in api.samples_dir().iterdir() if (p / "dataset.yaml").is_file()):
        slug = sample.name
        org = Organisation.objects.filter(slug=slug).first()
        if org is None or not org.years.exists():
            org, _year = _import(sample, slug)
        units = Counter(org.years.first().registrations.values_list("unit_key", flat=True))
        unit = units.most_common(1)[0][0] if units else ""
        for name, role, unit_name in ((f"vanphong-{slug}", "van_phong", ""),
                                      (f"donvi-{slug}", "don_vi", unit)):
            user = User.objects.filter(username=name).first()
            if user is None:
                add_user(name, org, role, DEMO_PASSWORD, unit_name)
            else:
                user.set_password(DEMO_PASSWORD)
                user.save()
            extra = f", đơn vị: {unit_name}" if unit_name else ""
            click.echo(f"  {name}  ({org.name}; vai trò {role}{extra})")
    _demo_overseer()


DEMO_OVERSEER = ("tinh-demo", "Ban Tuyên giáo và Dân vận Tỉnh ủy (dùng thử)", "captren-demo")


def _demo_overseer() -> None:
    """A province account over both sample communes (read-only)."""
    from django.contrib.auth import get_user_model

    from .accounts import add_user
    from .models import Organisation
    from .models.oversight import attach

    slug, name, username = DEMO_OVERSEER
    top, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    samples = {p.name for p in _sample_dirs()}
    communes = list(Organisation.objects.filter(slug__in=samples))
    for commune in communes:
        attach(top, commune)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        add_user(username, top, "cap_tren", DEMO_PASSWORD)
    else:
        user.set_password(DEMO_PASSWORD)
        user.save()
    click.echo(f"  {username}  ({name}; vai trò cap_tren, xem: "
               f"{', '.join(sorted(c.slug for c in communes))})")


def _sample_dirs() -> list[Path]:
    from .. import api

    return sorted(p for p in api.samples_dir().iterdir() if (p / "dataset.yaml").is_file())


@click.group(context_settings=CONTEXT_SETTINGS)
def users() -> None:
    """Tài khoản của ứng dụng web."""


@users.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.option("--org", "org_slug", required=True, help="Mã tổ chức (in ra khi 'orgs import').")
@click.option("--role", type=click.Choice(["van_phong", "don_vi", "admin", "cap_tren"]),
              required=True,
              help="van_phong: cán bộ văn phòng; don_vi: đơn vị đăng ký; admin: quản trị; "
              "cap_tren: huyện, tỉnh (chỉ xem các xã gắn bằng 'orgs attach').")
@click.option("--unit", default="", help="Tên đơn vị (với vai trò don_vi).")
@click.option("--password-stdin", "password_stdin", is_flag=True,
              help="Đọc mật khẩu từ đầu vào chuẩn (dòng đầu).")
@DATA_OPTION
def users_add(name: str, org_slug: str, role: str, unit: str, password_stdin: bool,
              data: Path) -> None:
    """Tạo tài khoản.

    \b
    Ví dụ:
      echo 'mat-khau-manh' | dvk-docs users add chi.lan --org xa-an-phu --role van_phong \\
          --password-stdin
    """
    _run(lambda: _setup(data))
    from .accounts import add_user
    from .models import Organisation

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    org = Organisation.objects.filter(slug=org_slug).first()
    if org is None:
        known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "chưa có"
        raise UserError(f"--org {org_slug}: không có tổ chức này (có: {known}); tạo bằng "
                        "'dvk-docs orgs import THƯ_MỤC'")
    _run(lambda: add_user(name, org, role, password, unit))
    click.echo(f"Đã tạo tài khoản {name} ({org.slug}, {role})")


@click.group(context_settings=CONTEXT_SETTINGS)
def orgs() -> None:
    """Tổ chức (xã, phường) trong ứng dụng web."""


@orgs.command("import", context_settings=CONTEXT_SETTINGS)
@click.argument("dataset_dir", type=click.Path(exists=True, path_type=Path))
@click.option("--slug", default=None, help="Mã tổ chức (mặc định: tên thư mục).")
@DATA_OPTION
def orgs_import(dataset_dir: Path, slug: str | None, data: Path) -> None:
    """Nhập một bộ dữ liệu thành một năm của tổ chức; in mã tổ chức.

    \b
    Ví dụ:
      dvk-docs orgs import samples/xa-an-phu
      dvk-docs orgs import du-lieu-2026 --slug xa-an-phu
    """
    _run(lambda: _setup(data))
    org, year = _run(lambda: _import(dataset_dir, slug))
    click.echo(f"Đã nhập năm {year.year} ({year.registrations.count()} đăng ký) vào "
               f"{org.name}", err=True)
    click.echo(org.slug)


@click.command("backup", context_settings=CONTEXT_SETTINGS)
@DATA_OPTION
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File sao lưu (.tar.gz) sẽ ghi.")
@click.option("--force", is_flag=True, help="Ghi đè file sao lưu đã có.")
def backup_command(data: Path, output: Path, force: bool) -> None:
    """Sao lưu một lần: CSDL (SQLite hay PostgreSQL) + file đã tải lên, đã tạo + khóa bí mật.

    \b
    Ví dụ:
      dvk-docs backup -o sao-luu-2026-12-04.tar.gz
      dvk-docs backup --data /srv/dvk -o /var/backups/dvk/dvk-$(date +%F).tar.gz
    """
    if not data.is_dir():
        raise UserError(f"--data {data}: không có thư mục dữ liệu này")
    _run(lambda: _setup(data))
    from . import backup

    manifest = _run(lambda: backup.backup(output, force=force))
    rows = manifest["rows"]
    click.echo(f"Đã sao lưu vào {output}: CSDL {manifest['database']}, "
               f"{rows.get('dvk_web.Organisation', 0)} tổ chức, {rows.get('dvk_web.Year', 0)} "
               f"năm, {rows.get('dvk_web.Registration', 0)} đăng ký, "
               f"{len(manifest['files'])} file")


@click.command("restore", context_settings=CONTEXT_SETTINGS)
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DATA_OPTION
@click.option("--force", is_flag=True, help="Thay toàn bộ dữ liệu trong thư mục (và CSDL) "
              "không trống.")
def restore_command(archive: Path, data: Path, force: bool) -> None:
    """Khôi phục bản sao lưu vào một thư mục dữ liệu trống (và CSDL trống).

    \b
    Ví dụ:
      dvk-docs restore sao-luu-2026-12-04.tar.gz --data dvk-data-moi
    """
    import shutil

    from . import backup

    manifest = _run(lambda: backup.read_manifest(archive))
    _run(lambda: backup.check_target(data, force=force))
    existed = data.exists()
    try:
        db_file = _run(lambda: backup.unpack_files(archive, data, manifest, force=force))
        try:
            _run(lambda: _setup(data))
            _run(lambda: backup.restore_database(db_file, manifest, force=force))
        finally:
            shutil.rmtree(db_file.parent.parent, ignore_errors=True)
    except BaseException:
        if not force:  # the folder was empty: leave it so, the restore can be tried again
            for child in list(data.iterdir()) if data.is_dir() else []:
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            if not existed and data.is_dir():
                data.rmdir()
        raise
    wrong = backup.compare_rows(manifest)
    if wrong:
        raise UserError("Khôi phục chưa khớp bản sao lưu:\n  " + "\n  ".join(wrong))
    rows = manifest["rows"]
    click.echo(f"Đã khôi phục {archive} (tạo lúc {manifest['created'][:19]}) vào {data}: "
               f"{rows.get('dvk_web.Organisation', 0)} tổ chức, {rows.get('dvk_web.Year', 0)} "
               f"năm, {rows.get('dvk_web.Registration', 0)} đăng ký, "
               f"{len(manifest['files'])} file; số dòng từng bảng khớp")


def _org(slug: str) -> Any:
    from .models import Organisation

    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "chưa có"
        raise UserError(f"không có tổ chức '{slug}' (có: {known})")
    return org


@orgs.command("create", context_settings=CONTEXT_SETTINGS)
@click.argument("slug")
@click.option("--name", required=True, help="Tên đầy đủ, ví dụ 'Ban Tuyên giáo và Dân vận "
              "Tỉnh ủy'.")
@DATA_OPTION
def orgs_create(slug: str, name: str, data: Path) -> None:
    """Tạo một tổ chức chưa có năm nào (cấp huyện, tỉnh để gắn các xã vào).

    \b
    Ví dụ:
      dvk-docs orgs create tinh-a --name 'Ban Tuyên giáo và Dân vận Tỉnh ủy'
    """
    _run(lambda: _setup(data))
    from .models import Organisation

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise UserError(f"mã '{slug}': chỉ gồm chữ thường không dấu, số và '-'")
    if Organisation.objects.filter(slug=slug).exists():
        raise UserError(f"mã '{slug}' đã có")
    Organisation.objects.create(slug=slug, name=" ".join(name.split()))
    click.echo(slug)


@orgs.command("attach", context_settings=CONTEXT_SETTINGS)
@click.argument("parent")
@click.argument("children", nargs=-1, required=True)
@DATA_OPTION
def orgs_attach(parent: str, children: tuple[str, ...], data: Path) -> None:
    """Gắn các xã, phường (CHILDREN) vào cấp trên PARENT: tài khoản cap_tren của PARENT xem
    được số liệu, văn bản của các xã này (không sửa được).

    \b
    Ví dụ:
      dvk-docs orgs attach tinh-a xa-an-phu phuong-hoa-binh
    """
    _run(lambda: _setup(data))
    from django.core.exceptions import ValidationError

    from .models.oversight import attach

    top = _org(parent)
    for slug in children:
        child = _org(slug)
        try:
            attach(top, child)
        except ValidationError as err:
            raise UserError(f"{slug}: " + "; ".join(err.messages)) from None
        click.echo(f"Đã gắn {child.slug} vào {top.slug}")


@orgs.command("detach", context_settings=CONTEXT_SETTINGS)
@click.argument("children", nargs=-1, required=True)
@DATA_OPTION
def orgs_detach(children: tuple[str, ...], data: Path) -> None:
    """Bỏ gắn các xã, phường khỏi cấp trên của chúng."""
    _run(lambda: _setup(data))
    from .models.oversight import detach

    for slug in children:
        done = detach(_org(slug))
        click.echo(f"Đã bỏ gắn {slug}" if done else f"{slug} chưa gắn vào cấp trên nào")


@orgs.command("list", context_settings=CONTEXT_SETTINGS)
@DATA_OPTION
def orgs_list(data: Path) -> None:
    """Liệt kê các tổ chức, năm của chúng và cấp trên."""
    _run(lambda: _setup(data))
    from .models import Organisation

    for org in Organisation.objects.order_by("slug"):
        years = ", ".join(str(y) for y in org.years.order_by("year")
                          .values_list("year", flat=True)) or "chưa có năm"
        link = getattr(org, "parent_link", None)
        above = f"; cấp trên: {link.parent.slug}" if link else ""
        click.echo(f"{org.slug}\t{org.name} ({years}{above})")


@click.command("cleanup", context_settings=CONTEXT_SETTINGS)
@DATA_OPTION
@click.option("--delete", "delete", is_flag=True,
              help="Xóa các file tìm thấy (không có: chỉ liệt kê).")
@click.option("--min-age", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Chỉ tính file cũ hơn số phút này (file mới có thể đang được tạo).")
def cleanup_command(data: Path, delete: bool, min_age: float) -> None:
    """Tìm (và với --delete, xóa) file trong thư mục dữ liệu không còn dòng nào trong CSDL
    trỏ tới: minh chứng đã xóa, bộ văn bản/hồ sơ của năm hay tổ chức đã xóa, ảnh trang in cũ.

    \b
    Ví dụ:
      dvk-docs cleanup --data /srv/dvk
      dvk-docs cleanup --data /srv/dvk --delete
    """
    if not data.is_dir():
        raise UserError(f"--data {data}: không có thư mục dữ liệu này")
    _run(lambda: _setup(data))
    from . import file_cleanup

    found = file_cleanup.orphans(min_age * 60)
    root = data.resolve()
    for path in found:
        click.echo(f"  {path.relative_to(root) if path.is_relative_to(root) else path}")
    if not found:
        click.echo("Không có file thừa.")
    elif delete:
        click.echo(f"Đã xóa {file_cleanup.remove(found)} file/thư mục không còn dùng.")
    else:
        click.echo(f"{len(found)} file/thư mục không còn dùng; thêm --delete để xóa.")


COMMANDS = [serve, users, orgs, backup_command, restore_command, cleanup_command]
