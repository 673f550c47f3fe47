"""Checks the settings of Dockerfile, fly.toml and .dockerignore that
production depends on. Run from the repository root by scripts/ci-lint-deploy.

Every failed check prints one line naming the file and the setting; the exit
code is 1 when any check failed.
"""

import re
import sys
import tomllib
from pathlib import Path

# Settings fly.toml must carry at their src/config.rs default.
DEFAULTED_VARIABLES = [
    "UWSCRAPE_RATE_LIMIT_CATALOG_PER_MINUTE",
    "UWSCRAPE_RATE_LIMIT_QUERY_PER_MINUTE",
    "UWSCRAPE_RATE_LIMIT_STATE_PER_IP_PER_MINUTE",
    "UWSCRAPE_STATE_SNAPSHOT_INTERVAL",
    "UWSCRAPE_STATE_SNAPSHOT_RETENTION",
]
# Production values that differ from the developer defaults.
PRODUCTION_ENV = {
    "UWSCRAPE_INDEX_DIR": "/data/index",
    "UWSCRAPE_DATA_DIR": "/data",
    "UWSCRAPE_BIND": "0.0.0.0:8080",
    "UWSCRAPE_TRUST_FLY_CLIENT_IP": "true",
}
# Set with `fly secrets set`; never in a committed file.
SECRETS = ["UWSCRAPE_TOKEN_KEY", "UWSCRAPE_INTERNAL_TOKEN"]

failures: list[str] = []


def check(condition: bool, message: str) -> None:
    if not condition:
        failures.append(message)


def config_defaults(source: str) -> dict[str, str]:
    """Reads `parse_with(&get, "NAME", "DEFAULT", …)` pairs from src/config.rs."""
    pattern = re.compile(r'parse_with\(\s*&get,\s*"(UWSCRAPE_[A-Z_]+)",\s*"([^"]*)"')
    return dict(pattern.findall(source))


def check_dockerfile(text: str) -> dict[str, str]:
    """Checks the Dockerfile and returns the runtime stage's ENV values."""
    stages = re.findall(r"^FROM\s+(\S+)", text, re.MULTILINE)
    check(len(stages) >= 2, "Dockerfile: expected a build stage and a runtime stage")
    check(bool(stages) and stages[0].startswith("rust:"), "Dockerfile: the first stage must build from a rust: image")
    check(
        bool(stages) and stages[-1] == "gcr.io/distroless/cc-debian12:nonroot",
        f"Dockerfile: runtime stage is {stages[-1] if stages else 'missing'}, expected gcr.io/distroless/cc-debian12:nonroot",
    )
    check(
        "cargo build --release --locked --features embed-frontend" in text,
        "Dockerfile: missing `cargo build --release --locked --features embed-frontend`",
    )
    runtime = text[text.rfind("FROM ") :] if "FROM " in text else ""
    user = re.search(r"^USER\s+(\S+)", runtime, re.MULTILINE)
    check(
        user is not None and user.group(1).split(":")[0] in ("65532", "nonroot"),
        "Dockerfile: runtime stage must run as the non-root user 65532",
    )
    check('ENTRYPOINT ["/uwscrape"]' in runtime, 'Dockerfile: expected ENTRYPOINT ["/uwscrape"]')
    check('CMD ["serve"]' in runtime, 'Dockerfile: expected CMD ["serve"]')
    copies = re.findall(r"^COPY\s+(.+)$", runtime, re.MULTILINE)
    check(
        copies == ["--from=build /uwscrape /uwscrape"],
        f"Dockerfile: runtime stage must copy the binary alone, found COPY {copies}",
    )

    joined = runtime.replace("\\\n", " ")
    env = dict(re.findall(r"(UWSCRAPE_[A-Z_]+)=(\S+)", joined))
    for name in ("UWSCRAPE_INDEX_DIR", "UWSCRAPE_DATA_DIR", "UWSCRAPE_BIND"):
        check(
            env.get(name) == PRODUCTION_ENV[name],
            f"Dockerfile: ENV {name} is {env.get(name)!r}, expected {PRODUCTION_ENV[name]!r}",
        )
    assigned = re.findall(r"^(?:ENV|ARG)\s.*$", text.replace("\\\n", " "), re.MULTILINE)
    for secret in SECRETS:
        check(
            not any(secret in line for line in assigned),
            f"Dockerfile: {secret} must come from `fly secrets`, not an ENV or ARG of the image",
        )
    return env


def check_fly_toml(fly: dict, defaults: dict[str, str]) -> None:
    check(fly.get("app") == "uwscrape", f"fly.toml: app is {fly.get('app')!r}, expected 'uwscrape'")
    check(fly.get("primary_region") == "yyz", f"fly.toml: primary_region is {fly.get('primary_region')!r}, expected 'yyz'")
    strategy = fly.get("deploy", {}).get("strategy")
    check(strategy == "immediate", f"fly.toml: [deploy] strategy is {strategy!r}, expected 'immediate'")

    vms = fly.get("vm", [])
    check(len(vms) == 1, f"fly.toml: expected one [[vm]], found {len(vms)}")
    for vm in vms:
        check(vm.get("size") == "shared-cpu-1x", f"fly.toml: [[vm]] size is {vm.get('size')!r}, expected 'shared-cpu-1x'")
        check(
            str(vm.get("memory")).lower() in ("1gb", "1024", "1024mb"),
            f"fly.toml: [[vm]] memory is {vm.get('memory')!r}, expected '1gb'",
        )

    mounts = fly.get("mounts", [])
    mounts = [mounts] if isinstance(mounts, dict) else mounts
    check(
        any(m.get("source") == "uwscrape_data" and m.get("destination") == "/data" for m in mounts),
        "fly.toml: [mounts] must mount source 'uwscrape_data' at destination '/data'",
    )

    service = fly.get("http_service", {})
    check(service.get("internal_port") == 8080, f"fly.toml: [http_service] internal_port is {service.get('internal_port')!r}, expected 8080")
    health = [c for c in service.get("checks", []) if c.get("path") == "/api/v1/health"]
    check(len(health) == 1, "fly.toml: [[http_service.checks]] needs one check on /api/v1/health")
    for health_check in health:
        check(health_check.get("grace_period") == "30s", "fly.toml: the health check's grace_period must be '30s'")

    env = fly.get("env", {})
    for name, value in PRODUCTION_ENV.items():
        check(env.get(name) == value, f"fly.toml: [env] {name} is {env.get(name)!r}, expected {value!r}")
    for name in DEFAULTED_VARIABLES:
        expected = defaults.get(name)
        check(expected is not None, f"src/config.rs: no default found for {name}")
        check(env.get(name) == expected, f"fly.toml: [env] {name} is {env.get(name)!r}, but src/config.rs defaults to {expected!r}")
    for secret in SECRETS:
        check(secret not in env, f"fly.toml: {secret} is a secret; set it with `fly secrets set`, not in [env]")


def main() -> int:
    dockerfile = Path("Dockerfile").read_text()
    fly = tomllib.loads(Path("fly.toml").read_text())
    defaults = config_defaults(Path("src/config.rs").read_text())

    check_dockerfile(dockerfile)
    check_fly_toml(fly, defaults)

    ignored = Path(".dockerignore").read_text().split()
    for entry in ("target", ".git"):
        check(entry in ignored, f".dockerignore: expected an entry `{entry}`")

    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if failures:
        return 1
    print(f"Dockerfile, fly.toml and .dockerignore: all checks passed ({len(defaults)} defaults read from src/config.rs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
