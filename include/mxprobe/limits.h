/*
 * limits.h -- every capacity of mxprobe, in one place.
 *
 * mxprobe never allocates: each buffer is static or on the stack and sized
 * by one of these constants.  Each line says why the number is what it is
 * and what happens when input hits it.  Hitting a limit is never silent: it
 * becomes an error (MX_E_LIMIT or a named one) or a *_truncated=yes fact.
 *
 * Each one can be set from the compiler's command line (-DMX_MX_MAX=4,
 * make EXTRA_CFLAGS=...) to build a smaller or a larger mxprobe, or to
 * reach a limit in a test with little input; tests/static/limits.sh
 * keeps every one overridable.
 */
#ifndef MXPROBE_LIMITS_H
#define MXPROBE_LIMITS_H

/* DNS name in text form (RFC 1035 3.1: 255 octets on the wire). */
#ifndef MX_NAME_MAX
#define MX_NAME_MAX		255
#endif

/*
 * SMTP reply line, CRLF included.  RFC 5321 4.5.3.1.5 says 512; real
 * servers exceed it a little, so twice that.  Longer: smtp-line-too-long.
 */
#ifndef MX_SMTP_LINE_MAX
#define MX_SMTP_LINE_MAX	1024
#endif
/*
 * Lines in one reply.  A big EHLO answer is ~20 lines; a server sending
 * more is hostile or broken: smtp-reply-too-long.
 */
#ifndef MX_SMTP_REPLY_LINES
#define MX_SMTP_REPLY_LINES	64
#endif
/* Bytes accepted from the server over one session: smtp-reply-too-long. */
#ifndef MX_SMTP_TOTAL_MAX
#define MX_SMTP_TOTAL_MAX	65536
#endif
/* Reply text kept for the report (banner, rejections); longer is cut, text_truncated set. */
#ifndef MX_SMTP_TEXT_MAX
#define MX_SMTP_TEXT_MAX	512
#endif
/* EHLO keywords kept, comma-joined; more is cut and ext_truncated set. */
#ifndef MX_SMTP_EXT_MAX
#define MX_SMTP_EXT_MAX		512
#endif
/* One command we send: "EHLO " + name + CRLF. */
#ifndef MX_SMTP_CMD_MAX
#define MX_SMTP_CMD_MAX		(8 + MX_NAME_MAX)
#endif

/*
 * Certificates recorded per chain.  Real chains have 2-4; 8 leaves room for
 * cross-signs.  More: chain_truncated=yes (the extra ones are not kept).
 */
#ifndef MX_CHAIN_MAX
#define MX_CHAIN_MAX		8
#endif
/*
 * DER bytes recorded per chain, all certificates together.  Typical
 * certificates are 1-2 KB; large SAN lists reach ~10 KB.  A certificate that
 * does not fit is counted but not kept: chain_truncated=yes.
 */
#ifndef MX_CHAIN_ARENA
#define MX_CHAIN_ARENA		24576
#endif
/* One certificate decoded from the CA bundle while looking for anchors. */
#ifndef MX_CERT_DER_MAX
#define MX_CERT_DER_MAX		8192
#endif

/* Distinguished name as RFC 4514-ish text; longer is cut at an RDN. */
#ifndef MX_DN_TEXT_MAX
#define MX_DN_TEXT_MAX		512
#endif
/* SAN dNSNames of the leaf, comma-joined; longer: san_truncated=yes. */
#ifndef MX_SAN_TEXT_MAX
#define MX_SAN_TEXT_MAX		2048
#endif

/*
 * Trust anchors kept for one offline validation: only bundle certificates
 * whose subject equals an issuer named in the chain (lazy anchors).  Two per
 * chain element covers re-keyed CAs sharing a name.
 */
