#!/usr/bin/env bash
# `make bundle`: dist/hyogo-liaison-<version>.tar.gz, everything a closed-network server needs besides
# the Debian packages (README「閉域網への導入」): the project's files (no stores, no tests), a wheel of
# every runtime requirement and its dependencies for the target Python on x86-64 Linux, the Debian
# package list, the systemd unit and install.sh.
#
# Environment: BUNDLE_VERSION (default: the VERSION file), BUNDLE_PYTHON (default 3.11, Debian 12),
# DIST (default dist), BUNDLE_PIP (default `python3 -m pip`; make passes the venv's), BUNDLE_WHEELS (a folder of wheels to reuse; default a cache under DIST, filled
# by `pip download` when requirements-runtime.txt changes — this step alone needs a package index).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="${BUNDLE_VERSION:-$(cat VERSION)}"
PY="${BUNDLE_PYTHON:-3.11}"
DIST="${DIST:-dist}"
NAME="hyogo-liaison-$VERSION"
[[ "$VERSION" =~ ^[0-9A-Za-z.+_-]+$ ]] || { echo "版の書式が不正です: $VERSION" >&2; exit 2; }
mkdir -p "$DIST"
DIST="$(cd "$DIST" && pwd)"

# Wheels: Debian 12 and Ubuntu 22.04+ have glibc >= 2.35, so any manylinux wheel up to 2_35 runs
# (pip takes the accepted platform tags one by one).
REQ_SUM="$(sha256sum requirements-runtime.txt | cut -c1-16)"
WHEELS="${BUNDLE_WHEELS:-$DIST/.wheels-cp${PY/./}-$REQ_SUM}"
if [[ ! -f "$WHEELS/.complete" ]]; then
    rm -rf "$WHEELS.partial"
    mkdir -p "$WHEELS.partial"
    platforms=(--platform manylinux1_x86_64 --platform manylinux2010_x86_64 --platform manylinux2014_x86_64)
    for minor in $(seq 5 35); do platforms+=(--platform "manylinux_2_${minor}_x86_64"); done
    ${BUNDLE_PIP:-python3 -m pip} download --quiet --disable-pip-version-check --only-binary=:all: \
        "${platforms[@]}" --python-version "$PY" --implementation cp \
        --abi "cp${PY/./}" -d "$WHEELS.partial" -r requirements-runtime.txt
    touch "$WHEELS.partial/.complete"
    rm -rf "$WHEELS"
    mv "$WHEELS.partial" "$WHEELS"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/$NAME"
mkdir -p "$STAGE/wheels"
# The working tree's tracked and new (not ignored) files, minus what an installation never runs.
git ls-files -z --cached --others --exclude-standard |
    grep -zvE '^(tests/|bench/|\.ci/|\.gitignore$)|\.duckdb(\.wal)?$' |
    while IFS= read -r -d '' file; do
        [[ -f "$file" ]] && printf '%s\0' "$file"
    done | tar --null -T - -cf - | tar -C "$STAGE" -xf -
echo "$VERSION" >"$STAGE/VERSION"
cp deploy/install.sh "$STAGE/install.sh"
chmod 755 "$STAGE/install.sh" "$STAGE/deploy/liaison" "$STAGE/deploy/install.sh"
cp "$WHEELS"/*.whl "$STAGE/wheels/"
echo "$PY" >"$STAGE/wheels/PYTHON"
(cd "$STAGE/wheels" && sha256sum ./*.whl >SHA256SUMS)

OUT="$DIST/$NAME.tar.gz"
tar -C "$WORK" --owner=0 --group=0 --numeric-owner -cf - "$NAME" | gzip -1 >"$OUT.partial"
mv "$OUT.partial" "$OUT"
echo "バンドルを作成しました: $OUT（$(du -h "$OUT" | cut -f1)、wheel $(ls "$STAGE/wheels" | grep -c '\.whl$') 個、Python $PY）"
