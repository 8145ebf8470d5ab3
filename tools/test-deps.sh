#!/usr/bin/env bash
# test-deps.sh installs what `make test` needs on a Debian machine, asking
# apt and npm only for what is missing, so that a second run does nothing:
#
#   - the checkers the tests run on Folio's output: epubcheck (with a Java
#     runtime), poppler-utils (pdffonts, pdfinfo, pdftotext, pdftoppm,
#     pdfimages), qpdf, mupdf-tools (mutool) and Ghostscript;
#   - Chromium, which Ace drives and the preview's test runs;
#   - pandoc and calibre (ebook-convert), other readers of the EPUB;
#   - Node.js 20 or later and npm, and the npm packages in tools/node
#     (Ace by DAISY, ajv), installed with `npm ci`; Ace drives Debian's Chromium.
#
# apt runs as root, or through sudo when it can ask no password. Without
# either, the script prints the command to run and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'test-deps: %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# apt_install installs Debian packages, as root or through sudo.
apt_updated=
apt_install() {
	local apt=(apt-get)
	if [ "$(id -u)" -ne 0 ]; then
		if have sudo && sudo -n true 2>/dev/null; then
			apt=(sudo -n apt-get)
		else
			log "missing Debian packages: $*"
			log "run: sudo apt-get install -y --no-install-recommends $*"
			exit 1
		fi
	fi
	if [ -z "$apt_updated" ]; then
		log "apt-get update"
		DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
		apt_updated=1
	fi
	log "apt-get install $*"
	DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "$@" >/dev/null
}

# node_ok reports whether Node.js 20 or later and npm are on the PATH.
node_ok() {
	have node && have npm &&
		node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 20 ? 1 : 0)' 2>/dev/null
}

missing=()
dpkg -s epubcheck >/dev/null 2>&1 || missing+=(epubcheck)
have java || missing+=(default-jre-headless)
for tool in pdffonts pdfinfo pdftotext pdftoppm pdfimages; do
	have "$tool" || { missing+=(poppler-utils); break; }
done
have qpdf || missing+=(qpdf)
have mutool || missing+=(mupdf-tools)
have gs || missing+=(ghostscript)
have chromium || missing+=(chromium)
have pandoc || missing+=(pandoc)
have ebook-convert || missing+=(calibre)
node_ok || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
	apt_install "${missing[@]}"
fi

if ! node_ok; then
	log "Ace by DAISY needs Node.js 20 or later; this machine has $(node --version 2>/dev/null || echo none)."
	log "Debian 13 ships Node.js 20 (apt-get install nodejs npm); on Debian 12, install it from NodeSource."
	exit 1
fi

# the npm packages, again only when package-lock.json changed since the
# last install
stamp=tools/node/node_modules/.folio-lock
if ! cmp -s tools/node/package-lock.json "$stamp"; then
	log "npm ci in tools/node"
	(cd tools/node && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	cp tools/node/package-lock.json "$stamp"
fi
