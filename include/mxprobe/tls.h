/*
 * tls.h -- one TLS client session on BearSSL; owns no socket.
 *
 * The caller moves bytes: tls_out()/tls_out_ack() give records to write,
 * tls_in()/tls_in_ack() take records read; application data goes through
 * tls_app_write()/tls_app_read().  Certificates are not judged during the
 * handshake: an X.509 class records the presented chain (bounded) and hands
 * the engine the leaf key, so the handshake completes for expired,
 * self-signed, mismatched and untrusted certificates and version and cipher
 * are still learned.  Trust is decided afterwards by ca_verify() (ca.h)
 * with BearSSL's own validator over the recorded chain.
 */
#ifndef MXPROBE_TLS_H
#define MXPROBE_TLS_H

#include <stddef.h>
#include <stdint.h>
#include <bearssl.h>
#include "mxprobe/limits.h"
#include "mxprobe/err.h"

/* The presented chain, in the order the server sent it. */
struct tls_chain {
	unsigned	 n;			/* certificates presented */
	unsigned	 kept;			/* a prefix of those: [0..kept) */
	int		 truncated;		/* a certificate was not kept */
	size_t		 off[MX_CHAIN_MAX], len[MX_CHAIN_MAX];
	unsigned char	 arena[MX_CHAIN_ARENA];
};

/* The recording X.509 class (vtable first, as br_x509_class wants). */
struct tls_rec {
	const br_x509_class	*vtable;
	struct tls_chain	*chain;
	int			 keep;		/* current cert fits */
	size_t			 cur;		/* bytes of current cert */
	br_x509_decoder_context	 dec;		/* leaf key */
	int			 leaf_ok;
	br_x509_pkey		 pkey;		/* copy of the leaf key */
	unsigned char		 key_buf[BR_X509_BUFSIZE_KEY];
};

enum tls_st { TLS_HANDSHAKE, TLS_READY, TLS_CLOSED };

struct tls_sess {
	br_ssl_client_context	 cc;
	struct tls_rec		 rec;
	struct tls_chain	 chain;
	enum mx_err		 err;		/* sticky */
	int			 br_err;	/* BearSSL's code, 0 if none */
	int			 plaintext;	/* first byte back was not TLS */
	int			 got_bytes;
	/* facts, valid once the handshake completed */
	int			 done;
	unsigned		 version;	/* BR_TLS10.. */
	uint16_t		 suite;
	int			 curve;		/* BR_EC_* id, 0 if none */
	int			 secure_reneg;
	/* added after the first contract (private) */
	int			 closed;	/* CLOSED seen, err/br_err set */
	int			 closing;	/* tls_close() called */
	unsigned char		 iobuf[BR_SSL_BUFSIZE_MONO];
};

/*
 * Bound on the session slot (x86_64: ~46.7 KB, ILP32 ~45.5 KB): the
 * BearSSL client context (3.7 KB), the leaf decoder and key (1.7 KB), the
 * recorded chain (MX_CHAIN_ARENA) and the one I/O buffer (16.7 KB).  tls.c
 * asserts sizeof(struct tls_sess) <= TLS_SESS_SIZE_MAX.
 */
#define TLS_SESS_SIZE_MAX	(MX_CHAIN_ARENA + BR_SSL_BUFSIZE_MONO + 8192)

/*
 * Starts a client handshake: every suite and version (TLS 1.0-1.2) BearSSL
 * has, SNI = sni (NULL, "" or an IP literal: no SNI; one trailing dot is
 * dropped), seed[0..seedlen) injected as entropy (give >= 32 bytes from
 * getrandom; BearSSL adds its own system source when it has one).  Resets
 * every field, so a slot is reused by calling it again.  The session points
 * at itself: never copy or move it once started.  Returns 0, or -1 with err
 * (MX_E_LIMIT: sni longer than MX_NAME_MAX; MX_E_TLS_HANDSHAKE: BearSSL
 * refused to start, br_err says why).
 */
int tls_start(struct tls_sess *s, const char *sni, const void *seed,
    size_t seedlen);
/*
 * Current state; after TLS_CLOSED, s->err and s->br_err say why.  The
 * facts (version, suite, curve, secure_reneg) are filled, and s->done set,
 * as soon as the handshake completes, by whichever call sees it.
 *   TLS_HANDSHAKE  keep pumping records (tls_want says which way).
 *   TLS_READY      handshake done: tls_app_write / tls_app_read.
 *   TLS_CLOSED     for good.  err MX_E_TLS_HANDSHAKE if the handshake had
 *                  not completed (even on a clean close_notify: br_err 0),
 *                  MX_E_TLS if it failed afterwards (br_err != 0), MX_OK
 *                  for a clean close after the handshake.
 */
enum tls_st tls_state(struct tls_sess *s);
/* What the engine waits for: TLS_WANT_WRITE (tls_out has bytes, send them
 * first), TLS_WANT_READ (tls_in has room); 0 when closed. */
#define TLS_WANT_WRITE	1
#define TLS_WANT_READ	2
unsigned tls_want(struct tls_sess *s);
/* Record bytes waiting to be written, NULL if none. */
const unsigned char *tls_out(struct tls_sess *s, size_t *len);
void tls_out_ack(struct tls_sess *s, size_t n);
/* Room for bytes read from the peer, NULL if the engine wants none now. */
unsigned char *tls_in(struct tls_sess *s, size_t *cap);
/* n bytes were stored at tls_in(); the first byte of the session decides
 * s->plaintext (it must start a TLS record: 0x14-0x17). */
void tls_in_ack(struct tls_sess *s, size_t n);
/*
 * The peer closed TCP (EOF) or reading failed.  The session becomes
 * TLS_CLOSED: cleanly (err unchanged) if a close_notify was received or
 * tls_close() was called after the handshake; otherwise with br_err
 * BR_ERR_IO and err MX_E_TLS_HANDSHAKE or MX_E_TLS.
 */
void tls_in_eof(struct tls_sess *s);
/*
 * Queues application data and flushes it into a record (tls_out); returns
 * 0, or -1 if the session is not TLS_READY or the data does not fit in the
 * free part of the buffer (~16 KB; a part may then have been queued).
 */
int tls_app_write(struct tls_sess *s, const void *p, size_t len);
/* Copies decrypted data out (at most cap); returns bytes copied. */
size_t tls_app_read(struct tls_sess *s, unsigned char *buf, size_t cap);
/* Sends close_notify (pump tls_out afterwards); EOF after it is clean. */
void tls_close(struct tls_sess *s);

/* "TLS1.2", ... ; "unknown" otherwise. */
const char *tls_version_str(unsigned v);
/* IANA name of a suite id ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), or NULL. */
const char *tls_suite_name(uint16_t id);
/* "secp256r1"/"x25519"/... of a BR_EC_* id, or NULL. */
const char *tls_curve_name(int id);
/*
 * The elliptic-curve code of every handshake and X.509 check (ca.c,
 * tlsa.c): secp256r1, secp384r1, secp521r1 and X25519, BearSSL's small
 * generic code but a fast X25519 (see tls.c).  Use it instead of
 * br_ec_get_default(), which links every large one.
 */
extern const br_ec_impl tls_ec;
/*
 * BearSSL error code as its BR_ERR_* name without the prefix ("X509_EXPIRED"),
 * or NULL.  Alerts: "RECV_FATAL_ALERT_handshake_failure",
 * "SEND_FATAL_ALERT_protocol_version" (unknown alert numbers:
 * "RECV_FATAL_ALERT" / "SEND_FATAL_ALERT").  Characters: [A-Za-z0-9_].
 */
const char *tls_br_err_name(int err);

#endif
