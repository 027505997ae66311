#!/bin/sh
# certs.sh DIR -- the test PKI, made with openssl at test time (no key is
# ever committed).  Names, serials and validity dates are fixed so that a
# probe run with `--now $REF_NOW` gives the same day counts every time; only
# the keys (and so signatures and fingerprints) change between runs.
#
#   ca.crt ca.key          root "mxprobe test root CA" (RSA-2048)
#   int.crt int.key        intermediate "mxprobe test intermediate CA"
#   int2.crt               a second intermediate (int.key), profile intsoon
#   P.crt P.key P-leaf.crt for each profile P below: server chain (leaf,
#                          then intermediate), unencrypted PKCS#8 key (read
#                          by BearSSL's br_skey_decoder), the leaf alone
#   bundle.crt             the test CA bundle (ca.crt only)
#   system-bundle.crt      the system bundle + ca.crt last (if there is one)
#   dates.sh               REF_* variables below, for tests to source
#
# Profiles (SAN is the only name checked; CN is informative):
#   rsa        RSA-2048, SAN mx.mxprobe.test, mail.mxprobe.test
#   ecdsa      P-256,    SAN mx.mxprobe.test
#   expired    valid 2020-01-01 .. 2021-01-01
#   notyet     valid 2035-01-01 .. 2036-01-01
#   selfsigned self-signed leaf, SAN mx.mxprobe.test
#   wrongname  SAN other.mxprobe.test
#   wildcard   SAN *.mxprobe.test
#   leafonly   issued by the intermediate, P.crt holds the leaf only
#   soon       expires REF_SOON_DAYS days after REF_NOW
#   world      SAN the mail hosts of the DNS world (tests/lib/dnsworld.sh):
#              mx1, mx2, implicit, both, mxalias of sec.test and insec.test
#              (explicit names, no wildcard: a match on any other name of
#              those zones -- the domain, a PTR name -- would be a bug)
#   disorder   the rsa leaf (SAN mx.mxprobe.test) sent out of order:
#              P.crt holds leaf, root, intermediate (the root comes where
#              the leaf's issuer should)
#   intsoon    a leaf under a second intermediate, int2.crt ("mxprobe
#              test intermediate CA 2", int.key), which expires
#              REF_INTSOON_DAYS days after REF_NOW; the leaf lasts to 2035
#
# Idempotent: a complete DIR made by the same version of this script is
# left alone.  POSIX sh; needs openssl(1).
set -eu

# The clock tests pass to mxprobe (--now), and what follows from it.
REF_NOW=2026-06-01
REF_SOON_DAYS=5
REF_SOON_END=2026-06-06		# REF_NOW + REF_SOON_DAYS
REF_INTSOON_DAYS=20
REF_INTSOON_END=2026-06-21	# REF_NOW + REF_INTSOON_DAYS
INTSOON_END=20260621000000Z
# Validity of the CAs: wide enough for every leaf below.
CA_START=20190101000000Z
CA_END=20400101000000Z
# Validity of the good leaves (rsa, ecdsa, wrongname, ...): long, so that
# the demo, which runs on the real clock, stays valid for years.
LEAF_START=20250101000000Z
LEAF_END=20350101000000Z
LEAF_END_ISO=2035-01-01T00:00:00Z
LEAF_START_ISO=2025-01-01T00:00:00Z
EXPIRED_START=20200101000000Z
EXPIRED_END=20210101000000Z
NOTYET_START=20350101000000Z
NOTYET_END=20360101000000Z
SOON_START=20260101000000Z
SOON_END=20260606000000Z

VERSION=5		# bump when anything above or below changes
PROFILES="rsa ecdsa expired notyet selfsigned wrongname wildcard leafonly soon world disorder intsoon"

