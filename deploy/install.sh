#!/usr/bin/env bash
# Install or upgrade the dashboard from this bundle, with no network (README「閉域網への導入」).
#
#   sudo ./install.sh [--prefix /opt/hyogo-liaison] [--etc /etc/hyogo-liaison]
#                     [--data /var/lib/hyogo-liaison] [--user hyogo-liaison] [--no-systemd]
#
# Each version goes to <prefix>/releases/<version> (its own venv, filled from the bundle's wheels
# only); <prefix>/current points at the one in use. The configuration file <etc>/liaison.env is
# written only when missing. The store and its backups belong to the service user (files 0600,
# folders 0700).
#
# On an existing installation this is an upgrade: stop the service, back the store up, install
# the new release beside the old one, migrate the store in place, switch `current`, start, check
# health. If any step fails it switches back, puts the store back as it was before the upgrade,
# starts the old version, says what happened and exits 1.
#
# --no-systemd: no unit is installed; the service runs as a background process (pid file and log
# in the store's folder). For tests and machines without systemd.
set -Eeuo pipefail

BUNDLE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
PREFIX=/opt/hyogo-liaison
ETC=/etc/hyogo-liaison
DATA=/var/lib/hyogo-liaison
SVC_USER=hyogo-liaison
SYSTEMD=1
UNIT_NAME=hyogo-liaison.service
HEALTH_WAIT="${LIAISON_HEALTH_WAIT:-90}"
# The distribution's Python (deploy/debian-packages.txt), not whatever python3 comes first in PATH.
PYTHON3="${LIAISON_PYTHON:-/usr/bin/python3}"

say() { printf '%s\n' "$*"; }
die() { printf 'エラー: %s\n' "$*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --prefix) PREFIX="$2"; shift 2 ;;
        --etc) ETC="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --user) SVC_USER="$2"; shift 2 ;;
        --no-systemd) SYSTEMD=0; shift ;;
        -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "不明な引数です: $1（--help で使い方を表示）" ;;
    esac
done

VERSION="$(cat "$BUNDLE/VERSION")"
RELEASES="$PREFIX/releases"
RELEASE="$RELEASES/$VERSION"
CURRENT="$PREFIX/current"
ENV_FILE="$ETC/liaison.env"
IS_ROOT=0
if [[ "$(id -u)" -eq 0 ]]; then IS_ROOT=1; fi
SVC_GROUP=""

# ------------------------------------------------------------------ checks before changing anything
[[ -d "$BUNDLE/wheels" && -f "$BUNDLE/requirements-runtime.txt" ]] || die "バンドルに wheels/ がありません: $BUNDLE"
[[ -x "$PYTHON3" ]] || die "$PYTHON3 がありません（deploy/debian-packages.txt の python3 python3-venv を先に導入してください）"
WANT_PY="$(cat "$BUNDLE/wheels/PYTHON")"
HAVE_PY="$("$PYTHON3" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
[[ "$WANT_PY" == "$HAVE_PY" ]] || die "このバンドルは Python $WANT_PY 用です（このサーバーは $HAVE_PY）。Python $HAVE_PY 用のバンドルを作ってください（make bundle BUNDLE_PYTHON=$HAVE_PY）。"
"$PYTHON3" -c 'import ensurepip, venv' 2>/dev/null || die "python3-venv がありません（deploy/debian-packages.txt 参照）"
(cd "$BUNDLE/wheels" && sha256sum --quiet --strict -c SHA256SUMS) ||
    die "バンドルの wheel が壊れています（SHA256SUMS と一致しません）。バンドルを運び直してください。"
if [[ "$SYSTEMD" -eq 1 ]]; then
    [[ "$IS_ROOT" -eq 1 ]] || die "systemd のサービスとして導入するには root で実行してください（sudo ./install.sh）"
    command -v systemctl >/dev/null || die "systemctl がありません。systemd のないサーバーでは --no-systemd を付けてください"
fi
if [[ "$IS_ROOT" -eq 0 ]]; then
    SVC_USER="$(id -un)"  # without root everything belongs to the user running this
fi

# ------------------------------------------------------------------ helpers
as_user() {  # run a command as the service user, with owner-only files
    if [[ "$IS_ROOT" -eq 1 && "$SVC_USER" != root ]]; then
        setpriv --reuid="$SVC_USER" --regid="$SVC_GROUP" --init-groups \
            env HOME="$DATA_DIR" bash -c 'umask 077; exec "$@"' as_user "$@"
    else
        (umask 077; "$@")
    fi
}