#ifndef MX_TA_MAX
#define MX_TA_MAX		(2 * MX_CHAIN_MAX)
#endif
/* Names and keys of those anchors (an RSA-4096 anchor is ~700 B). */
#ifndef MX_TA_ARENA
#define MX_TA_ARENA		16384
#endif
/* read(2) chunk when streaming the CA bundle (never loaded whole). */
#ifndef MX_CA_READ_CHUNK
#define MX_CA_READ_CHUNK	4096
#endif

/* Concurrent tasks on the poll loop (one per connection or query). */
#ifndef MX_SLOTS_MAX
#define MX_SLOTS_MAX		64
#endif

/* Output buffer flushed with write(2) when full. */
#ifndef MX_OUT_BUF
#define MX_OUT_BUF		4096
#endif
/*
 * Findings and perfdata text of the --nagios line, each: every domain
 * finding code (~20 of ~25 bytes) and ten MX' days_left.  Longer: cut.
 */
#ifndef MX_NAGIOS_TEXT_MAX
#define MX_NAGIOS_TEXT_MAX	1024
#endif
/* Longest key (prefix included). */
#ifndef MX_KEY_MAX
#define MX_KEY_MAX		64
#endif

/* ---- DNS (dnsmsg.h) ------------------------------------------------- */
/* EDNS0 UDP payload we advertise and read: DNS flag day 2020, no fragments. */
#ifndef MX_DNS_UDP_MAX
#define MX_DNS_UDP_MAX		1232
#endif
/*
 * One DNS message, i.e. a TCP answer: the 2-byte TCP length prefix allows
 * no more, and a 60 KB TXT answer is legal (it must parse, with the TXT
 * truncated, not fail).  Longer input is dns-format.
 */
#ifndef MX_DNS_MSG_MAX
#define MX_DNS_MSG_MAX		65535
#endif
/* A query we build: header 12 + qname 255 + type/class 4 + OPT RR 11. */
#ifndef MX_DNS_QUERY_MAX
#define MX_DNS_QUERY_MAX	(12 + MX_NAME_MAX + 4 + 11)
#endif
/*
 * Character-strings of one TXT RR joined: an RSA-8192 DKIM key (~1.5 KB)
 * fits, SPF/DMARC/MTA-STS records are far shorter.  Longer: *_truncated.
 */
#ifndef MX_TXT_MAX
#define MX_TXT_MAX		2048
#endif
/*
 * Compression pointers followed in one name: compressors emit at most one
 * per label and a 255-octet name has at most 127 labels.  More:
 * dns-bad-pointer (a chain of pointers to pointers is never needed).
 */
#ifndef MX_DNS_HOPS_MAX
#define MX_DNS_HOPS_MAX		127
#endif
/* CNAME hops followed inside one answer (resolvers give up near 8-16). */
#ifndef MX_DNS_CNAME_MAX
#define MX_DNS_CNAME_MAX	8
#endif
/*
 * RRs of one kind kept from one answer (MX targets, addresses): real
 * domains have at most ~10 MX and a 1232-byte answer ~75 A records.
 * More: *_truncated=yes.
 */
#ifndef MX_DNS_RR_MAX
#define MX_DNS_RR_MAX		32
#endif


/* ---- domain audit (audit.h) ----------------------------------------- */
/*
 * MX hosts probed per domain: large providers publish 5-10.  More:
 * mx_truncated=yes and status unknown (an unprobed MX could change it).
 */
#ifndef MX_MX_MAX
#define MX_MX_MAX		10
#endif
/*
 * Addresses probed per MX (IPv4 and IPv6 together): dual-stack pairs, a
 * few round-robin hosts.  More: mxN_addr_truncated=yes, status unknown.
 */
#ifndef MX_ADDRS_PER_MX
#define MX_ADDRS_PER_MX		4
#endif
/*
 * Probes of one audit: one per address; each holds its facts (TLS buffer
 * and chain, ~52 KB of .bss) until the report.  Untouched slots cost no
 * memory, so peak RSS follows the addresses really probed.
 */
