/*
 * hello.h -- raw TLS hellos: build a ClientHello with chosen versions,
 * suites and extensions; parse what a server sends back.  Pure core: no
 * fd, no clock, no heap; the caller owns every buffer.
 *
 * BearSSL speaks TLS 1.0-1.2 with its own suites only.  To learn whether a
 * server does TLS 1.3, SSL 3.0, RC4, NULL, anonymous or export suites, a
 * hand-built ClientHello is sent and the answer read up to ServerHello
 * (TLS 1.3: everything after it is encrypted) or ServerHelloDone (TLS 1.0-
 * 1.2: Certificate and ServerKeyExchange come in clear before it).  No
 * handshake is ever finished: the caller closes after the answer.
 */
#ifndef MXPROBE_HELLO_H
#define MXPROBE_HELLO_H

#include <stddef.h>
#include <stdint.h>
#include "mxprobe/limits.h"
#include "mxprobe/err.h"

/* Protocol versions as they appear on the wire. */
#define HELLO_SSL30	0x0300
#define HELLO_TLS10	0x0301
#define HELLO_TLS11	0x0302
#define HELLO_TLS12	0x0303
#define HELLO_TLS13	0x0304

/* ---- suites ------------------------------------------------------------ */

/* What a suite is (hello_suite_class): weak categories ... */
#define HELLO_C_NULL	0x0001u		/* no encryption */
#define HELLO_C_EXPORT	0x0002u		/* 40/56-bit export */
#define HELLO_C_ANON	0x0004u		/* no authentication */
#define HELLO_C_DES	0x0008u		/* single DES */
#define HELLO_C_RC4	0x0010u
#define HELLO_C_3DES	0x0020u
#define HELLO_C_WEAK	0x003fu
#define HELLO_C_TLS12	0x0080u		/* TLS 1.2 only */
/* ... critical ones (NULL, EXPORT, anonymous) ... */
#define HELLO_C_CRIT	(HELLO_C_NULL | HELLO_C_EXPORT | HELLO_C_ANON)
/* ... and key exchange: what a ServerKeyExchange holds */
#define HELLO_KX_RSA	0x0100u		/* static RSA: no PFS */
#define HELLO_KX_DHE	0x0200u		/* DHE, DH_anon */
#define HELLO_KX_ECDHE	0x0300u		/* ECDHE, ECDH_anon */
#define HELLO_KX_STATIC	0x0400u		/* static (EC)DH */
#define HELLO_KX_13	0x0500u		/* TLS 1.3 */
#define HELLO_KX_MASK	0x0f00u

struct hello_suite {
	uint16_t	 id;
	uint16_t	 cls;		/* HELLO_C_* | HELLO_KX_* */
};

/*
 * Class of a suite id: HELLO_C_* | HELLO_KX_*, 0 for a suite the table
 * does not know.  The table (hello.c) holds every suite the scan offers:
 * TLS 1.3, ECDHE, DHE, static RSA, static ECDH; then NULL, export and
 * anonymous ones; then 3DES, RC4 and single DES.
 */
unsigned hello_suite_class(uint16_t id);
/* The table itself; *n is set to its length. */
const struct hello_suite *hello_suite_table(size_t *n);

/* ---- ClientHello builder --------------------------------------------- */

/* Extension choices (struct hello_spec.flags). */
#define HELLO_F_NOEXT	0x01u	/* SSL 3.0 style: no extensions */
#define HELLO_F_EMS	0x02u	/* extended_master_secret (RFC 7627) */

struct hello_spec {
	/*
	 * Highest version offered.  HELLO_TLS13 means a TLS 1.3-only hello:
	 * legacy_version TLS 1.2, supported_versions {1.3}, an x25519
	 * key_share.  Below it: legacy_version = max, no supported_versions.
	 * The record layer says TLS 1.0 (SSL 3.0 for an SSL 3.0 hello), as
	 * clients do for the first record.
	 */
	uint16_t		 max;
	const uint16_t		*suites;
	size_t			 nsuites;	/* 1..SUITES_MAX */
	unsigned		 flags;		/* HELLO_F_* */
	const char		*sni;	/* SNI host; NULL or "": none */
	/*
	 * 64 bytes chosen at random: the client random, then the x25519
	 * public value (any 32 bytes are one: RFC 7748 5 masks the top bit;
	 * nobody needs its private half, the handshake is never finished).
	 */
	const unsigned char	*rnd;
};

/*
 * Writes one handshake record holding a ClientHello into out[0..cap).
 * Extensions (unless HELLO_F_NOEXT): server_name, supported_groups
 * (x25519, secp256r1, secp384r1, secp521r1, x448, ffdhe2048-4096),
 * ec_point_formats (uncompressed), signature_algorithms (ECDSA, EdDSA,
 * RSA-PSS, RSA PKCS#1 with SHA-2 and SHA-1), renegotiation_info (empty,
 * RFC 5746), extended_master_secret if asked, supported_versions and
 * key_share for TLS 1.3, and padding (RFC 7685) when the hello would be
 * 256-511 bytes long (servers behind some F5 boxes hang on those).  No
 * session ticket, no session id, no compression but null.
 * Returns the record's length, or 0 if it does not fit cap, nsuites is 0
 * or over MX_HELLO_SUITES_MAX, or sni is longer than MX_NAME_MAX.
 */
