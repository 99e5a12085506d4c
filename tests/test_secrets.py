"""No command ever prints a password, whatever form the target takes.

Every `forge` command runs against targets holding a distinctive password — a URL, a URL with
an unencoded ``@`` and ``:`` or a ``%`` that is not an escape, key=value conninfo with a
quoted value, ``PGPASSWORD``, a service file — on the right server (success paths) and on
wrong ones (an unreachable host, a role that does not exist), with ``--verbose``; all of
stdout and stderr is searched for the password, its URL-encoded form and its longer pieces.
The shared test server trusts local connections, so a wrong password is never refused there:
the missing role stands in for refused credentials (libpq's message names the role, not the
password); one test starts its own server that checks passwords (scram-sha-256) and runs
commands with a wrong and a right one.
"""

from __future__ import annotations

import getpass
import os
import stat
from pathlib import Path
from urllib.parse import quote

import pytest

from schemaforge.database import session
from schemaforge.database.session import redact, remember_secrets
from tests.conftest import Project

PW = "Sekr1t-Pw0rd-QX"  # distinctive: found nowhere else in any output
AT_PW = "Sekr1t@Pw0rd:QXZW"  # unencoded @ and :, as people paste it
PCT_PW = "Sekr1t%zzPw0rd"  # % followed by non-hex: libpq refuses the URL and quotes the token


def forbidden(password: str) -> list[str]:
    pieces = [p for sep in "@:/%" for p in password.split(sep) if len(p) >= 6]
    return [password, quote(password, safe=""), *pieces]


SCHEMA = """
entities:
  Account:
    columns:
      id:    { type: bigint, primary: true, identity: always }
      email: { type: text, unique: true }
"""

COMMANDS = [
    ("validate",), ("plan",), ("plan", "--format", "sql"), ("sync",), ("generate", "first"), ("status",),
    ("apply",), ("check",), ("lint",), ("rollback", "--allow-destructive"), ("rehash",),
    ("import", "--out", "imported", "--force"), ("status",), ("diff", "db", "yaml:schema"), ("inspect",),
]


def parts(db_url: str) -> tuple[str, str, str]:
    """(database name, socket directory, role) of the test database URL: the role the server
    lets in (``postgres`` on the embedded one, the login user under peer authentication)."""
    d = session.conninfo_dict(db_url)
    return d["dbname"], d.get("host", ""), d.get("user") or getpass.getuser()


def targets(db_url: str, tmp_path) -> dict[str, tuple[str, dict]]:
    """name -> (target URL, extra environment)."""
    db, host, user = parts(db_url)
    hq = quote(host, safe="")
    service = tmp_path / "pg_service.conf"
    service.write_text(f"[forge_svc]\nhost={host}\ndbname={db}\nuser={user}\npassword={PW}\n")
    return {
        "url": (f"postgresql://{user}:{quote(PW, safe='')}@/{db}?host={hq}", {}),
        "keyvalue": (f"host={host} dbname={db} user={user} password='{PW} x'", {}),
        "pgpassword": (f"postgresql://{user}@/{db}?host={hq}", {"PGPASSWORD": PW}),
        "service": ("service=forge_svc", {"PGSERVICEFILE": str(service)}),
        "unencoded-at": (f"postgresql://{user}:{AT_PW}@/{db}?host={hq}", {}),
        "percent": (f"postgresql://{user}:{PCT_PW}@/{db}?host={hq}", {}),
        "unreachable": (f"postgresql://postgres:{quote(PW, safe='')}@127.0.0.1:1/{db}?connect_timeout=2", {}),
        "no-such-role": (f"postgresql://nobody_here:{quote(PW, safe='')}@/{db}?host={hq}", {}),
        "keyvalue-unreachable": (f"host=127.0.0.1 port=1 dbname={db} password={PW}", {}),
    }


@pytest.mark.parametrize("name", ["url", "keyvalue", "pgpassword", "service", "unencoded-at", "percent",
                                  "unreachable", "no-such-role", "keyvalue-unreachable"])
def test_no_command_prints_the_password(project: Project, tmp_path, name):
    url, env = targets(project.db_url, tmp_path / "..")[name]
    project.schema(SCHEMA)
    outputs, codes = [], []
    for args in COMMANDS:
        for extra in ((), ("--verbose",)):
            session._SECRETS.clear()  # each command proves its own redaction, as a new process would
            res = project.forge(*args, *extra, "--database-url", url, env={**env, "DATABASE_URL": url})
            outputs.append(f"$ forge {' '.join(args + extra)}\n{res.stdout}{res.stderr}")
            codes.append(res.exit_code)
    text = "\n".join(outputs)
    for secret in forbidden(AT_PW if name == "unencoded-at" else PCT_PW if name == "percent" else PW):
        assert secret not in text, f"{secret!r} printed:\n{text}"
    if name in ("url", "keyvalue", "pgpassword", "service"):
        assert codes[:4] == [0, 0, 0, 0] and codes[6:8] == [0, 0], text  # the success paths did run
    else:
        assert 1 in codes, text