#ifndef MX_PROBES_MAX
#define MX_PROBES_MAX		(MX_MX_MAX * MX_ADDRS_PER_MX)
#endif
/* DNS queries in flight at once; more wait for a free one, never dropped. */
#ifndef MX_DNS_QUERIES_MAX
#define MX_DNS_QUERIES_MAX	16
#endif
/* Default of -P: connections at once over the whole audit. */
#ifndef MX_CONNS_DEFAULT
#define MX_CONNS_DEFAULT	16
#endif

/* ---- DNS engine (dnseng.h) ------------------------------------------ */
/*
 * Resolvers kept: resolv.conf's MAXNS is 3 (glibc, musl) and -r is
 * repeatable; 8 holds an IPv4 and an IPv6 address for each of a few
 * resolvers (~200 bytes each).  More: the rest is ignored and the conf's
 * truncated flag is set (dns_servers_truncated=yes).
 */
#ifndef MX_DNS_SERVERS_MAX
#define MX_DNS_SERVERS_MAX	8
#endif
/*
 * Bytes of resolv.conf read: real files are a few hundred bytes (three
 * nameservers, a search list of at most 256 characters, options).  Longer:
 * only the whole lines before the cut are parsed and truncated is set.
 */
#ifndef MX_RESOLV_CONF_MAX
#define MX_RESOLV_CONF_MAX	4096
#endif
/*
 * TCP reply buffers of MX_DNS_MSG_MAX + 2 bytes (64 KB of .bss each),
 * static in dnseng.c and shared by all queries.  TCP is only for replies
 * over MX_DNS_UDP_MAX (a large apex TXT set, a long MX list): rare and
 * short.  A query that needs TCP while both are taken waits for one, it is
 * never dropped (its deadline keeps running).
 */
#ifndef MX_DNS_TCP_SLOTS
#define MX_DNS_TCP_SLOTS	2
#endif
/*
 * Rounds over all servers (options attempts:, default 2): glibc caps it
 * at 5 (RES_MAXRETRY), and so does the engine's schedule table.
 */
#ifndef MX_DNS_ROUNDS_MAX
#define MX_DNS_ROUNDS_MAX	5
#endif

/* ---- STARTTLS hygiene and chain diagnosis --------------------------- */
/*
 * The injection test's one write (--injection-test): "STARTTLS\r\n" and
 * "EHLO " + name + CRLF together; obuf holds it.
 */
#ifndef MX_SMTP_OBUF_MAX
#define MX_SMTP_OBUF_MAX	(10 + MX_SMTP_CMD_MAX)
#endif
/*
 * How long the injection test listens, after its handshake, for a reply
 * nobody asked for (capped by --step-timeout).  A server that executes the
 * buffered EHLO answers right behind its Finished, in the same round trip;
 * 2 s covers a slow server on a slow path.  Silence until then: safe.
 */
#ifndef MX_INJECT_WAIT_MS
#define MX_INJECT_WAIT_MS	2000
#endif


/* ---- raw hello probes and the TLS scan (hello.h, tlsscan.h) --------- */
/*
 * Bytes kept of one handshake message of the answer (ServerHello whole;
 * the ServerKeyExchange's first bytes, which hold the curve or the DH
 * prime: an 8192-bit prime is 1 KB).  A ServerHello to our hello is
 * ~100 bytes; longer than this: MX_E_LIMIT.  Other messages are only
 * walked (Certificate) or skipped.
 */
#ifndef MX_HELLO_MSG_MAX
#define MX_HELLO_MSG_MAX	2048
#endif
/*
 * Bytes read from the server before the answer must be complete (up to
 * ServerHelloDone: a chain of 8 large certificates is ~30 KB).  More:
 * MX_E_LIMIT, that connection's answer is unknown.
 */
