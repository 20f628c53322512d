#!/usr/bin/env bash
# Vendors DKFDS and htmx from the npm registry into the static files, so nothing is loaded
# from the internet at run time. Run it to upgrade; commit the result.
set -euo pipefail
DKFDS_VERSION=11.2.0
HTMX_VERSION=2.0.7
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/src/fremdrift/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "dkfds@$DKFDS_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null
mkdir dkfds htmx
tar xzf "dkfds-$DKFDS_VERSION.tgz" -C dkfds
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx
rm -rf "$dest/dkfds" "$dest/htmx"
mkdir -p "$dest/dkfds/css" "$dest/dkfds/js" "$dest/htmx"
src=dkfds/package/dist
cp "$src/css/dkfds.min.css" "$dest/dkfds/css/"
cp "$src/js/dkfds.min.js" "$dest/dkfds/js/"
cp -r "$src/img" "$dest/dkfds/img"
# Only the font files the stylesheet refers to.
grep -o 'url(\.\./fonts/[^)]*)' "$src/css/dkfds.min.css" | sed 's/url(\.\.\/\(.*\))/\1/' | sort -u |
  while read -r font; do
    mkdir -p "$dest/dkfds/$(dirname "$font")"
    cp "$src/$font" "$dest/dkfds/$font"
  done
cp "$src/LICENSE.md" "$dest/dkfds/LICENSE.md"
cp htmx/package/dist/htmx.min.js "$dest/htmx/"
# Source maps are not shipped; drop the references so the manifest storage finds every file.
sed -i 's|/\*# sourceMappingURL=[^*]*\*/||; s|//# sourceMappingURL=.*$||' \
  "$dest/dkfds/css/dkfds.min.css" "$dest/dkfds/js/dkfds.min.js" "$dest/htmx/htmx.min.js"
cp htmx/package/LICENSE "$dest/htmx/LICENSE"
echo "DKFDS $DKFDS_VERSION and htmx $HTMX_VERSION vendored into $dest"
