"""Checks the Dockerfile against the tree it is built from, without Docker.

    python3 tests/packaging/check_dockerfile.py Dockerfile .dockerignore [compose-config.yaml ...]

- every COPY/ADD source from the build context exists and is not excluded by
  .dockerignore (a missing file would only show up in `docker build`);
- every COPY --from names an earlier stage or an image;
- every script a RUN calls from docker/ exists and is executable;
- every build target in the given `docker-compose config` outputs is a stage;
- the gateway stage runs as a non-root user and has a HEALTHCHECK.
Prints each problem; exits 1 if there is any.
"""

from __future__ import annotations

import fnmatch
import pathlib
import re
import shlex
import sys

import yaml


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    result, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        word, _, rest = current.partition(" ")
        result.append((word.upper(), rest.strip()))
        current = ""
    return result


def ignored(path: str, patterns: list[str]) -> bool:
    verdict = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        parts = path.split("/")
        # A pattern matches the path itself or any directory above it.
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch.fnmatchcase(prefix, pattern) or fnmatch.fnmatchcase(prefix, pattern.replace("**/", "")) for prefix in prefixes):
            verdict = not negate
    return verdict


def main() -> int:
    dockerfile = pathlib.Path(sys.argv[1])
    root = dockerfile.resolve().parent
    patterns = [
        line.strip()
        for line in pathlib.Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    problems: list[str] = []
    stages: list[str] = []
    current_stage = ""
    stage_users: dict[str, str] = {}
    stage_healthchecks: set[str] = set()

    for word, args in instructions(dockerfile.read_text(encoding="utf-8")):
        if word == "FROM":
            match = re.match(r"(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", args, re.IGNORECASE)
            if not match:
                problems.append(f"FROM without an image: {args}")
                continue
            base, name = match.group(1), match.group(2)
            if base in stages:
                stage_users[name or ""] = stage_users.get(base, "")
            current_stage = name or ""
            if name:
                stages.append(name)
        elif word in {"COPY", "ADD"}:
            tokens = shlex.split(args)
            flags = [t for t in tokens if t.startswith("--")]
            paths = [t for t in tokens if not t.startswith("--")]
            source_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
            if source_stage is not None:
                if source_stage not in stages and ":" not in source_stage and "/" not in source_stage:
                    problems.append(f"COPY --from={source_stage}: no such earlier stage")
                continue
            for source in paths[:-1]:
                source = source.rstrip("/") or "."
                if source == ".":
                    continue
                if not (root / source).exists():
                    problems.append(f"{word} {source}: not in the build context")
                elif ignored(source, patterns):
                    problems.append(f"{word} {source}: excluded by .dockerignore")
        elif word == "RUN":
            for script in re.findall(r"(?<![\w/])(docker/[\w./-]+\.sh)", args):
                path = root / script
                if not path.is_file():
                    problems.append(f"RUN {script}: missing")
                elif not path.stat().st_mode & 0o111:
                    problems.append(f"RUN {script}: not executable")
                elif ignored(script, patterns):
                    problems.append(f"RUN {script}: excluded by .dockerignore")
        elif word == "USER":
            stage_users[current_stage] = args
        elif word == "HEALTHCHECK" and not args.upper().startswith("NONE"):
            stage_healthchecks.add(current_stage)

    for compose in sys.argv[3:]:
        config = yaml.safe_load(pathlib.Path(compose).read_text(encoding="utf-8")) or {}
        for name, service in (config.get("services") or {}).items():
            build = service.get("build") or {}
            target = build.get("target") if isinstance(build, dict) else None
            if build and target not in stages:
                problems.append(f"{compose}: {name} builds target {target!r}, which is not a stage")

    if "gateway" not in stages:
        problems.append("no gateway stage")
    else:
        user = stage_users.get("gateway", "")
        if not user or user.split(":")[0] in {"root", "0"}:
            problems.append(f"gateway stage runs as {user or 'root'}")
        if "gateway" not in stage_healthchecks:
            problems.append("gateway stage has no HEALTHCHECK")

    for problem in problems:
        print(problem)
    print(f"stages: {', '.join(stages)}; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