own() {  # owner-only: folders 0700, files 0600, owned by the service user
    local path
    for path in "$@"; do
        [[ -e "$path" ]] || continue
        if [[ "$IS_ROOT" -eq 1 ]]; then chown -R "$SVC_USER:$SVC_GROUP" "$path"; fi
        find "$path" -type d -exec chmod 0700 {} + -o -type f -exec chmod 0600 {} +
    done
}

ensure_user() {
    [[ "$IS_ROOT" -eq 1 ]] || return 0
    if ! id -u "$SVC_USER" >/dev/null 2>&1; then
        useradd --system --user-group --home-dir "$DATA" --no-create-home \
            --shell /usr/sbin/nologin --comment "Hyogo DX Liaison Dashboard" "$SVC_USER"
        say "サービス用のユーザーを作成しました: $SVC_USER"
    fi
    SVC_GROUP="$(id -gn "$SVC_USER")"
}

write_config() {
    mkdir -p "$ETC"
    chmod 0750 "$ETC"
    if [[ "$IS_ROOT" -eq 1 ]]; then chown "root:$SVC_GROUP" "$ETC"; fi
    if [[ -e "$ENV_FILE" ]]; then
        say "設定ファイルはそのまま使います: $ENV_FILE"
    else
        sed -e "s#/var/lib/hyogo-liaison#$DATA#g" -e "s#/etc/hyogo-liaison#$ETC#g" \
            "$BUNDLE/deploy/liaison.env" >"$ENV_FILE"
        chmod 0640 "$ENV_FILE"
        if [[ "$IS_ROOT" -eq 1 ]]; then chown "root:$SVC_GROUP" "$ENV_FILE"; fi
        say "設定ファイルを作成しました: $ENV_FILE"
    fi
}

