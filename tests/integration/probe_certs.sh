#!/bin/sh
# probe_certs.sh -- one probe per certificate profile of tests/lib/certs.sh
# against fixsrv, checking the keys, status and exit status that
# README.md ("Output reference") and ../shared/CONTRACT.md give for it; then TLS
# versions, implicit TLS, address forms (IPv4/IPv6 literals, --addr ::1),
# default ports, CA bundle sources and --now forms.
. tests/lib/common.sh
need_binaries

# --- the test world itself: each profile is what its name says ------------------
CTX=pki
ref_unix=$(date -u -d "$REF_NOW" +%s)
for p in rsa ecdsa expired notyet selfsigned wrongname wildcard leafonly soon; do
	case $p in
	expired) want='certificate has expired' ;;
	notyet) want='certificate is not yet valid' ;;
	selfsigned) want='self-signed certificate' ;;
	*) want=OK ;;
	esac
	got=$(openssl verify -attime "$ref_unix" -CAfile "$PKI/ca.crt" \
	    -untrusted "$PKI/int.crt" "$PKI/$p-leaf.crt" 2>&1)
	case $got in
	*"$want"*) ok "openssl verify $p at $REF_NOW: $want" ;;
	*) not_ok "openssl verify $p at $REF_NOW: $want"; diag "$got" ;;
	esac
done
check_eq "leafonly.crt holds one certificate" \
    "$(grep -c 'BEGIN CERTIFICATE' "$PKI/leafonly.crt")" 1
check_eq "rsa.crt holds leaf and intermediate" \
    "$(grep -c 'BEGIN CERTIFICATE' "$PKI/rsa.crt")" 2
check_eq "soon expires at REF_NOW + REF_SOON_DAYS" \
    "$(days_between "$REF_NOW" "$REF_SOON_END")" "$REF_SOON_DAYS"

days_rsa=$(days_between "$REF_NOW" 2035-01-01)
days_expired=$(days_between "$REF_NOW" 2021-01-01)
days_notyet=$(days_between "$REF_NOW" 2036-01-01)

# good_session: what every complete STARTTLS session shows.
good_session() {
	check_kv host mx.mxprobe.test
	check_kv port "$SRV_PORT"
	check_kv addr 127.0.0.1
	check_kv tls_mode starttls
	check_kv clock "${REF_NOW}T00:00:00Z"
	check_kv clock_source option
	check_kv ca_file "$PKI/bundle.crt"
	check_kv ca_count 1
	check_kv greeting_code 220
	check_kv banner_host mx.mxprobe.test
	check_kv banner 'mx.mxprobe.test ESMTP Postfix (Debian/GNU)'
	check_kv ehlo_host mx.mxprobe.test
	check_kv helo_fallback no
	check_kv_match ehlo_ext '(^|,)STARTTLS(,|$)'
	check_kv_match ehlo_ext '(^|,)PIPELINING(,|$)'
	check_kv starttls yes
	check_kv starttls_plaintext_injection no
	check_absent smtp_reply_code
	check_kv tls ok
	check_srv_tls
	check_kv tls_secure_renegotiation yes
	check_absent tls_br_err
	check_kv_match tls_ehlo_ext '(^|,)PIPELINING(,|$)'
	if kv "$TMPD/$CTX.out" tls_ehlo_ext | grep -q STARTTLS; then
		not_ok "tls_ehlo_ext without STARTTLS"
	else
		ok "tls_ehlo_ext without STARTTLS"
	fi
	check_kv_opt chain_truncated no
	check_srv_saw '^fixsrv: greeting-sent early-talk=no$' \
	    'nothing sent before the greeting'
	check_srv_saw "^fixsrv: cmd EHLO $EHLO_NAME\$" "EHLO $EHLO_NAME"
	check_srv_saw '^fixsrv: cmd STARTTLS$' STARTTLS
	check_srv_saw "^fixsrv: tls-cmd EHLO $EHLO_NAME\$" 'EHLO again in TLS'
	check_srv_saw '^fixsrv: tls-cmd QUIT$' 'QUIT in TLS'
	check_srv_saw '^fixsrv: tls-sni mx\.mxprobe\.test$' 'SNI is HOST'
}

