# Shared helpers for Waymark's scripts. Source it; do not run it.

# Installs Debian packages that are missing, running apt-get update once first.
ensure_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing ${missing[*]} from Debian's packages…" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if [ -z "${WAYMARK_APT_UPDATED:-}" ]; then
        $sudo apt-get update -qq >&2
        export WAYMARK_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# A TCP port on 127.0.0.1 that nothing is listening on.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts a throwaway PostgreSQL on 127.0.0.1 and sets WAYMARK_TEST_POSTGRES_URL and PG_SCRATCH.
# Call stop_scratch_postgres when done (the test script does it on exit).
start_scratch_postgres() {
    ensure_packages postgresql
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    PG_BIN="$bin"
    PG_SCRATCH=$(mktemp -d /tmp/waymark-pg.XXXXXX)
    local port
    port=$(free_port)
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        # initdb refuses to run as root.
        chown postgres "$PG_SCRATCH"
        run=(runuser -u postgres --)
    fi
    "${run[@]}" "$bin/initdb" -D "$PG_SCRATCH/data" -A trust -U postgres >"$PG_SCRATCH/initdb.log" 2>&1 \
        || { cat "$PG_SCRATCH/initdb.log" >&2; return 1; }
    "${run[@]}" "$bin/pg_ctl" -D "$PG_SCRATCH/data" -l "$PG_SCRATCH/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_SCRATCH -c fsync=off -c max_connections=1000" start >/dev/null \
        || { cat "$PG_SCRATCH/server.log" >&2; return 1; }
    PG_RUN=("${run[@]}")
    export WAYMARK_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
    echo "PostgreSQL for the tests is on 127.0.0.1:$port" >&2
}

stop_scratch_postgres() {
    [ -n "${PG_SCRATCH:-}" ] || return 0
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_SCRATCH/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_SCRATCH"
}

# Installs Python test tools from PyPI when they are not importable.
ensure_python_packages() {
    local missing=()
    for package in "$@"; do
        local module="${package//-/_}"
        python3 -c "import $module" 2>/dev/null || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing ${missing[*]} from PyPI…" >&2
    python3 -m pip install -q --disable-pip-version-check "${missing[@]}" >&2
}
