#!/usr/bin/env bash
# Installs code-server (the real VS Code, served to a browser) into .cache/code-server on first
# use, for the editor tests and `npm run editor`. Not a package dependency: it is 300 MB.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=4.100.3            # the newest code-server that runs on Node 20
RG_VERSION=1.15.11         # the @vscode/ripgrep it depends on
PREFIX=.cache/code-server
BIN="$PREFIX/node_modules/.bin/code-server"

if [ -x "$BIN" ] && [ -f "$PREFIX/.installed-$VERSION" ]; then
  echo "$BIN"
  exit 0
fi

need=()
command -v rg >/dev/null || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "code-server needs these Debian packages: ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

# @vscode/ripgrep downloads a binary at install time; it first looks in this cache, so a
# tarball of Debian's rg (the same version 13.0.0) there lets the install pass offline.
tmp="${TMPDIR:-/tmp}"
cache="$tmp/vscode-ripgrep-cache-$RG_VERSION"
mkdir -p "$cache" "$tmp/rg-pack"
if [ ! -f "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
  cp "$(command -v rg)" "$tmp/rg-pack/rg"
  tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp/rg-pack" rg
fi

mkdir -p "$PREFIX"
# npm 11 runs dependency install scripts only when allowed; code-server's postinstall builds
# VS Code's native modules, and argon2 builds its own.
echo '{ "name": "virtplan-editor-cache", "private": true, "allowScripts": { "code-server": true, "argon2": true } }' > "$PREFIX/package.json"
npm_config_yes=true npm install --prefix "$PREFIX" --no-audit --no-fund --unsafe-perm "code-server@$VERSION" >&2
touch "$PREFIX/.installed-$VERSION"
echo "$BIN"