dir=${1:?usage: certs.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# Two test runs sharing DIR: the second waits, then finds it complete.
if command -v flock >/dev/null 2>&1; then
	exec 9> "$dir/.lock"
	flock 9
fi
if [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$VERSION" ]; then
	exit 0
fi
rm -f "$dir/.complete"
command -v openssl >/dev/null || { echo "certs.sh: openssl not found" >&2; exit 1; }

w="$dir/work"
rm -rf "$w"
mkdir -p "$w/new"

# One openssl ca configuration for every signature: fixed dates come from
# -startdate/-enddate, extensions from per-certificate sections of ext.cnf.
cat > "$w/ca.cnf" <<EOF
[ ca ]
default_ca = testca
[ testca ]
dir = $w
database = $w/index.txt
new_certs_dir = $w/new
serial = $w/serial
default_md = sha256
policy = anything
unique_subject = no
email_in_dn = no
copy_extensions = none
[ anything ]
organizationName = optional
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
EOF

cat > "$w/ext.cnf" <<'EOF'
[ root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ inter ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf_rsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:mx.mxprobe.test, DNS:mail.mxprobe.test
[ leaf_mx ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:mx.mxprobe.test
[ leaf_ec ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:mx.mxprobe.test
[ leaf_other ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:other.mxprobe.test
[ leaf_wild ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.mxprobe.test
[ leaf_world ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:mx1.sec.test, DNS:mx2.sec.test, DNS:implicit.sec.test, DNS:both.sec.test, DNS:mxalias.sec.test, DNS:mx1.insec.test, DNS:mx2.insec.test, DNS:implicit.insec.test, DNS:both.insec.test, DNS:mxalias.insec.test
[ leaf_self ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment, keyCertSign
extendedKeyUsage = serverAuth
subjectAltName = DNS:mx.mxprobe.test
EOF

: > "$w/index.txt"
O="/O=mxprobe test"

genkey() {	# file, rsa|ec: unencrypted PKCS#8 PEM ("PRIVATE KEY")
	case $2 in
	rsa) openssl genpkey -quiet -algorithm RSA \
	    -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null ||
	    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	    -out "$1" 2>/dev/null ;;
	ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$1" 2>/dev/null ;;
	esac
}

# sign OUT KEY SUBJ SERIAL START END EXTSECT [CACERT CAKEY]: without a CA,
# the certificate is self-signed.
sign() {
	out=$1 key=$2 subj=$3 serial=$4 start=$5 end=$6 ext=$7
	openssl req -new -config "$w/ca.cnf" -key "$key" -subj "$subj" \
	    -out "$w/req.csr"
	printf '%s\n' "$serial" > "$w/serial"
	if [ $# -ge 9 ]; then
		set -- -cert "$8" -keyfile "$9"
	else
		set -- -selfsign -keyfile "$key"
	fi
	openssl ca -batch -config "$w/ca.cnf" -notext -preserveDN \
	    -startdate "$start" -enddate "$end" -extfile "$w/ext.cnf" \
	    -extensions "$ext" "$@" -in "$w/req.csr" -out "$out" 2>/dev/null ||
	{ echo "certs.sh: openssl ca failed for $subj" >&2; exit 1; }
	: > "$w/index.txt"
}

# RSA key generation is most of the time: the four keys in parallel.
genkey "$dir/ca.key" rsa &
genkey "$dir/int.key" rsa &
genkey "$w/leaf-rsa.key" rsa &
genkey "$w/leaf-ec.key" ec &
wait
for k in "$dir/ca.key" "$dir/int.key" "$w/leaf-rsa.key" "$w/leaf-ec.key"; do
	[ -s "$k" ] || { echo "certs.sh: key generation failed: $k" >&2; exit 1; }
done

sign "$dir/ca.crt" "$dir/ca.key" "/CN=mxprobe test root CA$O" 1000 \
    "$CA_START" "$CA_END" root
sign "$dir/int.crt" "$dir/int.key" "/CN=mxprobe test intermediate CA$O" \
    1001 "$CA_START" "$CA_END" inter "$dir/ca.crt" "$dir/ca.key"
sign "$dir/int2.crt" "$dir/int.key" "/CN=mxprobe test intermediate CA 2$O" \
    1002 "$CA_START" "$INTSOON_END" inter "$dir/ca.crt" "$dir/ca.key"

serial=2000
for p in $PROFILES; do
	serial=$((serial + 1))
	key=$w/leaf-rsa.key cn=mx.mxprobe.test start=$LEAF_START end=$LEAF_END
	ext=leaf_mx
	case $p in
	rsa)		ext=leaf_rsa ;;
	ecdsa)		key=$w/leaf-ec.key ext=leaf_ec ;;
	expired)	start=$EXPIRED_START end=$EXPIRED_END ;;
	notyet)		start=$NOTYET_START end=$NOTYET_END ;;
	wrongname)	cn=other.mxprobe.test ext=leaf_other ;;
	wildcard)	cn='*.mxprobe.test' ext=leaf_wild ;;
	soon)		start=$SOON_START end=$SOON_END ;;
	selfsigned)	ext=leaf_self ;;
	world)		cn=mx1.sec.test ext=leaf_world ;;
	esac
	cp "$key" "$dir/$p.key"
	if [ "$p" = selfsigned ]; then
		sign "$dir/$p-leaf.crt" "$key" "/CN=$cn$O" "$serial" \
		    "$start" "$end" "$ext"
		cp "$dir/$p-leaf.crt" "$dir/$p.crt"
		continue
	fi
	issuer=int
	[ "$p" = intsoon ] && issuer=int2
	sign "$dir/$p-leaf.crt" "$key" "/CN=$cn$O" "$serial" "$start" "$end" \
	    "$ext" "$dir/$issuer.crt" "$dir/int.key"
	case $p in
	leafonly) cp "$dir/$p-leaf.crt" "$dir/$p.crt" ;;
	disorder) cat "$dir/$p-leaf.crt" "$dir/ca.crt" "$dir/int.crt" \
	    > "$dir/$p.crt" ;;
	*) cat "$dir/$p-leaf.crt" "$dir/$issuer.crt" > "$dir/$p.crt" ;;
	esac
done

cp "$dir/ca.crt" "$dir/bundle.crt"
sys=/etc/ssl/certs/ca-certificates.crt
if [ -r "$sys" ]; then
	cat "$sys" "$dir/ca.crt" > "$dir/system-bundle.crt"
fi

cat > "$dir/dates.sh" <<EOF
REF_NOW=$REF_NOW
REF_SOON_DAYS=$REF_SOON_DAYS
REF_SOON_END=$REF_SOON_END
REF_INTSOON_DAYS=$REF_INTSOON_DAYS
REF_INTSOON_END=$REF_INTSOON_END
LEAF_START_ISO=$LEAF_START_ISO
LEAF_END_ISO=$LEAF_END_ISO
EOF
chmod 600 "$dir"/*.key
rm -rf "$w"
echo "$VERSION" > "$dir/.complete"
