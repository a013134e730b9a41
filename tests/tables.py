"""Matching found mentions against a table case's expectations (tests/data/*.yaml)."""


def compare(found: list[dict], case: dict, anchor: str) -> list[str]:
    """Problems, if any: each expected item must match one found mention whose text contains
    ``expected[anchor]`` and agrees on every other key listed; nothing else may be found unless
    the case says ``partial``."""
    problems = []
    unused = list(found)
    for expected in case["expect"]:
        wanted = {k: v for k, v in expected.items() if k != anchor}
        candidates = [m for m in unused if expected[anchor] in m["text"]]
        match = next((m for m in candidates if all(m.get(k) == v for k, v in wanted.items())), None)
        if match is None:
            got = [{k: m.get(k) for k in ("text", *wanted)} for m in candidates] or "nothing there"
            problems.append(f"expected {expected}; got {got}")
        else:
            unused.remove(match)
    if not case.get("partial") and unused:
        problems.append(f"also found: {[m['text'] for m in unused]}")
    return problems
