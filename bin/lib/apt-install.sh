# shellcheck shell=bash
# Sourced by bin/lib/ensure-mysql-deps.sh and the benchmark launchers: installs Debian/Ubuntu packages with
# apt-get as root or through password-less sudo, and says what to run when it cannot.

# pitr_apt_install WHAT PACKAGE...: installs the packages; WHAT names what needs them in the messages.
# Returns 1, after printing the command to run, without apt-get, root or password-less sudo, or when apt fails.
pitr_apt_install() {
    local what="$1" sudo=""
    shift
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: $what missing and apt-get is not available: install $* (or your distribution's equivalent) yourself" >&2
        return 1
    fi
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo -n"
        else
            echo "error: $what missing; run as root: apt-get update && apt-get install -y $*" >&2
            return 1
        fi
    fi
    if ! { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q \
            && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; } >&2; then
        echo "error: could not install $* with apt-get; install them yourself and run again" >&2
        return 1
    fi
}

# pitr_ensure_command COMMAND [PACKAGE]: makes sure COMMAND is on the PATH, installing PACKAGE (default: the
# command's name) with apt-get when it is missing.
pitr_ensure_command() {
    local cmd="$1" package="${2:-$1}"
    command -v "$cmd" >/dev/null 2>&1 && return 0
    echo "the benchmark needs $cmd; installing the package $package with apt-get" >&2
    pitr_apt_install "$cmd" "$package" || return 1
    command -v "$cmd" >/dev/null 2>&1 || { echo "error: $cmd still missing after installing $package" >&2; return 1; }
}