def test_redact_every_form():
    remember_secrets(f"postgresql://app:{PCT_PW}@h/db")
    cases = {
        "postgresql://app:S3cret@host/db": "postgresql://app:***@host/db",
        "postgresql://app:p@ss:S3cret@host/db": "postgresql://app:***@host/db",
        "cannot connect to 'postgres://u:a@b@h:5432/x'": "cannot connect to 'postgres://u:***@h:5432/x'",
        "password=S3cret host=h": "password=*** host=h",
        "host=h password='S3 c\\'ret' dbname=x": "host=h password=*** dbname=x",
        f'invalid percent-encoded token: "{PCT_PW}"': 'invalid percent-encoded token: "***"',
    }
    for text, expected in cases.items():
        assert redact(text) == expected


def test_redact_quotes_in_passwords_and_common_words(monkeypatch):
    """A quote in a URL password is hidden; a password that is also a word hides that word
    only where it stands alone, never inside ``postgresql://`` or a longer name."""
    import schemaforge.database.session as session

    monkeypatch.setattr(session, "_SECRETS", set())
    assert redact("x postgresql://app:pa'ss\"w@host/db") == "x postgresql://app:***@host/db"
    remember_secrets("postgresql://app:postgres@host/db")
    assert redact("role postgres: cannot reach postgresql://x (postgres_db)") == \
        "role ***: cannot reach postgresql://x (postgres_db)"
    remember_secrets("host=h password=abc")  # too short to hunt for alone: only where written
    assert redact("schema/a.yaml:1:abc: error") == "schema/a.yaml:1:abc: error"
    assert redact("password=abc host=h") == "password=*** host=h"


def test_a_plan_warns_of_a_readable_data_source_file_once(project: Project):
    """The plan's read-ahead looks the target up before the plan does: one warning still."""
    ds = project.write("forge.datasource.yaml", f"environments:\n  dev:\n    url: postgresql://app:{PW}@/x?host=/nowhere\n")
    os.chmod(ds, 0o644)
    res = project.forge("plan", "--env", "dev", env={"DATABASE_URL": ""})
    assert res.stderr.count("warning: forge.datasource.yaml holds a password and is readable by others") == 1
    assert PW not in res.stdout + res.stderr


def test_readable_data_source_file_with_a_password_is_warned(project: Project):
    ds = project.write("forge.datasource.yaml", f"environments:\n  dev:\n    url: postgresql://app:{PW}@/x\n")
    os.chmod(ds, 0o644)
    res = project.forge("status", "--env", "dev", env={"DATABASE_URL": ""})
    assert ("warning: forge.datasource.yaml holds a password and is readable by others (mode 644): "
            "run `chmod 600 forge.datasource.yaml`, or use ${PGPASSWORD} in it") in res.stderr
    assert PW not in res.stdout + res.stderr
    os.chmod(ds, stat.S_IRUSR | stat.S_IWUSR)
    assert "warning" not in project.forge("status", "--env", "dev", env={"DATABASE_URL": ""}).stderr
    os.chmod(ds, 0o644)
    project.write("forge.datasource.yaml", "environments:\n  dev:\n    url: postgresql://app:${PGPW:-x}@/x\n")
    assert "warning" not in project.forge("status", "--env", "dev", env={"DATABASE_URL": ""}).stderr


def test_a_refused_password_is_never_printed(offline_project: Project, server_dir):
    """A server that really checks passwords (scram-sha-256 on its socket), a role with a
    password, and every command run once with a wrong password and once with the right one."""
    import psycopg

    from schemaforge.database import embedded
    from tests.conftest import stop_embedded

    right, wrong = "Rig4t-Pw0rd-QX", "Wr0ng-Pw0rd-QX"
    data = server_dir / "pg"
    admin = embedded.ensure_server(data)
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE forge_pw LOGIN CREATEDB PASSWORD '{right}'")
            conn.execute("CREATE DATABASE forge_pw OWNER forge_pw")
            hba = conn.execute("SHOW hba_file").fetchone()[0]
            Path(hba).write_text("local all forge_pw scram-sha-256\nlocal all all trust\n")
            conn.execute("SELECT pg_reload_conf()")
        d = session.conninfo_dict(admin)
        where = f"host={quote(d['host'], safe='')}&port={d['port']}"
        project = offline_project
        project.schema(SCHEMA)
        outputs = {}
        for pw in (wrong, right):
            url = f"postgresql://forge_pw:{quote(pw, safe='')}@/forge_pw?{where}"
            for args in (("plan",), ("sync",), ("status",), ("plan", "--verbose")):
                session._SECRETS.clear()
                res = project.forge(*args, "--database-url", url, env={"DATABASE_URL": url})
                outputs[(pw, args)] = (res.exit_code, res.stdout + res.stderr)
        text = "\n".join(out for _, out in outputs.values())
        for secret in (*forbidden(right), *forbidden(wrong)):
            assert secret not in text, f"{secret!r} printed:\n{text}"
        code, out = outputs[(wrong, ("plan",))]
        assert code == 1 and 'password authentication failed for user "forge_pw"' in out, out
        assert [outputs[(right, a)][0] for a in (("plan",), ("sync",))] == [0, 0], text
        assert "not clean: drift" in outputs[(right, ("status",))][1], text  # it connected: no history, a table
    finally:
        stop_embedded(data)
