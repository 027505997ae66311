#!/bin/sh
# chain.sh -- certificate chain diagnosis (issue 4) against fixsrv: a chain
# sent out of order (reordered for validation, and said so), a missing
# intermediate (incomplete), every element's validity (certN_days_left,
# certN_expired, findings for an intermediate that expires) and --days N
# (would the chain still validate N days from now, and what fails first).
. tests/lib/common.sh
need_binaries

days_rsa=$(days_between "$REF_NOW" 2035-01-01)
days_ca=$(days_between "$REF_NOW" 2040-01-01)

# probe_srv NAME [mxprobe args]: one more probe of the running fixsrv.
probe_srv() {
	_pn=$1
	shift
	probe "$_pn" -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    $(std_args) "$@"
	check_output_form
}

# --- in order: nothing to say, every element's dates --------------------------
serve_probe inorder good rsa
check_kv chain_count 2
check_kv chain_order ok
check_absent chain_reordered
check_kv chain_incomplete no
check_absent chain_valid_in_days
check_absent chain_fails_first
check_kv cert1_days_left "$days_rsa"
check_kv cert1_expired no
check_kv cert2_days_left "$days_ca"
check_kv cert2_expired no
check_kv cert_trusted yes
check_absent findings
check_status ok

# --- out of order: leaf, root, intermediate -----------------------------------
# fixsrv gives BearSSL's server the chain as the file lists it, and the
# server sends it so: cert2 is the root.
serve_probe disorder good disorder
check_kv chain_count 3
check_kv_match cert2_subject 'CN=mxprobe test root CA'
check_kv_match cert3_subject 'CN=mxprobe test intermediate CA'
check_kv chain_order wrong
check_kv chain_reordered yes
check_kv chain_incomplete no
# validated as leaf, intermediate, root: BearSSL's own word on that path
check_kv cert_trusted yes
check_kv cert_trust_reason ok
check_kv cert_hostname_match yes
check_kv findings chain-out-of-order
check_status warning

# The intermediate first, then the leaf: the first certificate must be the
# server's (RFC 5246 7.4.2), so the handshake itself fails; the order is
# still reported.
cat "$PKI/int.crt" "$PKI/rsa-leaf.crt" > "$TMPD/intfirst.crt"
srv_start intfirst good -l 127.0.0.1 -c "$TMPD/intfirst.crt" -k "$PKI/rsa.key"
probe_srv intfirst
srv_wait
check_kv tls fail
check_kv tls_br_err_name BAD_SIGNATURE
check_kv chain_order wrong
check_kv_match findings '(^|,)chain-out-of-order(,|$)'
check_kv error tls-handshake-failed
check_status critical

# --- incomplete: the leaf alone, its issuer in neither chain nor bundle -----
serve_probe leafonly good leafonly
check_kv chain_count 1
check_kv chain_order ok
check_kv chain_incomplete yes
check_kv cert_trusted no
check_kv findings chain-incomplete,cert-untrusted
check_status warning
# ... complete when the bundle holds the intermediate
cat "$PKI/ca.crt" "$PKI/int.crt" > "$TMPD/bundle-int.crt"
serve_probe leafonly-intbundle good leafonly -C "$TMPD/bundle-int.crt"
check_kv chain_incomplete no
check_kv cert_trusted yes
check_status ok

# a self-signed leaf is untrusted, not incomplete
serve_probe selfsigned good selfsigned
check_kv chain_incomplete no
check_kv cert_self_signed yes
check_status warning

# --- an intermediate that expires in REF_INTSOON_DAYS (20) days -------------
srv_start intsoon good -l 127.0.0.1 -c "$PKI/intsoon.crt" \
    -k "$PKI/intsoon.key" -n 8
probe_srv intsoon
check_kv cert1_days_left "$days_rsa"
check_kv cert2_days_left "$REF_INTSOON_DAYS"
check_kv cert2_not_after "${REF_INTSOON_END}T00:00:00Z"
check_kv cert2_expired no
check_kv cert_days_left "$days_rsa"
check_kv cert_trusted yes
check_kv findings chain-expires-soon
check_status warning
probe_srv intsoon-crit --crit-days 25
check_kv findings chain-expires-critical
check_status critical
probe_srv intsoon-ok --warn-days 10 --crit-days 5
check_absent findings
check_status ok
# a month later the intermediate has expired: critical, trust dates aside
probe intsoon-expired -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    -C "$PKI/bundle.crt" --now 2026-07-01 -t "$TMO" --step-timeout "$STEP"
check_kv cert2_expired yes
check_kv_match cert2_days_left '^-'
check_kv cert1_expired no
check_kv cert_trusted yes
check_kv findings chain-expired
check_status critical
# --days: the leaf lasts, the intermediate does not
probe_srv intsoon-days19 --days 19 --warn-days 10 --crit-days 5
check_kv chain_valid_in_days yes
check_absent chain_fails_first
check_status ok
probe_srv intsoon-days21 --days 21 --warn-days 10 --crit-days 5
check_kv chain_valid_in_days no
check_kv chain_fails_first cert2
check_kv findings chain-invalid-in-days
check_status warning
probe intsoon-days-json -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    $(std_args) --days 21 --warn-days 10 --crit-days 5 -j
check_json "-j: --days keys as in key=value" "$TMPD/intsoon-days21.out" \
    "$TMPD/intsoon-days-json.out"
srv_wait

# --- --days on the good chain: the leaf is the first to go ------------------
srv_start days good -l 127.0.0.1 -c "$PKI/rsa.crt" -k "$PKI/rsa.key" -n 3
probe_srv days-3000 --days 3000
check_kv chain_valid_in_days yes
check_absent chain_fails_first
check_status ok
# exactly at the leaf's notAfter it still holds; a day later it does not
probe_srv days-edge --days "$days_rsa"
check_kv chain_valid_in_days yes
probe_srv days-past --days $((days_rsa + 1))
check_kv chain_valid_in_days no
check_kv chain_fails_first cert1
check_kv findings chain-invalid-in-days
check_status warning
srv_wait

# --- --days on an untrusted chain: no, but no date to blame -----------------
serve_probe leafonly-days good leafonly --days 30
check_kv chain_valid_in_days no
check_absent chain_fails_first
check_kv findings chain-incomplete,cert-untrusted
check_status warning

# --- --days: a bad number is a usage error -----------------------------------
probe days-bad -c "mx.mxprobe.test:25" --addr 127.0.0.1 $(std_args) \
    --days soon
check_rc 3
check_eq "usage error: nothing on stdout" "$(cat "$TMPD/days-bad.out")" ""
check_eq "usage error: one line on stderr naming --days" \
    "$(grep -c '^mxprobe: --days' "$TMPD/days-bad.err")/$(wc -l < \
    "$TMPD/days-bad.err" | tr -d ' ')" 1/1

summary
