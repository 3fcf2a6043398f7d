#!/bin/sh
# Regenerate the screenshots in this folder (see make.py). Not part of `make test`.
set -e
cd "$(dirname "$0")/../.."
exec .venv/bin/python docs/screenshots/make.py "$@"
