"""riwaya's runtime dependencies as this interpreter has them installed: «name==version», one a line.

Walks the requirements of the installed riwaya and of each of its dependencies, extras left out,
so the test tools, pip and pip-audit's own packages are not in it. `make audit` hands the list to
pip-audit. Usage: .venv/bin/python scripts/runtime-requirements.py > requirements.txt
"""

import re
import sys
from importlib.metadata import PackageNotFoundError, distribution

from packaging.requirements import Requirement


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(root: str = "riwaya") -> dict[str, str]:
    found: dict[str, str] = {}
    seen: set[str] = set()
    todo = [root]
    while todo:
        name = canonical(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            if name == canonical(root):
                sys.exit(f"{root} is not installed in {sys.prefix}")
            print(f"warning: {name}, a dependency, is not installed", file=sys.stderr)
            continue
        if name != canonical(root):
            found[name] = dist.version
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found


if __name__ == "__main__":
    for name, version in sorted(runtime_closure().items()):
        print(f"{name}=={version}")
