/*
 * tlsname.c -- the IANA and BearSSL names of what a TLS session reports
 * (see tls.h): versions, cipher suites, curves, BearSSL error codes and
 * alerts.  Tables only, kept apart from the session code in tls.c.
 */
#include <stddef.h>
#include "mxprobe/tls.h"

/* see tls.h */
const char *
tls_version_str(unsigned v)
{
	switch (v) {
	case BR_TLS10:
		return "TLS1.0";
	case BR_TLS11:
		return "TLS1.1";
	case BR_TLS12:
		return "TLS1.2";
	default:
		return "unknown";
	}
}

static const struct {
	uint16_t	 id;
	const char	*name;
} suite_names[] = {
#define S(x)	{ BR_##x, #x }
	S(TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256),
	S(TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
	S(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
	S(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
	S(TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
	S(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
	S(TLS_ECDHE_ECDSA_WITH_AES_128_CCM),
	S(TLS_ECDHE_ECDSA_WITH_AES_256_CCM),
	S(TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8),
	S(TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8),
	S(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256),
	S(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256),
	S(TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384),
	S(TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384),
	S(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA),
	S(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA),
	S(TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA),
	S(TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA),
	S(TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256),
	S(TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256),
	S(TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384),
	S(TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384),
	S(TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256),
	S(TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256),
	S(TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384),
	S(TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384),
	S(TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA),
	S(TLS_ECDH_RSA_WITH_AES_128_CBC_SHA),
	S(TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA),
	S(TLS_ECDH_RSA_WITH_AES_256_CBC_SHA),
	S(TLS_RSA_WITH_AES_128_GCM_SHA256),
	S(TLS_RSA_WITH_AES_256_GCM_SHA384),
	S(TLS_RSA_WITH_AES_128_CCM),
	S(TLS_RSA_WITH_AES_256_CCM),
	S(TLS_RSA_WITH_AES_128_CCM_8),
	S(TLS_RSA_WITH_AES_256_CCM_8),
	S(TLS_RSA_WITH_AES_128_CBC_SHA256),
	S(TLS_RSA_WITH_AES_256_CBC_SHA256),
	S(TLS_RSA_WITH_AES_128_CBC_SHA),
	S(TLS_RSA_WITH_AES_256_CBC_SHA),
	S(TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA),
	S(TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA),
	S(TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA),
	S(TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA),
	S(TLS_RSA_WITH_3DES_EDE_CBC_SHA),
#undef S
};

/* see tls.h */
const char *
tls_suite_name(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof suite_names / sizeof suite_names[0]; i++)
		if (suite_names[i].id == id)
			return suite_names[i].name;
	return NULL;
}

/* TLS NamedCurve registry names; BR_EC_* ids are the registry values. */
static const char *const curve_names[] = {
	[BR_EC_sect163k1] = "sect163k1",
	[BR_EC_sect163r1] = "sect163r1",
	[BR_EC_sect163r2] = "sect163r2",
	[BR_EC_sect193r1] = "sect193r1",
	[BR_EC_sect193r2] = "sect193r2",
	[BR_EC_sect233k1] = "sect233k1",
	[BR_EC_sect233r1] = "sect233r1",
	[BR_EC_sect239k1] = "sect239k1",
	[BR_EC_sect283k1] = "sect283k1",
	[BR_EC_sect283r1] = "sect283r1",
	[BR_EC_sect409k1] = "sect409k1",
	[BR_EC_sect409r1] = "sect409r1",
	[BR_EC_sect571k1] = "sect571k1",
	[BR_EC_sect571r1] = "sect571r1",
	[BR_EC_secp160k1] = "secp160k1",
	[BR_EC_secp160r1] = "secp160r1",
	[BR_EC_secp160r2] = "secp160r2",
	[BR_EC_secp192k1] = "secp192k1",
	[BR_EC_secp192r1] = "secp192r1",
	[BR_EC_secp224k1] = "secp224k1",
	[BR_EC_secp224r1] = "secp224r1",
	[BR_EC_secp256k1] = "secp256k1",
	[BR_EC_secp256r1] = "secp256r1",
	[BR_EC_secp384r1] = "secp384r1",
	[BR_EC_secp521r1] = "secp521r1",
	[BR_EC_brainpoolP256r1] = "brainpoolP256r1",
	[BR_EC_brainpoolP384r1] = "brainpoolP384r1",
	[BR_EC_brainpoolP512r1] = "brainpoolP512r1",
	[BR_EC_curve25519] = "x25519",
	[BR_EC_curve448] = "x448",
};

/* see tls.h */
const char *
tls_curve_name(int id)
{
	if (id <= 0 || (size_t)id >= sizeof curve_names / sizeof curve_names[0])
		return NULL;
	return curve_names[id];
}

static const char *const err_names[] = {
#define E(x)	[BR_ERR_##x] = #x
	E(OK),
	E(BAD_PARAM),
	E(BAD_STATE),
	E(UNSUPPORTED_VERSION),
	E(BAD_VERSION),
	E(BAD_LENGTH),
	E(TOO_LARGE),
	E(BAD_MAC),
	E(NO_RANDOM),
	E(UNKNOWN_TYPE),
	E(UNEXPECTED),
	E(BAD_CCS),
	E(BAD_ALERT),
	E(BAD_HANDSHAKE),
	E(OVERSIZED_ID),
	E(BAD_CIPHER_SUITE),
	E(BAD_COMPRESSION),
	E(BAD_FRAGLEN),
	E(BAD_SECRENEG),
	E(EXTRA_EXTENSION),
	E(BAD_SNI),
	E(BAD_HELLO_DONE),
	E(LIMIT_EXCEEDED),
	E(BAD_FINISHED),
	E(RESUME_MISMATCH),
	E(INVALID_ALGORITHM),
	E(BAD_SIGNATURE),
	E(WRONG_KEY_USAGE),
	E(NO_CLIENT_AUTH),
	E(IO),
	E(X509_OK),
	E(X509_INVALID_VALUE),
	E(X509_TRUNCATED),
	E(X509_EMPTY_CHAIN),
	E(X509_INNER_TRUNC),
	E(X509_BAD_TAG_CLASS),
	E(X509_BAD_TAG_VALUE),
	E(X509_INDEFINITE_LENGTH),
	E(X509_EXTRA_ELEMENT),
	E(X509_UNEXPECTED),
	E(X509_NOT_CONSTRUCTED),
	E(X509_NOT_PRIMITIVE),
	E(X509_PARTIAL_BYTE),
	E(X509_BAD_BOOLEAN),
	E(X509_OVERFLOW),
	E(X509_BAD_DN),
	E(X509_BAD_TIME),
	E(X509_UNSUPPORTED),
	E(X509_LIMIT_EXCEEDED),
	E(X509_WRONG_KEY_TYPE),
	E(X509_BAD_SIGNATURE),
	E(X509_TIME_UNKNOWN),
	E(X509_EXPIRED),
	E(X509_DN_MISMATCH),
	E(X509_BAD_SERVER_NAME),
	E(X509_CRITICAL_EXTENSION),
	E(X509_NOT_CA),
	E(X509_FORBIDDEN_KEY_USAGE),
	E(X509_WEAK_PUBLIC_KEY),
	E(X509_NOT_TRUSTED),
#undef E
};

/* TLS AlertDescription registry (RFC 5246 7.2, RFC 8446 6, RFC 7507). */
#define ALERTS(X)							\
	X(0, "close_notify") X(10, "unexpected_message")		\
	X(20, "bad_record_mac") X(21, "decryption_failed")		\
	X(22, "record_overflow") X(30, "decompression_failure")		\
	X(40, "handshake_failure") X(41, "no_certificate")		\
	X(42, "bad_certificate") X(43, "unsupported_certificate")	\
	X(44, "certificate_revoked") X(45, "certificate_expired")	\
	X(46, "certificate_unknown") X(47, "illegal_parameter")		\
	X(48, "unknown_ca") X(49, "access_denied")			\
	X(50, "decode_error") X(51, "decrypt_error")			\
	X(60, "export_restriction") X(70, "protocol_version")		\
	X(71, "insufficient_security") X(80, "internal_error")		\
	X(86, "inappropriate_fallback") X(90, "user_canceled")		\
	X(100, "no_renegotiation") X(109, "missing_extension")		\
	X(110, "unsupported_extension")					\
	X(111, "certificate_unobtainable") X(112, "unrecognized_name")	\
	X(113, "bad_certificate_status_response")			\
	X(114, "bad_certificate_hash_value")				\
	X(115, "unknown_psk_identity") X(116, "certificate_required")	\
	X(120, "no_application_protocol")

#define ALERT(n, s)	{ n, "RECV_FATAL_ALERT_" s, "SEND_FATAL_ALERT_" s },
static const struct {
	unsigned char	 id;
	const char	*recv, *send;
} alerts[] = { ALERTS(ALERT) };
#undef ALERT

/* see tls.h */
const char *
tls_br_err_name(int err)
{
	size_t i;
	int a;

	if (err >= BR_ERR_RECV_FATAL_ALERT &&
	    err < BR_ERR_SEND_FATAL_ALERT + 256) {
		a = err & 255;
		for (i = 0; i < sizeof alerts / sizeof alerts[0]; i++)
			if (alerts[i].id == a)
				return err < BR_ERR_SEND_FATAL_ALERT ?
				    alerts[i].recv : alerts[i].send;
		return err < BR_ERR_SEND_FATAL_ALERT ?
		    "RECV_FATAL_ALERT" : "SEND_FATAL_ALERT";
	}
	if (err < 0 || (size_t)err >= sizeof err_names / sizeof err_names[0])
		return NULL;
	return err_names[err];
}