size_t hello_build(const struct hello_spec *s, unsigned char *out,
    size_t cap);

/* ---- answer parser ------------------------------------------------------ */

/* TLS alert descriptions the scan looks at (RFC 8446 6.2). */
#define HELLO_A_CLOSE_NOTIFY		0
#define HELLO_A_HANDSHAKE_FAILURE	40
#define HELLO_A_PROTOCOL_VERSION	70

/* What came back; fields are 0 until seen. */
struct hello_res {
	int		 sh;		/* ServerHello (or HRR) parsed */
	int		 hrr;		/* ... a HelloRetryRequest */
	uint16_t	 version;	/* supported_versions, else legacy */
	uint16_t	 legacy_version;
	uint16_t	 suite;
	/*
	 * TLS 1.3: the key_share group (HRR: the group it asks for); TLS
	 * <= 1.2: the ECDHE curve of the ServerKeyExchange.
	 */
	uint16_t	 group;
	int		 ems;		/* EMS echoed (RFC 7627) */
	unsigned	 dh_bits;	/* DHE prime, from SKE */
	int		 ske;		/* ServerKeyExchange seen */
	int		 shd;		/* ServerHelloDone seen */
	/*
	 * Certificate (TLS <= 1.2): the length of its body, which is in
	 * the caller's arena when cert_kept (hello_cert_list walks it).
	 */
	size_t		 cert_len;
	int		 cert_kept;
	/* last alert: level 1 warning, 2 fatal; 0 none */
	int		 alert_level;
	unsigned	 alert;
};

struct hello_parse {
	enum mx_err	 err;		/* sticky */
	int		 done;		/* nothing more to read */
	struct hello_res r;
	uint16_t	 max;		/* what the hello offered */
	size_t		 total;		/* bytes fed */
	/* record layer */
	unsigned char	 rh[5];
	unsigned	 rhl;
	size_t		 rleft;		/* left in this record */
	/* handshake message being reassembled */
	unsigned char	 hh[4];
	unsigned	 hhl;
	size_t		 hlen, hgot;
	unsigned char	 msg[MX_HELLO_MSG_MAX];	/* first bytes */
	/* the caller's arena for the Certificate message (may be NULL) */
	unsigned char	*arena;
	size_t		 acap;
	unsigned char	 al[2];		/* alert being read */
	unsigned	 all;
};

/* The certificates of a Certificate message body. */
struct hello_certs {
	unsigned	 n;			/* in the message */
	/* the first MX_CHAIN_MAX of them */
	size_t		 off[MX_CHAIN_MAX], len[MX_CHAIN_MAX];
};

/*
 * Prepares p to read the answer to a hello that offered up to max (a
 * ServerHello above it is an error).  arena[0..cap), if not NULL, receives
 * the body of the Certificate message (r.cert_kept; a longer one is only
 * measured).  The arena must outlive p's use.
 */
void hello_parse_init(struct hello_parse *p, uint16_t max,
    unsigned char *arena, size_t cap);
/*
 * Feeds bytes from the server.  Records may be split anywhere, hold
 * several handshake messages, and a message may span records.  Returns 1
 * when the answer is complete (p->done: ServerHello of TLS 1.3 or a HRR,
 * ServerHelloDone, a fatal alert or close_notify; later bytes are ignored),
 * 0 when more is needed, -1 on error (p->err, sticky):
 *   MX_E_TLS_BAD_ANSWER  not TLS (first byte not a record type, e.g. SMTP
 *                        text), a malformed record or message, a message
 *                        out of order, a version or suite we did not offer
 *   MX_E_LIMIT           a ServerHello over MX_HELLO_MSG_MAX, or over
 *                        MX_HELLO_TOTAL_MAX bytes before the answer ended
 */
int hello_feed(struct hello_parse *p, const unsigned char *buf, size_t len);

/*
 * Walks a Certificate message body msg[0..len) (RFC 5246 7.4.2): c->n
 * certificates, the first MX_CHAIN_MAX of them as offsets into msg and
 * lengths.  0, or -1 when the lengths do not fill the message exactly.
 */
int hello_cert_list(const unsigned char *msg, size_t len,
    struct hello_certs *c);

/*
 * Name of an alert description as RFC 8446 6 spells it
 * ("handshake_failure", "protocol_version"), NULL if unnamed.
 */
const char *hello_alert_name(unsigned desc);
/* "TLS1.3", "SSL3.0" ...; "unknown" otherwise. */
const char *hello_version_str(uint16_t v);
/* IANA name of a TLS 1.3 suite ("TLS_AES_128_GCM_SHA256"), or NULL. */
const char *hello_suite13_name(uint16_t id);

#endif
