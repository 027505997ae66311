#!/bin/sh
# Installs the Debian packages a make goal needs, or says exactly what to run.
# usage: toolchains/deps.sh build|check|bench|demo|cross
# Root: apt-get installs what is missing.  Not root: prints the apt-get line, exit 1.
set -eu
want="make gcc musl-tools musl-dev dpkg-dev xz-utils openssl"
case "${1:-build}" in
build) ;;
demo)  ;;
check) want="$want clang libclang-rt-14-dev busybox-static postfix util-linux iproute2 valgrind python3 ca-certificates binutils file nsd unbound ldnsutils bind9-dnsutils nginx groff-base bind9 gnutls-bin libidn12 libevent-2.1-7" ;;
bench) want="$want postfix valgrind util-linux ca-certificates iproute2 nsd unbound ldnsutils bind9-dnsutils python3 libnetfilter-queue-dev iptables iputils-ping libc6-dev" ;;
cross) want="$want gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-mipsel-linux-gnu gcc-mips-linux-gnu qemu-user-static" ;;
*) echo "deps.sh: unknown goal '$1'" >&2; exit 3 ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "missing Debian packages; run as root: apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Postfix must not ask which mail setup to create: the tests run private instances.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $missing >/dev/null