# --- rsa: the good case, every key -----------------------------------------
serve_probe rsa good rsa
good_session
check_kv chain_count 2
check_kv_match cert_subject 'CN=mx\.mxprobe\.test'
check_kv_match cert_issuer 'CN=mxprobe test intermediate CA'
check_kv_match cert_issuer 'O=mxprobe test'
check_kv cert_san 'mx.mxprobe.test,mail.mxprobe.test'
check_kv cert_not_before 2025-01-01T00:00:00Z
check_kv cert_not_after 2035-01-01T00:00:00Z
check_kv cert_days_left "$days_rsa"
check_kv cert_expired no
check_kv cert_not_yet_valid no
check_kv cert_self_signed no
check_kv cert_trusted yes
check_kv cert_hostname_match yes
check_kv_match cert_key_type '^[Rr][Ss][Aa]'
check_kv cert_key_bits 2048
check_kv_match cert_sig_alg '[Ss][Hh][Aa]-?256'
check_fingerprint cert_sha256 "$PKI/rsa-leaf.crt"
check_fingerprint cert1_sha256 "$PKI/rsa-leaf.crt"
check_fingerprint cert2_sha256 "$PKI/int.crt"
check_eq "cert1_subject = cert_subject" "$(kv "$TMPD/$CTX.out" cert1_subject)" \
    "$(kv "$TMPD/$CTX.out" cert_subject)"
check_kv_match cert2_subject 'CN=mxprobe test intermediate CA'
check_kv_match cert2_issuer 'CN=mxprobe test root CA'
check_kv cert2_not_after 2040-01-01T00:00:00Z
check_absent cert3_subject
check_absent error
check_status ok
# The stable subset as a golden file (volatile keys: port, fingerprints).
grep -E '^(host|tls_mode|clock|clock_source|greeting_code|banner_host|banner|ehlo_host|helo_fallback|starttls|starttls_plaintext_injection|tls|tls_version|chain_count|cert_san|cert_not_before|cert_not_after|cert_days_left|cert_expired|cert_not_yet_valid|cert_self_signed|cert_trusted|cert_hostname_match|cert_key_bits|status)=' \
    "$TMPD/rsa.out" > "$TMPD/rsa.sub"
if cmp -s "$TMPD/rsa.sub" tests/integration/good_rsa.exp; then
	ok "stable keys match good_rsa.exp"
else
	not_ok "stable keys match good_rsa.exp"
	diag "$(diff tests/integration/good_rsa.exp "$TMPD/rsa.sub")"
fi

# --- ecdsa --------------------------------------------------------------------
serve_probe ecdsa good ecdsa
good_session
check_kv_match tls_cipher '^TLS_ECDHE_ECDSA_WITH_'
check_kv cert_san mx.mxprobe.test
check_kv_match cert_key_type '^[Ee][Cc]'
check_kv cert_key_bits 256
check_kv_match cert_sig_alg '[Rr][Ss][Aa]'
check_kv cert_trusted yes
check_kv cert_hostname_match yes
check_fingerprint cert_sha256 "$PKI/ecdsa-leaf.crt"
check_absent error
check_status ok

# --- expired: trusted (dates aside), but critical -------------------------------
serve_probe expired good expired
check_kv tls ok
check_kv cert_not_after 2021-01-01T00:00:00Z
check_kv cert_days_left "$days_expired"
check_kv cert_expired yes
check_kv cert_not_yet_valid no
check_kv cert_trusted yes
check_kv cert_hostname_match yes
check_status critical

# --- notyet --------------------------------------------------------------------
serve_probe notyet good notyet
check_kv tls ok
check_kv cert_not_before 2035-01-01T00:00:00Z
check_kv cert_days_left "$days_notyet"
check_kv cert_not_yet_valid yes
check_kv cert_expired no
check_kv cert_trusted yes
check_status critical

# --- selfsigned: opportunistic senders still deliver: warning ------------------
serve_probe selfsigned good selfsigned
check_kv tls ok
check_kv chain_count 1
check_kv cert_self_signed yes
check_kv cert_trusted no
check_kv cert_hostname_match yes
check_kv cert_expired no
check_status warning

