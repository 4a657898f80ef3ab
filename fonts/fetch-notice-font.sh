#!/usr/bin/env bash
# Puts the CJK font of the result notices (办理结果告知书) where the build packages it:
#   $1/fonts/NotoSansSC-Regular.ttf and $1/fonts/NotoSansSC-OFL.txt
# Noto Sans SC Regular (Adobe/Google, SIL Open Font License 1.1) as TrueType with glyf outlines, which PDFBox embeds as
# a subset. It comes from the npm package @expo-google-fonts/noto-sans-sc, fetched with the npm client (its cache makes
# later and offline builds work) and checked against the SHA-256 pinned below.
# Without npm or the registry the build goes on without the font and says so: tests that need it skip with that reason
# and the prod profile refuses to start. Under CI=true (or BRIDGE_NOTICE_FONT_REQUIRED=true) that is an error instead.
set -euo pipefail

out="${1:?usage: fetch-notice-font.sh OUTPUT_DIR}"
package="@expo-google-fonts/noto-sans-sc@0.4.3"
member="package/400Regular/NotoSansSC_400Regular.ttf"
licence="package/LICENSE_FONT"
font_sha256="d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16"
licence_sha256="1c05c68c34f9708415aada51f17e1b0092d2cea709bf4a94cd38114f9e73d7d9"
target="$out/fonts/NotoSansSC-Regular.ttf"

unavailable() {
  if [ "${CI:-}" = "true" ] || [ "${BRIDGE_NOTICE_FONT_REQUIRED:-}" = "true" ]; then
    echo "notice font: $1 (required: CI=true or BRIDGE_NOTICE_FONT_REQUIRED=true)" >&2
    exit 1
  fi
  echo "[WARNING] notice font: $1; the build goes on without it: result-notice PDF tests skip and the prod profile" \
       "will not start (set bridge.notices.font-path to a TrueType CJK font, docs/result-notices.md)" >&2
  exit 0
}

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$target" ] && [ "$(sha_of "$target")" = "$font_sha256" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || unavailable "npm is not installed"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent --prefer-offline "$package" >/dev/null 2>"$work/npm.log"); then
  unavailable "npm pack $package failed: $(tail -n 3 "$work/npm.log" | tr '\n' ' ')"
fi
tar -xzf "$work"/*.tgz -C "$work" "$member" "$licence"
[ "$(sha_of "$work/$member")" = "$font_sha256" ] || unavailable "$member in $package has an unexpected SHA-256"
[ "$(sha_of "$work/$licence")" = "$licence_sha256" ] || unavailable "$licence in $package has an unexpected SHA-256"
mkdir -p "$out/fonts"
cp "$work/$licence" "$out/fonts/NotoSansSC-OFL.txt"
cp "$work/$member" "$target.partial"
mv "$target.partial" "$target"
echo "notice font: $package → $target"
