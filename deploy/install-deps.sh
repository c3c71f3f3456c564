#!/usr/bin/env bash
# Installs every build, test and run-time dependency of the forum backend from Debian 12's
# packages. Idempotent: a second run installs nothing new. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libgrpc++-dev libssl-dev libgrpc-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libsqlite3-dev sqlite3 libsqlitecpp-dev
  libpqxx-dev postgresql
  libspdlog-dev libfmt-dev libcli11-dev libboost1.81-dev zlib1g-dev libcpp-httplib-dev
  prometheus-cpp-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev libxml2-dev
  libxml2-utils
  clang-14 libclang-rt-14-dev libfuzzer-14-dev
  python3 python3-grpcio python3-protobuf
  python3-icalendar tzdata openssl git curl
  chromium chromium-driver python3-selenium firefox-esr python3-websocket
  nodejs
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm (deploy/lint-protos.sh installs buf with it) comes inside NodeSource's nodejs package;
# with Debian's nodejs it is a package of its own.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "install-deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
