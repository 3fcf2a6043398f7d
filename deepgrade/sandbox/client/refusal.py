"""Trusted side: what the TA reads when this machine cannot isolate student code.

Grading fails closed: where the sandbox's own root, PID namespace or network namespace
cannot be built, no student code runs, and this message says why and what to do. A student's
self-check (``deepgrade check``) and ``deepgrade grade --allow-unisolated`` run regardless.
"""
from __future__ import annotations

import sys

CONTAINER_COMMAND = ('docker run --rm -it --privileged -v "$PWD":/course -w /course '
                     'python:3.11 make grade')


def unisolated_refusal(missing: list[str], *, platform: str = sys.platform) -> str:
    """Korean for the TA (commands and kernel names as they are typed), one paragraph per step."""
    lines = ["이 컴퓨터에서는 학생 코드를 격리할 수 없어 채점하지 않았습니다 (학생 코드는 한 줄도 실행되지 않았습니다).",
             "만들지 못한 격리 계층: " + "; ".join(missing)]
    if platform.startswith("linux"):
        lines += [
            "해결: root로 실행하거나, 일반 사용자에게 user namespace를 허용하세요 "
            "(`sudo sysctl -w kernel.unprivileged_userns_clone=1`, `sudo sysctl -w user.max_user_namespaces=15000`; "
            "Ubuntu 23.10 이상은 `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`).",
            f"컨테이너 안이라면 권한을 주어 실행하세요: {CONTAINER_COMMAND}",
        ]
    else:
        lines += [
            f"macOS와 Windows에는 Linux 네임스페이스가 없습니다. Docker Desktop(또는 WSL2의 Linux)에서 실행하세요: "
            f"{CONTAINER_COMMAND}",
        ]
    lines.append("격리 없이 채점하려면 (학생 코드가 채점자의 파일과 네트워크에 닿을 수 있음을 알고) "
                 "`deepgrade grade --allow-unisolated`; 모든 직원용 페이지에 그렇게 채점했다고 표시됩니다.")
    return "\n".join(lines)