load_config() {
    local key value
    while IFS='=' read -r key value; do
        [[ "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
        export "$key=$value"
    done <"$ENV_FILE"
    export LIAISON_ENV_FILE="$ENV_FILE"
    : "${LIAISON_DB:=$DATA/liaison.duckdb}"
    export LIAISON_DB
    DATA_DIR="$(dirname "$LIAISON_DB")"
    BACKUPS="$DATA_DIR/backups"
    PIDFILE="$DATA_DIR/liaison.pid"
    LOGFILE="$DATA_DIR/liaison.log"
}

prepare_data() {
    mkdir -p "$BACKUPS"
    own "$DATA_DIR"
    if [[ -n "${LIAISON_BACKUP_COPY_DIR:-}" ]]; then
        mkdir -p "$LIAISON_BACKUP_COPY_DIR" && own "$LIAISON_BACKUP_COPY_DIR" ||
            say "注意: バックアップの複製先を準備できません: $LIAISON_BACKUP_COPY_DIR（複製は失敗として記録されます）"
    fi
}

install_release() {  # the release folder with its own venv, from the bundle's wheels only
    if [[ -e "$RELEASE" ]]; then
        rm -rf "$RELEASE"  # an earlier attempt at this version that never became current
    fi
    mkdir -p "$RELEASES"
    chmod 0755 "$PREFIX" "$RELEASES"
    (umask 022
        mkdir "$RELEASE"
        tar -C "$BUNDLE" --exclude=./wheels --exclude=./install.sh -cf - . | tar -C "$RELEASE" -xf - --no-same-owner
        printf 'LIAISON_ENV_FILE=%s\n' "$ENV_FILE" >"$RELEASE/deploy/installed.env"
        "$PYTHON3" -m venv "$RELEASE/venv"
        # No configuration, no index, no proxy: only the bundle's wheels (this machine's pip.conf,
        # PIP_* variables and any mirror are ignored).
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$RELEASE" PIP_CONFIG_FILE=/dev/null \
            PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
            "$RELEASE/venv/bin/python" -m pip install --quiet --no-index --find-links "$BUNDLE/wheels" \
            --only-binary=:all: -r "$BUNDLE/requirements-runtime.txt"
        "$RELEASE/venv/bin/python" -m compileall -q -j 0 "$RELEASE/liaison" "$RELEASE/dashboard" \
            "$RELEASE/views" >/dev/null
        chmod -R u+rwX,go+rX,go-w "$RELEASE"
    )
    say "版 $VERSION を導入しました: $RELEASE"
}

switch_to() {  # point `current` at a release, atomically
    ln -sfn "$1" "$PREFIX/.current.new"
    mv -T "$PREFIX/.current.new" "$CURRENT"
}

install_unit() {
    [[ "$SYSTEMD" -eq 1 ]] || return 0
    local unit="/etc/systemd/system/$UNIT_NAME"
    sed -e "s#/opt/hyogo-liaison#$PREFIX#g" -e "s#/etc/hyogo-liaison#$ETC#g" \
        -e "s#/var/lib/hyogo-liaison#$DATA_DIR#g" -e "s#^User=.*#User=$SVC_USER#" \
        -e "s#^Group=.*#Group=$SVC_GROUP#" "$CURRENT/deploy/hyogo-liaison.service" >"$unit.new"
    if [[ -n "${LIAISON_BACKUP_COPY_DIR:-}" ]]; then
        sed -i "s#^ReadWritePaths=.*#& $LIAISON_BACKUP_COPY_DIR#" "$unit.new"
    fi
    chmod 0644 "$unit.new"
    mv "$unit.new" "$unit"
    systemctl daemon-reload
    systemctl enable "$UNIT_NAME" >/dev/null
}

service_running() {
    if [[ "$SYSTEMD" -eq 1 ]]; then
        systemctl is-active --quiet "$UNIT_NAME"
    else
        [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
    fi
}

start_service() {
    if [[ "$SYSTEMD" -eq 1 ]]; then
        systemctl start "$UNIT_NAME"
        return
    fi
    (umask 077; touch "$LOGFILE")
    own "$LOGFILE"
    if [[ "$IS_ROOT" -eq 1 && "$SVC_USER" != root ]]; then
        setsid setpriv --reuid="$SVC_USER" --regid="$SVC_GROUP" --init-groups \
            env HOME="$DATA_DIR" "$CURRENT/deploy/liaison" serve >>"$LOGFILE" 2>&1 </dev/null &
    else
        setsid "$CURRENT/deploy/liaison" serve >>"$LOGFILE" 2>&1 </dev/null &
    fi
    local pid=$!
    (umask 077; echo "$pid" >"$PIDFILE")
    own "$PIDFILE"
}

stop_service() {
    if [[ "$SYSTEMD" -eq 1 ]]; then
        systemctl stop "$UNIT_NAME" 2>/dev/null || true
        return
    fi
    [[ -f "$PIDFILE" ]] || return 0
    local pid
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
}

health() {  # the release's own health check, asked until healthy, the service died, or time is up
    local deadline=$((SECONDS + HEALTH_WAIT))
    while ((SECONDS < deadline)); do
        if as_user "$1/deploy/liaison" health >/dev/null 2>&1; then
            break
        fi
        if [[ "$SYSTEMD" -eq 0 ]] && ! service_running; then
            say "サービスが終了しました（ログ: $LOGFILE） / The service exited."
            break
        fi
        sleep 1
    done
    as_user "$1/deploy/liaison" health  # says what is (un)healthy; its exit code is the answer
}

has_admin() {
    as_user "$CURRENT/deploy/liaison" store serve-check --db "$LIAISON_DB" >/dev/null 2>&1
}

# ------------------------------------------------------------------ first installation
fresh_install() {
    install_release
    switch_to "$RELEASE"
    install_unit
    if [[ ! -e "$LIAISON_DB" ]]; then
        as_user "$CURRENT/deploy/liaison" store init --db "$LIAISON_DB"
    fi
    own "$DATA_DIR"
    if has_admin; then
        start_service
        if health "$CURRENT"; then
            say "導入しました: 版 $VERSION（$CURRENT）"
        else
            die "版 $VERSION を導入しましたが、起動後の確認に失敗しました。ログ: journalctl -u ${UNIT_NAME%.service} または $LOGFILE"
        fi
    else
        say "導入しました: 版 $VERSION（$CURRENT）。次に最初の管理者を作成してから起動します:"
        say "  sudo -u $SVC_USER $CURRENT/deploy/liaison accounts create-admin <ログイン名> --name <氏名> --db $LIAISON_DB"
        if [[ "$SYSTEMD" -eq 1 ]]; then
            say "  sudo systemctl start ${UNIT_NAME%.service}"
        else
            say "  もう一度 ./install.sh を実行すると起動します（--no-systemd）"
        fi
    fi
}

# ------------------------------------------------------------------ upgrade with rollback
OLD=""
OLD_VERSION=""
STEP=""
SNAPSHOT=""
BACKUP_ZIP=""

rollback() {
    local status=$?
    trap - ERR
    set +e
    say ""
    say "アップグレードに失敗しました（手順: $STEP）。版 $OLD_VERSION に戻します。"
    say "Upgrade to $VERSION failed at step '$STEP'; rolling back to $OLD_VERSION."
    stop_service
    switch_to "$OLD"
    if [[ -n "$SNAPSHOT" && -f "$SNAPSHOT" ]]; then
        if cmp -s "$SNAPSHOT" "$LIAISON_DB" && [[ ! -e "$LIAISON_DB.wal" ]]; then
            say "ストアは変更されていません（アップグレード前と同じ内容）。 / The store was not changed."
        else
            cp --preserve=mode,ownership "$SNAPSHOT" "$LIAISON_DB.rollback" &&
                mv -f "$LIAISON_DB.rollback" "$LIAISON_DB" && rm -f "$LIAISON_DB.wal"
            if cmp -s "$SNAPSHOT" "$LIAISON_DB"; then
                say "ストアをアップグレード前の状態に戻しました（バイト単位で同一）。 / The store was put back as it was."
            else
                say "ストアを戻せませんでした。バックアップから復元してください: $BACKUP_ZIP"
                say "The store could not be put back; restore it from $BACKUP_ZIP"
            fi
        fi
    fi
    own "$DATA_DIR"
    if [[ "$SYSTEMD" -eq 1 ]]; then install_unit; fi
    start_service
    if health "$OLD"; then
        say "版 $OLD_VERSION で起動しました。 / $OLD_VERSION is running again."
    else
        say "版 $OLD_VERSION の起動後の確認にも失敗しました。ログを確認してください。 / $OLD_VERSION failed its health check too."
    fi
    if [[ -n "$BACKUP_ZIP" ]]; then say "アップグレード前のバックアップ: $BACKUP_ZIP"; fi
    rm -rf "$RELEASE"
    if [[ -n "$SNAPSHOT" ]]; then rm -f "$SNAPSHOT"; fi
    exit $((status == 0 ? 1 : status))
}

upgrade() {
    say "版 $OLD_VERSION から版 $VERSION にアップグレードします。"
    trap rollback ERR  # from here on, any failure puts the old version back and starts it
    STEP="stop"
    stop_service
    STEP="backup"
    if [[ -e "$LIAISON_DB" ]]; then
        local stem stamp
        stem="$(basename "$LIAISON_DB")"
        stem="${stem%.*}"
        stamp="$(TZ=Asia/Tokyo date +%Y%m%d-%H%M%S)"
        BACKUP_ZIP="$BACKUPS/$stem-$stamp-before-upgrade.zip"
        as_user "$OLD/deploy/liaison" backup create --db "$LIAISON_DB" --out "$BACKUP_ZIP"
        SNAPSHOT="$BACKUPS/.$stem-before-upgrade-$VERSION.duckdb"
        as_user cp "$LIAISON_DB" "$SNAPSHOT"
    fi
    STEP="install"
    install_release
    if [[ -e "$LIAISON_DB" ]]; then
        STEP="migrate"
        as_user "$RELEASE/deploy/liaison" store migrate --db "$LIAISON_DB"
    fi
    STEP="switch"
    switch_to "$RELEASE"
    install_unit
    STEP="start"
    start_service
    STEP="health"
    health "$RELEASE"
    trap - ERR
    if [[ -n "$SNAPSHOT" ]]; then rm -f "$SNAPSHOT"; fi
    own "$DATA_DIR"
    # Keep the previous release for a manual rollback; older ones go.
    local keep
    for keep in $(ls -1t "$RELEASES" | tail -n +3); do
        if [[ "$RELEASES/$keep" != "$(readlink -f "$CURRENT")" ]]; then rm -rf "${RELEASES:?}/$keep"; fi
    done
    say "アップグレードしました: 版 $OLD_VERSION → 版 $VERSION（バックアップ: ${BACKUP_ZIP:-なし}）"
    say "Upgraded $OLD_VERSION -> $VERSION."
}

# ------------------------------------------------------------------ main
ensure_user
write_config
load_config
prepare_data
if [[ -L "$CURRENT" && -d "$(readlink -f "$CURRENT")" ]]; then
    OLD="$(readlink -f "$CURRENT")"
    OLD_VERSION="$(cat "$OLD/VERSION")"
    if [[ "$OLD" == "$(readlink -f "$RELEASE" 2>/dev/null || true)" ]]; then
        say "版 $VERSION は導入済みです（$CURRENT）。"
        if ! service_running && has_admin; then
            start_service
            health "$CURRENT"
        fi
        exit 0
    fi
    upgrade
else
    fresh_install
fi
