"""Print a short per-group summary of a pytest JUnit XML file, so CI output shows what ran.

Groups are the first folder under tests/ (core, foods, web, e2e, storage, reports, …); a skipped
browser or PostgreSQL group is visible at a glance.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def main(path: str) -> int:
    root = ET.parse(path).getroot()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"passed": 0, "failed": 0, "skipped": 0})
    for case in root.iter("testcase"):
        classname = case.get("classname", "")
        parts = classname.split(".")
        group = parts[1] if len(parts) > 2 and parts[0] == "tests" else (parts[1] if len(parts) > 1 else "?")
        if group.startswith("test_"):
            group = "(top)"
        if case.find("failure") is not None or case.find("error") is not None:
            outcome = "failed"
        elif case.find("skipped") is not None:
            outcome = "skipped"
        else:
            outcome = "passed"
        counts[group][outcome] += 1
    print("\nTest summary by group:")
    print(f"  {'group':<14}{'passed':>8}{'failed':>8}{'skipped':>9}")
    total = {"passed": 0, "failed": 0, "skipped": 0}
    for group in sorted(counts):
        c = counts[group]
        for key in total:
            total[key] += c[key]
        print(f"  {group:<14}{c['passed']:>8}{c['failed']:>8}{c['skipped']:>9}")
    print(f"  {'total':<14}{total['passed']:>8}{total['failed']:>8}{total['skipped']:>9}")
    print(f"summary: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
