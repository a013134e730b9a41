"""The command line run inside the test process: ``riwaya.cli.main`` with its own argv, stdin,
stdout and stderr, exit code and all, as ``subprocess.run`` would give them — without paying a
Python start-up and the lexicons' load for each call. A few tests keep a real subprocess for the
entry point itself (``python -m riwaya``), signals and resource limits."""

from __future__ import annotations

import contextlib
import contextvars
import io
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Ran:
    """What ``subprocess.run(..., capture_output=True)`` returns, for an in-process run."""

    args: list[str]
    returncode: int
    stdout: bytes | str
    stderr: bytes | str


class _Kept(io.BytesIO):
    """A captured stream whose bytes outlive a close (the CLI closes stderr on a broken pipe)."""

    def close(self) -> None:
        pass


@contextlib.contextmanager
def _environment(env: Mapping[str, str] | None, cwd: str | Path | None) -> Iterator[None]:
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def run_riwaya(*args: str, stdin: bytes | str | None = None, text: bool = False,
               cwd: str | Path | None = None, env: Mapping[str, str] | None = None,
               check: bool = False) -> Ran:
    """``riwaya ARGS`` as a user types it, run in this process."""
    from riwaya.cli import main

    raw_in = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    out, err = _Kept(), _Kept()
    streams = (sys.argv, sys.stdin, sys.stdout, sys.stderr)
    sys.argv = ["riwaya", *map(str, args)]
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw_in), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", newline="", write_through=True)
    code: int
    try:
        # in a context of its own: the language the run sets (riwaya.i18n) ends with it
        with _environment(env, cwd):
            contextvars.copy_context().run(main)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(ValueError):  # closed on a broken pipe, as a process would
                stream.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
        sys.argv, sys.stdin, sys.stdout, sys.stderr = streams
    ran = Ran(["riwaya", *map(str, args)], code,
              stdout.decode("utf-8") if text else stdout, stderr.decode("utf-8") if text else stderr)
    if check and code != 0:
        raise AssertionError(f"riwaya {' '.join(map(str, args))} exited {code}: {ran.stderr!r}")
    return ran
