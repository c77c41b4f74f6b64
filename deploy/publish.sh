#!/usr/bin/env bash
# Builds the one `outpost` executable (hub, agent and operator commands) as a self-contained
# single file for Linux lab computers and hubs: no .NET runtime needs to be installed there.
#
#   deploy/publish.sh                  # linux-x64 and linux-arm64 into out/<rid>/outpost
#   deploy/publish.sh linux-arm64      # only the RIDs named
#   OUT=/tmp/outpost deploy/publish.sh # another output root
#
# IncludeNativeLibrariesForSelfExtract=true puts the one native library (libe_sqlite3.so, used by
# the hub's and the agent's SQLite) inside the file too; without it that .so sits next to the
# binary and has to be copied along. At first start the runtime extracts it to
# $DOTNET_BUNDLE_EXTRACT_BASE_DIR (default ~/.net); the systemd units point that at
# /var/cache/outpost.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

out_root="${OUT:-out}"
configuration="${CONFIGURATION:-Release}"
if [ "$#" -gt 0 ]; then
    rids=("$@")
else
    rids=(linux-x64 linux-arm64)
fi

failed=()
for rid in "${rids[@]}"; do
    out="$out_root/$rid"
    echo "==> $rid -> $out"
    rm -rf "$out"
    if dotnet publish src/Outpost.Cli -c "$configuration" -r "$rid" --self-contained \
        -p:PublishSingleFile=true \
        -p:EnableCompressionInSingleFile=true \
        -p:IncludeNativeLibrariesForSelfExtract=true \
        -p:DebugType=none \
        -p:GenerateDocumentationFile=false \
        -o "$out"; then
        :
    else
        echo "!! publish for $rid failed" >&2
        failed+=("$rid")
    fi
done

echo
echo "Sizes:"
for rid in "${rids[@]}"; do
    file="$out_root/$rid/outpost"
    if [ -f "$file" ]; then
        bytes=$(stat -c %s "$file")
        printf '  %-12s %s  %6.1f MiB  (%s bytes)\n' "$rid" "$file" "$(awk -v b="$bytes" 'BEGIN { print b / 1048576 }')" "$bytes"
        extra=$(find "$out_root/$rid" -maxdepth 1 -type f ! -name outpost -printf '%f ' || true)
        if [ -n "$extra" ]; then
            echo "               also in $out_root/$rid: $extra"
        fi
    else
        printf '  %-12s (not built)\n' "$rid"
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "failed: ${failed[*]}" >&2
    exit 1
fi