#ifndef MX_HELLO_TOTAL_MAX
#define MX_HELLO_TOTAL_MAX	65536
#endif
/* Suites offered in one ClientHello: the whole table of hello.c fits. */
#ifndef MX_HELLO_SUITES_MAX
#define MX_HELLO_SUITES_MAX	160
#endif
/* One ClientHello record: 160 suites and every extension, padding included. */
#ifndef MX_HELLO_REC_MAX
#define MX_HELLO_REC_MAX	1024
#endif
/*
 * Pause between two scan connections to the same address, so a scan is
 * never a burst (postscreen, anvil and fail2ban count connections).
 */
#ifndef MX_TLSSCAN_GAP_MS
#define MX_TLSSCAN_GAP_MS	200
#endif
/*
 * Connections of one --tls-scan=full run, basic's 6 included: the suite
 * enumeration (one connection per accepted suite, plus the refusal that
 * ends it) stops here and says tls_suites_truncated=yes.  Postfix on
 * OpenSSL 3 accepts ~55 of the table's TLS 1.2 suites (anonymous, ARIA,
 * CAMELLIA and CCM included) and 3 TLS 1.3 ones: ~70 connections.
 */
#ifndef MX_TLSSCAN_CONNS_MAX
#define MX_TLSSCAN_CONNS_MAX	100
#endif
/* Accepted suites kept for the report (full); the cap above bounds it. */
#ifndef MX_TLSSCAN_SUITES_MAX
#define MX_TLSSCAN_SUITES_MAX	MX_TLSSCAN_CONNS_MAX
#endif
/*
 * Injection tests at once (--injection-test): each holds a whole probe
 * (~52 KB of .bss) while it runs, so -P is capped at this number then;
 * the audit's port-25 check borrows two of them afterwards.
 */
#ifndef MX_INJECT_SLOTS
#define MX_INJECT_SLOTS		8
#endif

/* ---- tag lists (taglist.h) ------------------------------------------ */
/* (owned by the taglist/DMARC/DKIM/BIMI/DNSBL work) */

/* ---- DANE (tlsa.h) -------------------------------------------------- */
/*
 * TLSA records kept per name (_25._tcp.<mx>): real RRsets hold 1-4 (the
 * current and the next key, an EE and a TA record).  More: the rest is
 * counted, not judged, mxN_dane_truncated=yes, and a verdict they could
 * change (no kept record authenticates) is unknown.
 */
#ifndef MX_TLSA_MAX
#define MX_TLSA_MAX		8
#endif
/*
 * Association data kept per MX, all its records together: the digests of
 * MX_TLSA_MAX records (SHA-512: 64 B each) or two whole certificates
 * ("3 0 0", 1-2 KB each).  A record whose data does not fit is treated
 * as one past MX_TLSA_MAX (truncated).
 */
#ifndef MX_TLSA_DATA_MAX
#define MX_TLSA_DATA_MAX	4096
#endif

/* ---- MTA-STS and TLS-RPT texts (sts.h, tlsrpt.h) -------------------- */
/* Policy id of the TXT record: RFC 8461 3.1 sts-id is 1*32(ALPHA / DIGIT). */
#ifndef MX_STS_ID_MAX
#define MX_STS_ID_MAX		32
#endif
/*
 * mx patterns kept of one policy (256 bytes each): real policies list one
 * to five, large providers about ten.  More: the rest is counted, not
 * kept (mta_sts_mx_truncated=yes), and an MX that matches none of the
 * kept ones is unknown, never "not in policy".
 */
#ifndef MX_STS_MX_MAX
#define MX_STS_MX_MAX		16
#endif
/*
 * Policy body parsed: RFC 8461 3.3 lets senders cap a policy at 64 KB,
 * as the fetcher does (MX_HTTP_BODY_MAX).  Longer: sts-policy-too-long.
 */
#ifndef MX_STS_POLICY_MAX
#define MX_STS_POLICY_MAX	65536
#endif
/*
 * rua URIs kept of one TLS-RPT record: real records list one or two.
 * More: the rest is counted and checked, not kept
 * (tlsrpt_rua_truncated=yes).
 */