# --- wrongname --------------------------------------------------------------------
serve_probe wrongname good wrongname
check_kv tls ok
check_kv cert_san other.mxprobe.test
check_kv cert_hostname_match no
check_kv cert_trusted yes
check_kv cert_self_signed no
check_status warning

# --- wildcard ---------------------------------------------------------------------
serve_probe wildcard good wildcard
check_kv cert_san '*.mxprobe.test'
check_kv cert_hostname_match yes
check_kv cert_trusted yes
check_status ok

# --- leafonly: the intermediate is missing: untrusted, name still checked -------
serve_probe leafonly good leafonly
check_kv tls ok
check_kv chain_count 1
check_kv cert_trusted no
check_kv cert_self_signed no
check_kv cert_hostname_match yes
check_kv cert_expired no
check_status warning

# --- soon: 5 days left at REF_NOW, against three sets of thresholds --------------
srv_start soon good -l 127.0.0.1 -c "$PKI/soon.crt" -k "$PKI/soon.key" -n 3
for c in "critical 30 7" "warning 30 3" "ok 3 1"; do
	set -- $c
	probe "soon-crit$3" -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    $(std_args) --warn-days "$2" --crit-days "$3"
	check_kv cert_days_left "$REF_SOON_DAYS"
	check_kv cert_not_after "${REF_SOON_END}T00:00:00Z"
	check_kv cert_expired no
	check_status "$1"
done
srv_wait
# Default thresholds (30 / 7): 5 days left is critical.
serve_probe soon-default good soon
check_status critical

# --- TLS 1.1 and 1.0 only: "nothing above TLS 1.1" is critical -------------------
for v in 11 10; do
	FIXSRV_ARGS="-V $v"
	serve_probe "tls$v" good rsa
	check_kv tls ok
	check_srv_tls
	check_kv tls_version "TLS1.${v#1}"
	check_kv cert_trusted yes
	check_status critical
done
FIXSRV_ARGS=

# --- implicit TLS (--tls=implicit on a port that is not 465) ----------------------
serve_probe implicit implicit rsa --tls=implicit
check_kv tls_mode implicit
check_absent starttls
check_kv tls ok
check_srv_tls
check_kv greeting_code 220
check_kv banner_host mx.mxprobe.test
check_kv cert_trusted yes
check_kv cert_hostname_match yes
check_srv_saw '^fixsrv: tls-cmd EHLO ' 'EHLO inside TLS'
check_srv_not '^fixsrv: (tls-)?cmd STARTTLS' 'no STARTTLS with implicit TLS'
check_absent error
check_status ok

# --- STARTTLS port probed as implicit: the handshake cannot succeed ---------------
serve_probe implicit-on-starttls good rsa --tls=implicit
check_kv tls_mode implicit
check_kv_match tls '^(fail|none)$'
check_kv_match error '.'
check_status critical

# --- address forms ------------------------------------------------------------------
# An IPv4 literal as HOST: nothing to match the certificate against.
srv_start literal4 good -l 127.0.0.1 -c "$PKI/rsa.crt" -k "$PKI/rsa.key"
probe literal4 -c "127.0.0.1:$SRV_PORT" $(std_args)
srv_wait
check_output_form
check_kv host 127.0.0.1
check_kv addr 127.0.0.1
check_kv tls ok
check_kv cert_trusted yes
check_kv cert_hostname_match no
check_srv_saw '^fixsrv: tls-sni -$' 'no SNI for an IP literal (RFC 6066 3)'
check_status warning

# -4 / -6 agree with the address: an ordinary probe.
serve_probe only4 good rsa -4
check_kv addr 127.0.0.1
check_status ok

if srv_start v6probe good -l ::1 -c "$PKI/rsa.crt" -k "$PKI/rsa.key" -n 2 \
    2>/dev/null; then
	probe v6addr -c "mx.mxprobe.test:$SRV_PORT" --addr ::1 $(std_args)
	check_output_form
	check_kv host mx.mxprobe.test
	check_kv addr ::1
	check_kv tls ok
	check_kv cert_hostname_match yes
	check_status ok
	probe v6literal -c "[::1]:$SRV_PORT" $(std_args) -6
	check_output_form
	check_kv host ::1
	check_kv port "$SRV_PORT"
	check_kv addr ::1
	check_kv tls ok
	check_kv cert_hostname_match no
	check_status warning
	srv_wait
	check_srv_saw '^fixsrv: tls-sni mx\.mxprobe\.test$' 'SNI with --addr ::1'
	check_srv_saw '^fixsrv: tls-sni -$' 'no SNI for [::1]'
