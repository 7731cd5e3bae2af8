# shellcheck shell=bash
# Sourced by bin/pitr-test (the README's test command, run by .ci/run) and bin/pitr-quickstart: makes sure the shared libraries the embedded
# MySQL 8.0.31 mysqld links against are installed (Debian/Ubuntu), installing them with apt-get
# when they are missing (bin/lib/apt-install.sh). Needs root or sudo only when something is missing.

# shellcheck source=apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"

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
    local missing packages lib
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
    # shellcheck disable=SC2086
    pitr_apt_install "$(echo $missing)" $packages || return 1
    missing=$(pitr_missing_mysql_libs)
    if [ -n "$missing" ]; then
        echo "error: still missing after installing$packages: $(echo $missing)" >&2
        return 1
    fi
}