#ifndef MX_TLSRPT_RUA_MAX
#define MX_TLSRPT_RUA_MAX	8
#endif

/* ---- HTTPS fetch (http.h, https.h) ---------------------------------- */
/*
 * Response body kept: RFC 8461 suggests senders cap a policy at 64 KB,
 * and a real policy is a few hundred bytes.  A Content-Length
 * over it fails at once, a longer chunked or close-delimited body as soon
 * as it passes it: http-body-too-large (never a silent cut).
 */
#ifndef MX_HTTP_BODY_MAX
#define MX_HTTP_BODY_MAX	65536
#endif
/*
 * Bytes of the response head: status line, header fields, the empty line,
 * and of any 1xx interim heads and the chunked trailer section together.
 * nginx and Apache refuse request heads over 8 KB by default, and a
 * policy host's answer is ~300 bytes.  More: http-header-too-long.
 */
#ifndef MX_HTTP_HEAD_MAX
#define MX_HTTP_HEAD_MAX	8192
#endif
/*
 * One line of the head (status line, a header field, a chunk-size line
 * with its extensions, a trailer field), line ending included.  Longer:
 * http-header-too-long, so an endless line costs at most this much.
 */
#ifndef MX_HTTP_LINE_MAX
#define MX_HTTP_LINE_MAX	2048
#endif
/* Request path we send ("/.well-known/mta-sts.txt" is 24). */
#ifndef MX_HTTP_PATH_MAX
#define MX_HTTP_PATH_MAX	255
#endif
/* The request line, Host, User-Agent, Accept(-Encoding), Connection. */
#ifndef MX_HTTP_REQ_MAX
#define MX_HTTP_REQ_MAX		(MX_HTTP_PATH_MAX + MX_NAME_MAX + 128)
#endif
/*
 * Content-Type value kept (OWS trimmed).  The media type is judged on the
 * whole value as it arrives; only the text kept for the report is cut
 * (ctype_truncated).  RFC 6838 4.2 caps type and subtype at 127 each.
 */
#ifndef MX_HTTP_CTYPE_MAX
#define MX_HTTP_CTYPE_MAX	128
#endif
/* Location value kept to report a redirect; longer: cut, location_truncated. */
#ifndef MX_HTTP_LOCATION_MAX
#define MX_HTTP_LOCATION_MAX	512
#endif

/* ---- SPF (spf.h) ---------------------------------------------------- */
/*
 * Terms that query DNS (include, a, mx, ptr, exists, redirect) in one
 * check_host() and over one policy tree: RFC 7208 4.6.4 says 10.  The
 * 11th is a permerror (evaluation) / spf=invalid (audit walk).
 */
#ifndef MX_SPF_LOOKUPS_MAX
#define MX_SPF_LOOKUPS_MAX	10
#endif
/* Void lookups (NODATA/NXDOMAIN) allowed: RFC 7208 4.6.4; a third: permerror. */
#ifndef MX_SPF_VOID_MAX
#define MX_SPF_VOID_MAX		2
#endif
/* MX names of one mx mechanism: RFC 7208 4.6.4; an 11th is a permerror. */
#ifndef MX_SPF_MX_NAMES_MAX
#define MX_SPF_MX_NAMES_MAX	10
#endif
/* PTR names of one ptr mechanism: RFC 7208 4.6.4; the rest are ignored. */
#ifndef MX_SPF_PTR_NAMES_MAX
#define MX_SPF_PTR_NAMES_MAX	10
#endif
/*
 * One SPF record, TXT strings joined: whatever dnsmsg_rr_txt can hand
 * over (MX_TXT_MAX - 1).  RFC 7208 3.4 asks for records under ~450
 * bytes; a longer one is refused as record-too-long, a limit (unknown).
 */
