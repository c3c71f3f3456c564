#!/usr/bin/env bash
# Installs the dependencies, builds the release binaries and starts forumd in the foreground on
# ./forum.db (created and seeded with the reference event on first start). Extra arguments go to
# forumd, e.g. `deploy/start.sh --listen 0.0.0.0:50051 --tls-cert cert.pem --tls-key key.pem`
# (an address off this machine needs TLS: tokens must not cross a network in clear). Stop it
# with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target forumd forumctl
echo "forumctl is at build/release/clients/forumctl; try: build/release/clients/forumctl events list"
exec build/release/server/forumd --db "${FORUM_DB:-forum.db}" "$@"