else
	CTX=v6
	skip "IPv6 loopback probes" "cannot listen on ::1"
fi

# Default ports: 25 is STARTTLS, 465 implicit.  Privileged ports on a
# loopback address of their own (any 127/8 address is local on Linux).
if srv_start port25 good -l 127.77.25.1 -p 25 -c "$PKI/rsa.crt" \
    -k "$PKI/rsa.key" 2>/dev/null; then
	probe port25 -c mx.mxprobe.test --addr 127.77.25.1 $(std_args)
	srv_wait
	check_kv port 25
	check_kv tls_mode starttls
	check_kv starttls yes
	check_status ok
else
	CTX=port25
	skip "default port 25" "cannot listen on 127.77.25.1:25"
fi
if srv_start port465 implicit -l 127.77.65.1 -p 465 -c "$PKI/rsa.crt" \
    -k "$PKI/rsa.key" 2>/dev/null; then
	probe port465 -c mx.mxprobe.test:465 --addr 127.77.65.1 $(std_args)
	srv_wait
	check_kv port 465
	check_kv tls_mode implicit
	check_absent starttls
	check_kv tls ok
	check_status ok
else
	CTX=port465
	skip "port 465 is implicit TLS" "cannot listen on 127.77.65.1:465"
fi

# --- CA bundle sources ---------------------------------------------------------------
if [ -f "$PKI/system-bundle.crt" ]; then
	n=$(grep -c 'BEGIN CERTIFICATE' "$PKI/system-bundle.crt")
	srv_start sysbundle good -l 127.0.0.1 -c "$PKI/rsa.crt" -k "$PKI/rsa.key"
	probe sysbundle -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    $(std_args) -C "$PKI/system-bundle.crt"
	srv_wait
	check_kv ca_file "$PKI/system-bundle.crt"
	check_kv ca_count "$n"
	check_kv cert_trusted yes
	check_status ok
fi
# No -C: $SSL_CERT_FILE.
srv_start sslcertfile good -l 127.0.0.1 -c "$PKI/rsa.crt" -k "$PKI/rsa.key"
CTX=sslcertfile
SSL_CERT_FILE=$PKI/bundle.crt
export SSL_CERT_FILE
probe sslcertfile -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    --now "$REF_NOW" -t "$TMO" --step-timeout "$STEP"
unset SSL_CERT_FILE
srv_wait
check_kv ca_file "$PKI/bundle.crt"
check_kv cert_trusted yes
check_status ok
# ... and no -e: the default EHLO name is a domain or "localhost".
check_srv_saw '^fixsrv: cmd EHLO [A-Za-z0-9][A-Za-z0-9.-]*$' \
    'default EHLO name is a host name'
# A bundle without our root: untrusted.
if [ -r /etc/ssl/certs/ca-certificates.crt ]; then
	serve_probe otherbundle good rsa -C /etc/ssl/certs/ca-certificates.crt
	check_kv cert_trusted no
	check_kv cert_hostname_match yes
	check_status warning
fi

# --- --now forms and the system clock -------------------------------------------------
unix=$(date -u -d "$REF_NOW" +%s)
srv_start nowforms good -l 127.0.0.1 -c "$PKI/rsa.crt" -k "$PKI/rsa.key" -n 3
for form in "${REF_NOW}T00:00:00Z" "@$unix"; do
	probe "now-$form" -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    $(std_args) --now "$form"
	check_kv clock "${REF_NOW}T00:00:00Z"
	check_kv clock_source option
	check_kv cert_days_left "$days_rsa"
done
probe now-system -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    -C "$PKI/bundle.crt" -t "$TMO" --step-timeout "$STEP"
srv_wait
check_kv clock_source system
check_kv_match clock '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
check_kv_match clock "^$(date -u +%Y-)"

summary