#ifndef MX_SPF_RECORD_MAX
#define MX_SPF_RECORD_MAX	(MX_TXT_MAX - 1)
#endif
/*
 * check_host() frames: the top record plus one per nested include.  Each
 * include is a counted lookup, so MX_SPF_LOOKUPS_MAX bounds the depth;
 * redirect replaces its frame.  A frame holds its record (~2.3 KB each).
 */
#ifndef MX_SPF_DEPTH_MAX
#define MX_SPF_DEPTH_MAX	(MX_SPF_LOOKUPS_MAX + 1)
#endif
/* An expanded domain-spec: RFC 7208 7.3 cuts labels off the left to 253. */
#ifndef MX_SPF_DOMAIN_MAX
#define MX_SPF_DOMAIN_MAX	253
#endif
/*
 * Nodes of the audit's policy walk: records (top, include, redirect) and
 * the a/mx/exists targets looked up for void counting.  Each node comes
 * from a counted term, so a tree within MX_SPF_LOOKUPS_MAX needs at most
 * 11; 32 leaves room to count how far over 10 a bad tree goes.  More:
 * the rest is not fetched and spf_walk_truncated=yes (the tree is
 * already invalid then: the verdict cannot change).
 */
#ifndef MX_SPF_WALK_NODES
#define MX_SPF_WALK_NODES	32
#endif
/* Lookups of the walk in flight at once (siblings fetched together). */
#ifndef MX_SPF_WALK_INFLIGHT
#define MX_SPF_WALK_INFLIGHT	8
#endif
/* Offending term kept for spf_error; longer is cut and ends in "...". */
#ifndef MX_SPF_TERM_SHOW
#define MX_SPF_TERM_SHOW	80
#endif

/* ---- DMARC, DKIM, BIMI, DNSBL (dmarc.h, dkim.h, bimi.h, dnsbl.h) ---- */
/*
 * A name these cores build to query (_dmarc.D, S._domainkey.D, a DNSBL
 * name), as text without the trailing dot: 255 octets on the wire are
 * 253 characters (each label's length byte stands for a dot, plus the
 * first one and the root's).  Longer: the lookup is not made, a limit.
 */
#ifndef MX_QNAME_TEXT_MAX
#define MX_QNAME_TEXT_MAX	(MX_NAME_MAX - 2)
#endif
/*
 * Names one DMARC policy discovery queries: RFC 9989 4.10 caps the DNS
 * tree walk at eight queries (the domain itself, then at most seven
 * parents); dmarc_walk never makes more, whatever the domain.
 */
#ifndef MX_DMARC_WALK_MAX
#define MX_DMARC_WALK_MAX	8
#endif
/*
 * rua= or ruf= URIs kept of one record: real records list one to three.
 * More: the rest is counted, not kept (dmarc_rua_truncated=yes), and
 * their destinations are not checked for authorisation.
 */
#ifndef MX_DMARC_URIS_MAX
#define MX_DMARC_URIS_MAX	8
#endif
/*
 * Bytes of a DKIM key's p= once base64 is decoded: the base64 of a whole
 * TXT record (MX_TXT_MAX) never decodes to more.  An RSA-8192
 * SubjectPublicKeyInfo is ~1.05 KB.  A longer key cannot have come
 * through the TXT buffer; dkim_parse says key-too-long.
 */
#ifndef MX_DKIM_KEY_MAX
#define MX_DKIM_KEY_MAX		(MX_TXT_MAX / 4 * 3)
#endif
/*
 * Selectors probed per domain: the built-in list (dkim.h, 9 names) plus
 * those of -s.  More than fit: the rest is not probed and
 * dkim_selectors_truncated=yes.
 */
#ifndef MX_DKIM_SELECTORS_MAX
#define MX_DKIM_SELECTORS_MAX	16
#endif
/*
 * One selector's text: RFC 6376 3.1 allows dotted names, real ones are
 * short ("selector1", "20230601", "s1024-meo").  Longer: a usage error.
 */
