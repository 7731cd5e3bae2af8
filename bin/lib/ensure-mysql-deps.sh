# shellcheck shell=bash
# Sourced by bin/pitr-test (the README's test command, run by .ci/run) and bin/pitr-quickstart: makes sure the shared libraries the embedded
# MySQL 8.0.31 mysqld links against are installed (Debian/Ubuntu), installing them with apt-get
# when they are missing. Needs root or sudo only when something is missing.

pitr_missing_mysql_libs() {
    local lib cache
    # read the cache once: `ldconfig -p | grep -q` can fail under pipefail when grep exits early
    cache=$(ldconfig -p 2>/dev/null || true)
    for lib in libaio.so.1 libnuma.so.1; do
        if ! grep -qF "$lib " <<<"$cache"; then
            printf '%s\n' "$lib"
        fi
    done
}

pitr_ensure_mysql_deps() {
    local missing packages lib sudo=""
    missing=$(pitr_missing_mysql_libs)
    [ -z "$missing" ] && return 0

    packages=""
    for lib in $missing; do
        case "$lib" in
            libaio.so.1) packages="$packages libaio1" ;;
            libnuma.so.1) packages="$packages libnuma1" ;;
        esac
    done
    echo "embedded mysqld needs:$(printf ' %s' $missing); installing:$packages" >&2

    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: $(echo $missing) missing and apt-get is not available: install$packages (or your distribution's equivalent) yourself" >&2
        return 1
    fi
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo -n"
        else
            echo "error: $(echo $missing) missing; run as root: apt-get update && apt-get install -y$packages" >&2
            return 1
        fi
    fi
    # shellcheck disable=SC2086
    if ! { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q \
            && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages; } >&2; then
        echo "error: could not install$packages with apt-get; install them yourself and run again" >&2
        return 1
    fi
    missing=$(pitr_missing_mysql_libs)
    if [ -n "$missing" ]; then
        echo "error: still missing after installing$packages: $(echo $missing)" >&2
        return 1
    fi
}