#ifndef MX_DKIM_SELECTOR_LEN
#define MX_DKIM_SELECTOR_LEN	63
#endif
/*
 * DNSBL zones of --dnsbl: real mail servers consult two to five.  More: a
 * usage error (never a silent cut).
 */
#ifndef MX_DNSBL_ZONES_MAX
#define MX_DNSBL_ZONES_MAX	8
#endif
/*
 * One zone name: the longest query (an IPv6 address as 32 nibbles, 64
 * bytes with their dots) and the zone must make a name of
 * MX_QNAME_TEXT_MAX.  Longer: a usage error.
 */
#ifndef MX_DNSBL_ZONE_LEN
#define MX_DNSBL_ZONE_LEN	(MX_QNAME_TEXT_MAX - 64)
#endif
/*
 * (address, zone) queries of one audit: every distinct MX address and
 * --ip against every zone.  The default two zones over every address an
 * audit can hold (MX_PROBES_MAX + --ip) is 82.  More: the rest is not
 * asked, dnsbl_truncated=yes and the layer is unknown.
 */
#ifndef MX_DNSBL_CHECKS_MAX
#define MX_DNSBL_CHECKS_MAX	128
#endif
/*
 * Bytes kept of a listing's TXT reason: Spamhaus and SpamCop say "see
 * <URL>" in ~60-80.  Longer: cut, dnsbl_N_reason_truncated=yes.
 */
#ifndef MX_DNSBL_REASON_MAX
#define MX_DNSBL_REASON_MAX	160
#endif
/* A records kept of one DNSBL answer (Spamhaus ZEN gives up to ~4 codes). */
#ifndef MX_DNSBL_CODES_MAX
#define MX_DNSBL_CODES_MAX	8
#endif

/* ---- policy audit and score (audit.h, score.h) ---------------------- */
/*
 * DNS lookups the policy checks of one audit may queue (audit_lookup):
 * TXT/TLSA/A/AAAA of DANE, MTA-STS, TLS-RPT, SPF (a tree of at most 10
 * DNS terms, each with up to 10 MX), DMARC (tree walk and report
 * authorisations), DKIM selectors, BIMI, and DNSBL zones times every MX
 * address (40 addresses x a few zones).  They wait for the
 * MX_DNS_QUERIES_MAX query slots like every other lookup.  More: the
 * check that asked reports a limit (unknown), never a silent skip.
 */
#ifndef MX_LOOKUPS_MAX
#define MX_LOOKUPS_MAX		320
#endif
/*
 * The -j "policies" value (rpt.h): entries (a TLSA policy per MX, one
 * STS, or no-policy-found), list items and sessions (one per address of
 * each entry: 40), their strings in one arena, and the JSON text.  A
 * ten-MX domain with DANE and MTA-STS needs ~80 items and ~6 KB.  More:
 * dropped, policies_truncated=yes.
 */
#ifndef MX_RPT_POLICIES
#define MX_RPT_POLICIES		(MX_MX_MAX + 2)
#endif
#ifndef MX_RPT_ITEMS
#define MX_RPT_ITEMS		256
#endif
#ifndef MX_RPT_ARENA
#define MX_RPT_ARENA		8192
#endif
#ifndef MX_RPT_JSON_MAX
#define MX_RPT_JSON_MAX		16384
#endif

/*
 * Findings of one verdict (finding.h): an MX gathers at most ~30 distinct
 * codes (its chosen probe, its scan, its checks), repeats included.  More:
 * the findings= text loses the rest and the status says unknown.
 */
#ifndef MX_FINDINGS_MAX
#define MX_FINDINGS_MAX		64
#endif
/* The findings= text of one verdict: MX_FINDINGS_MAX codes of ~16 bytes. */
#ifndef MX_FINDINGS_TEXT_MAX
#define MX_FINDINGS_TEXT_MAX	1024
#endif

/* One part of a finding's text for people (fix.h), with its NUL. */
#ifndef MX_FIX_TEXT_MAX
#define MX_FIX_TEXT_MAX		320
#endif

#endif
