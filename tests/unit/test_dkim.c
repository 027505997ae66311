/*
 * test_dkim.c -- DKIM key records (RFC 6376 3.6.1, RFC 8301, RFC 8463):
 * every tag rule, every reason a record is invalid, key sizes from real
 * keys, the base64 and DER readers on their own, the selector list, and
 * what _domainkey says (RFC 8020).
 *
 * The keys below were made with OpenSSL 3.0 for this test (genpkey RSA of
 * 512, 1023, 1024, 2047, 2048 and 4096 bits, Ed25519, EC P-256; "pkey
 * -pubout -outform DER" for SubjectPublicKeyInfo, "rsa -RSAPublicKey_out"
 * for the bare form, the last 32 bytes of the Ed25519 SPKI for the raw
 * key), then base64'd.  Only public halves; the private keys were thrown
 * away.
 */
#include <stdio.h>
#include <string.h>

#include "mxprobe/dkim.h"
#include "mxprobe/b64.h"
#include "t.h"

static const char k_r512_spki[] =
	"MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBANmSoedFis2fNw4oZREe+ti+HOo0"
	"NL4iZVzLYiTCDyouqUIh0VyucVi2MqKfl3YLpPxAR2JzHNI5Z5CyyQIDpQEC"
	"AwEAAQ==";
static const char k_r1023_spki[] =
	"MIGeMA0GCSqGSIb3DQEBAQUAA4GMADCBiAKBgGzbmeHQrXWT5Qb8wO5gvId3"
	"l4OPait08vQmibXP1LR8yQJIbkerp6UFccnAXVzdddwcebyHMoAA2Jr/ADvb"
	"tVPWgcoiJU0s1SmpWLO+BJV4hUIzgD0FOnkxVm9d+XSgTJJjR/cHoqQavy4/"
	"pKHKlH1728KQKTcJCV4G8iDlKYt9AgMBAAE=";
static const char k_r1024_spki[] =
	"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDD4gn18YeIHeNdLjFc2ygM"
	"La+S+yU9XiE/LoBBEzUT00peV/362+uojMpwGPRjuUjFiN19e2+G9FGBYUiy"
	"Vnyc/Sj+HwjtV2z3TSDDX5/jKCzFSs48X9P73iUxbgrgRTb+yyfYKVUSYXFX"
	"f0nzNEjouFrocIaat+Loqkh3zr4SBQIDAQAB";
static const char k_r2047_spki[] =
	"MIIBITANBgkqhkiG9w0BAQEFAAOCAQ4AMIIBCQKCAQBOlwxnchkdK0zv36ne"
	"qWDJJ5PyKjc1P+XLSEHdyfqB3a00kcRBofPE7xPB/PMneAq9e94QbcVCFMdn"
	"FjZZWZa/QHOKnwX1d+cOjnF+AvcFi1ni1VxB8cMTQFRZzgQiVCAlA1sqADCt"
	"ytNRAmaxmaOW8hfchk+6ypDFbRhgl0AAu6Jj6+VLM5YjkI6Qet3bHN2/iA0P"
	"N9uP90SVagdf8LXXr8fEPAciOTji9pc+8JhlYiA4yrIgk0GFRcFs8DxYjtLP"
	"qTAOho2SL6t5rtufrW46Q90Mb71nh/8j02FgPW6QuST4gOgNlly4bHHZlIWg"
	"7+yFb4wG5gxCOYWERNzBF4zTAgMBAAE=";
static const char k_r2048_spki[] =
	"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApfR4wGhoXhLbwbug"
	"vizagij9srmbpLIZ9vo/4aFddziGTwk5e3IxNcFYTJ48i+SUohCpLR+V57z9"
	"O54kiJz1MeUh/sJuM2eL+tUhIuuz/rXgSdUuYJH1Tt+efROeCy9d2/SYw9gA"
	"2ZVjWXckXF5ll6pP+0HGLFu3qVrf4y7AvDTvMclGpe4mXkdfQRkY+sby70/h"
	"9p8QsrhxGaMTgPDMQNA0tj2AuUu5MgdkD1WRHEhJrELeB2HFcaP8kBci0BPm"
	"PhryOS0eVXBtB2GFsIQ74X8dbYz5phwfqfMzWYx3PGy0iCI1TYRDduRDFOwn"
	"+O3IWhRB48vz/7aAKv8bcP3skwIDAQAB";
static const char k_r4096_spki[] =
	"MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAqsI/XbfRMwC3PHbB"
	"HJGddw96dCNc4o1I+RgGYCtSadaTcRXdaO9VxlJnMV33M89NQilZmAiF9VES"
	"HfVobXvueqgyG0mzMxf/KhLMgQvQVJ4yy8QX+EUx3bnHsP8rXMEO1haKtoAO"
	"C3lOQELT8OglLP5bL/4XieNnyQ9a2sXnhC18zPmfqbYv++C3lhBIhyRCwJz7"
	"i5IwPVuZTiJtgMVFLsA0sPcjOeMip7cv8lVAtG6nhTvlUWTmdyt1VUrCzFXf"
	"8Ew8wJrOs6pIe0mE4mvuFWQTi+npJ0V7X9/6xCB6mcsDGRf+FeqerB9rM4I/"
	"Co9XKC6gsj8/5XeEYTSD4X1Emk76DrQslWOROr4bzAL0ticOb/G9//QYBMx6"
	"jHhSe/v40Td5hmgqApiGuTPl1hn0OS3hr/4jG/5o6tXPz3vR2CDx38Wd/cfM"
	"rMgOolGEJoHw/x96pn9Xcw5veoDzURKNBjw41/eFWeqq/UBNACUl9NIuIB4e"
	"dLn2FrpErZIGcRH/cvuvl2rMSRBUkikzl3sKWM54hNbg9VuIqwWPgz6PRvfw"
	"Fck6OWmi3IAMA1+ABaOdyTRXsf2b5HEyYFp6azzU19LFKxQ+86Bhy3kl0wDX"
	"2hHr25AxPVqP8AKwyNKs2DDwscck5KAOnEL0mYXueePkMUg/El6Jv6nV8U5m"
	"F9DyOo8CAwEAAQ==";
static const char k_r2048_rsapub[] =
	"MIIBCgKCAQEApfR4wGhoXhLbwbugvizagij9srmbpLIZ9vo/4aFddziGTwk5"
	"e3IxNcFYTJ48i+SUohCpLR+V57z9O54kiJz1MeUh/sJuM2eL+tUhIuuz/rXg"
	"SdUuYJH1Tt+efROeCy9d2/SYw9gA2ZVjWXckXF5ll6pP+0HGLFu3qVrf4y7A"
	"vDTvMclGpe4mXkdfQRkY+sby70/h9p8QsrhxGaMTgPDMQNA0tj2AuUu5Mgdk"
	"D1WRHEhJrELeB2HFcaP8kBci0BPmPhryOS0eVXBtB2GFsIQ74X8dbYz5phwf"
	"qfMzWYx3PGy0iCI1TYRDduRDFOwn+O3IWhRB48vz/7aAKv8bcP3skwIDAQAB";
static const char k_e_spki[] =
	"MCowBQYDK2VwAyEAs6yQyszArk5gccdcgjq3WIbOvrmGjuFkDMuGW5d+DTg=";
static const char k_e_raw[] =
	"s6yQyszArk5gccdcgjq3WIbOvrmGjuFkDMuGW5d+DTg=";
static const char k_ec_spki[] =
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEUsvOP5NfCFx+n7AkWIpO+0sk"
	"thjQgSO/6erQWWfOHpF7xPvGVCRO0k0Bei2eZEbZ3uV8JSJlLS4hakxWRTjb"
	"mA==";

static char	 rec[4096];

/* rec = prefix key suffix */
static const char *
mk(const char *prefix, const char *key, const char *suffix)
{
	snprintf(rec, sizeof(rec), "%s%s%s", prefix, key, suffix);
	return rec;
}

/* Parses s; returns the reason or "ok". */
static const char *
why(const char *s, struct dkim_key *k)
{
	int	 rc = dkim_parse(s, strlen(s), k);

	if ((rc == 0) != (k->err == NULL))
		return "RC-MISMATCH";
	return k->err ? k->err : "ok";
}

static void
test_keys(void)
{
	struct dkim_key	 k;

	T_EQ_STR(why(mk("v=DKIM1; k=rsa; p=", k_r2048_spki, ""), &k), "ok",
	    "2048-bit rsa, real-world shape");
	T_OK(k.ktype == DKIM_K_RSA && k.bits == 2048 && !k.revoked &&
	    !k.testing, "... 2048 bits, not revoked, not testing");
	T_EQ_INT(dkim_points(&k), 100, "... 100 points");
	T_EQ_STR(why(mk("p=", k_r2048_spki, ""), &k), "ok", "p alone: rsa");
	T_EQ_INT(k.bits, 2048, "... 2048");
	T_EQ_STR(why(mk("v=DKIM1;p=", k_r4096_spki, ";"), &k), "ok", "4096");
	T_EQ_INT(k.bits, 4096, "... 4096 bits");
	T_EQ_STR(why(mk("v=DKIM1; k=rsa; p=", k_r1024_spki, ""), &k), "ok",
	    "1024 is valid");
	T_EQ_INT(k.bits, 1024, "... 1024 bits");
	T_EQ_INT(dkim_points(&k), 60, "... weak: 60 points");
	T_EQ_STR(why(mk("p=", k_r2047_spki, ""), &k), "ok", "2047 valid");
	T_OK(k.bits == 2047 && dkim_points(&k) == 60, "... 2047 is weak");
	T_EQ_STR(why(mk("p=", k_r1023_spki, ""), &k), "rsa-too-small",
	    "1023 bits: too small (RFC 8301)");
	T_EQ_INT(k.bits, 1023, "... its size is still told");
	T_EQ_STR(why(mk("v=DKIM1; p=", k_r512_spki, ""), &k), "rsa-too-small",
	    "512 bits: too small");
	T_EQ_INT(dkim_points(&k), 10, "... invalid: 10 points");
	T_EQ_STR(why(mk("v=DKIM1; k=rsa; p=", k_r2048_rsapub, ""), &k), "ok",
	    "bare RSAPublicKey taken");
	T_EQ_INT(k.bits, 2048, "... 2048 bits");
	T_EQ_STR(why(mk("v=DKIM1; k=ed25519; p=", k_e_raw, ""), &k), "ok",
	    "ed25519 raw key");
	T_OK(k.ktype == DKIM_K_ED25519 && k.bits == 256 &&
	    dkim_points(&k) == 100, "... ed25519, 256, 100 points");
	T_EQ_STR(why(mk("v=DKIM1; k=ed25519; p=", k_e_spki, ""), &k),
	    "bad-ed25519-key", "ed25519 as SPKI: not RFC 8463");
	T_EQ_STR(why(mk("v=DKIM1; k=rsa; p=", k_ec_spki, ""), &k),
	    "not-rsa-key", "EC key for k=rsa");
	T_EQ_STR(why(mk("v=DKIM1; p=", k_e_spki, ""), &k), "not-rsa-key",
	    "ed25519 SPKI for (default) rsa");
	T_EQ_STR(why(mk("v=DKIM1; p=", k_e_raw, ""), &k), "bad-key",
	    "raw 32 bytes for rsa: bad key");
	/* folding whitespace inside p= */
	snprintf(rec, sizeof(rec), "v=DKIM1; k=rsa; p=%.40s \r\n\t%s",
	    k_r2048_spki, k_r2048_spki + 40);
	T_EQ_STR(why(rec, &k), "ok", "p= folded with CRLF WSP and spaces");
	T_EQ_INT(k.bits, 2048, "... same key");
}

static void
test_tags(void)
{
	struct dkim_key	 k;
	char		 big[MX_TXT_MAX + 16];

	T_EQ_STR(why("v=DKIM1; k=rsa; p=", &k), "ok", "empty p: revoked");
	T_OK(k.revoked && k.bits == 0 && dkim_points(&k) == 30,
	    "... revoked, 30 points");
	T_EQ_STR(why("v=DKIM1; p= ;", &k), "ok", "blank p: revoked");
	T_OK(k.revoked, "... revoked");
	T_EQ_STR(why(mk("v=DKIM1; t=y; p=", k_r2048_spki, ""), &k), "ok",
	    "t=y");
	T_OK(k.testing && !k.strict && dkim_points(&k) == 30,
	    "... testing, 30 points");
	T_EQ_STR(why(mk("t = y : s ; p=", k_r2048_spki, ""), &k), "ok",
	    "t=y:s with spaces");
	T_OK(k.testing && k.strict, "... testing and strict");
	T_EQ_STR(why(mk("t=s; p=", k_r2048_spki, ""), &k), "ok", "t=s");
	T_OK(!k.testing && k.strict && dkim_points(&k) == 100,
	    "... strict only, 100 points");
	T_EQ_STR(why(mk("t=yes:x; p=", k_r2048_spki, ""), &k), "ok",
	    "unknown t flags ignored");
	T_OK(!k.testing, "... 'yes' is not y");
	T_EQ_STR(why(mk("k=rsa; v=DKIM1; p=", k_r2048_spki, ""), &k),
	    "bad-v", "v not first");
	T_EQ_STR(why(mk("v=DKIM2; p=", k_r2048_spki, ""), &k), "bad-v",
	    "v=DKIM2");
	T_EQ_STR(why(mk("v=dkim1; p=", k_r2048_spki, ""), &k), "bad-v",
	    "v is case-sensitive");
	T_EQ_STR(why(mk("V=DKIM2; p=", k_r2048_spki, ""), &k), "ok",
	    "V (upper case) is an unknown tag");
	T_EQ_STR(why(mk("v=DKIM1; p=", k_r2048_spki, "; p="), &k),
	    "duplicate-tag", "p twice");
	T_EQ_STR(why(mk("v=DKIM1; k=rsa; k=rsa; p=", k_r2048_spki, ""), &k),
	    "duplicate-tag", "k twice");
	T_EQ_STR(why("v=DKIM1; k=rsa", &k), "no-p", "no p");
	T_EQ_STR(why("", &k), "no-p", "empty record");
	T_EQ_STR(why(mk("v=DKIM1; k=dsa; p=", k_r2048_spki, ""), &k),
	    "unknown-k", "k=dsa");
	T_EQ_INT(k.ktype, DKIM_K_UNKNOWN, "... unknown type");
	T_EQ_STR(why(mk("v=DKIM1; k=RSA; p=", k_r2048_spki, ""), &k),
	    "unknown-k", "k value is case-sensitive");
	T_EQ_STR(why(mk("v=DKIM1; K=dsa; p=", k_r2048_spki, ""), &k), "ok",
	    "K= is not k=");
	T_EQ_STR(why(mk("v=DKIM1; h=sha1; p=", k_r2048_spki, ""), &k),
	    "sha1-only", "h=sha1");
	T_EQ_STR(why(mk("v=DKIM1; h=sha1:sha256; p=", k_r2048_spki, ""), &k),
	    "ok", "h=sha1:sha256");
	T_EQ_STR(why(mk("v=DKIM1; h= sha256 ; p=", k_r2048_spki, ""), &k),
	    "ok", "h= sha256 with spaces");
	T_EQ_STR(why(mk("s=email; p=", k_r2048_spki, ""), &k), "ok",
	    "s=email");
	T_EQ_STR(why(mk("s=*; p=", k_r2048_spki, ""), &k), "ok", "s=*");
	T_EQ_STR(why(mk("s=tlsrpt:email; p=", k_r2048_spki, ""), &k), "ok",
	    "s=tlsrpt:email");
	T_EQ_STR(why(mk("s=tlsrpt; p=", k_r2048_spki, ""), &k), "not-email",
	    "s=tlsrpt only");
	T_EQ_STR(why(mk("n=a note with spaces; x_y=1; p=", k_r2048_spki, ""),
	    &k), "ok", "n= and unknown tags ignored");
	T_EQ_STR(why("v=DKIM1; =x; p=", &k), "syntax", "no tag name");
	T_EQ_STR(why("v=DKIM1; p", &k), "syntax", "no =");
	/* first error kept, the rest still read */
	T_EQ_STR(why(mk("v=DKIM2; k=ed25519; t=y; p=", k_e_raw, "; p="), &k),
	    "bad-v", "several problems: the first is told");
	T_OK(k.ktype == DKIM_K_ED25519 && k.testing,
	    "... later tags still read");
	/* base64 */
	T_EQ_STR(why("p=MIIB!AAA", &k), "bad-base64", "bad base64 byte");
	T_EQ_STR(why("p=QQ=", &k), "bad-base64", "base64 not 4-aligned");
	T_EQ_STR(why("p=QQ==QQ==", &k), "bad-base64", "padding mid-way");
	memset(big, 'A', sizeof(big));
	memcpy(big, "p=", 2);
	big[2 + 2052] = '\0';		/* 2052 chars: 1539 bytes */
	T_EQ_STR(why(big, &k), "key-too-long", "p over MX_DKIM_KEY_MAX");
	big[2 + 2048] = '\0';		/* 1536 bytes: fits, not DER */
	T_EQ_STR(why(big, &k), "bad-key", "p at MX_DKIM_KEY_MAX: decoded");
	/* DER the key walk refuses */
	T_EQ_STR(why("p=MIAGAgEFAgEDAAA=", &k), "bad-key",
	    "indefinite length");
	T_EQ_STR(why("p=MIEGAgEFAgED", &k), "bad-key", "non-minimal length");
	T_EQ_STR(why("p=MAYCAQUCAQMA", &k), "bad-key", "a byte after the key");
	T_EQ_STR(why("p=MAYCAYUCAQM=", &k), "bad-key", "negative modulus");
}

static void
test_der(void)
{
	static const unsigned char tiny[] = { 0x30, 6, 2, 1, 5, 2, 1, 3 };
	static const unsigned char b8[] = { 0x30, 7, 2, 2, 0, 0x80, 2, 1, 3 };
	static const unsigned char nonmin[] = { 0x30, 7, 2, 2, 0, 5, 2, 1, 3 };
	static const unsigned char zero[] = { 0x30, 6, 2, 1, 0, 2, 1, 3 };
	static const unsigned char empty[] = { 0x30, 5, 2, 0, 2, 1, 3 };
	static const unsigned char noexp[] = { 0x30, 3, 2, 1, 5 };
	static const unsigned char over[] = { 0x30, 9, 2, 1, 5, 2, 1, 3 };
	static const unsigned char eoc[] = { 0x30, 0 };
	/* SPKI rsaEncryption without NULL parameters, 8-bit modulus */
	static const unsigned char noparam[] = { 0x30, 0x19, 0x30, 0x0b,
	    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
	    0x03, 0x0a, 0x00, 0x30, 0x07, 2, 2, 0, 0x80, 2, 1, 3 };
	/* the same with 7 unused bits in the BIT STRING */
	static const unsigned char unused[] = { 0x30, 0x19, 0x30, 0x0b,
	    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
	    0x03, 0x0a, 0x07, 0x30, 0x07, 2, 2, 0, 0x80, 2, 1, 3 };
	unsigned	 bits;

	T_EQ_INT(dkim_rsa_bits(tiny, sizeof(tiny), &bits), 0, "tiny key");
	T_EQ_INT(bits, 3, "... modulus 5: 3 bits");
	T_EQ_INT(dkim_rsa_bits(b8, sizeof(b8), &bits), 0, "0x0080");
	T_EQ_INT(bits, 8, "... leading zero not counted");
	T_EQ_INT(dkim_rsa_bits(nonmin, sizeof(nonmin), &bits), -1,
	    "non-minimal INTEGER");
	T_EQ_INT(dkim_rsa_bits(zero, sizeof(zero), &bits), -1, "zero modulus");
	T_EQ_INT(dkim_rsa_bits(empty, sizeof(empty), &bits), -1,
	    "empty INTEGER");
	T_EQ_INT(dkim_rsa_bits(noexp, sizeof(noexp), &bits), -1,
	    "no exponent");
	T_EQ_INT(dkim_rsa_bits(over, sizeof(over), &bits), -1,
	    "length past the end");
	T_EQ_INT(dkim_rsa_bits(eoc, sizeof(eoc), &bits), -1, "empty SEQUENCE");
	T_EQ_INT(dkim_rsa_bits(tiny, 0, &bits), -1, "nothing");
	T_EQ_INT(dkim_rsa_bits(noparam, sizeof(noparam), &bits), 0,
	    "SPKI without NULL parameters");
	T_EQ_INT(bits, 8, "... 8 bits");
	T_EQ_INT(dkim_rsa_bits(unused, sizeof(unused), &bits), -1,
	    "BIT STRING with unused bits");
	T_EQ_INT(bits, 0, "... bits 0 on failure");
}

static void
test_b64(void)
{
	unsigned char	 out[8];
	size_t		 n;

	T_OK(b64_decode("", 0, out, sizeof(out), &n) == 0 && n == 0,
	    "b64 empty");
	T_OK(b64_decode("QQ==", 4, out, sizeof(out), &n) == 0 &&
	    n == 1 && out[0] == 'A', "b64 QQ==");
	T_OK(b64_decode("QUI=", 4, out, sizeof(out), &n) == 0 &&
	    n == 2 && memcmp(out, "AB", 2) == 0, "b64 QUI=");
	T_OK(b64_decode(" Q U\r\nJ\tD ", 10, out, sizeof(out), &n) == 0 &&
	    n == 3 && memcmp(out, "ABC", 3) == 0, "b64 whitespace skipped");
	T_OK(b64_decode("+/+/", 4, out, sizeof(out), &n) == 0 && n == 3 &&
	    out[0] == 0xfb && out[1] == 0xff && out[2] == 0xbf, "b64 + and /");
	T_EQ_INT(b64_decode("Q", 1, out, sizeof(out), &n), -1, "b64 Q");
	T_EQ_INT(b64_decode("Q===", 4, out, sizeof(out), &n), -1,
	    "b64 three pads");
	T_EQ_INT(b64_decode("Q=Q=", 4, out, sizeof(out), &n), -1,
	    "b64 pad then data");
	T_EQ_INT(b64_decode("QQ==QQ==", 8, out, sizeof(out), &n), -1,
	    "b64 data after padding");
	T_EQ_INT(b64_decode("QQ-_", 4, out, sizeof(out), &n), -1,
	    "b64url alphabet refused");
	T_EQ_INT(b64_decode("QUJD", 4, out, 2, &n), -2, "b64 cap");
	T_EQ_INT(b64_decode("QUJD", 4, out, 3, &n), 0, "b64 exact cap");
	T_EQ_INT(b64_decode("QQ\0=", 4, out, 3, &n), -1, "b64 NUL byte");
}

static void
test_selectors(void)
{
	struct dkim_selectors	 s;
	char			 spec[600];
	int			 i;

	dkim_selectors_init(&s);
	T_EQ_INT(dkim_selectors_add(&s, DKIM_DEFAULT_SELECTORS), 0,
	    "built-in list parses");
	T_OK(s.n == 9 && strcmp(s.name[0], "default") == 0 &&
	    strcmp(s.name[8], "mail") == 0 && !s.truncated, "... 9 names");
	T_EQ_INT(dkim_selectors_add(&s, "S1,custom.sub,x_y-z"), 0, "-s list");
	T_OK(s.n == 11 && strcmp(s.name[9], "custom.sub") == 0 &&
	    strcmp(s.name[10], "x_y-z") == 0, "... S1 already there");
	T_EQ_INT(dkim_selectors_add(&s, "ok,,x"), -1, "empty element");
	T_EQ_INT(dkim_selectors_add(&s, "ok,a..b"), -1, "empty label");
	T_EQ_INT(dkim_selectors_add(&s, "a b"), -1, "space");
	T_EQ_INT(dkim_selectors_add(&s, "a.b."), -1, "trailing dot");
	T_EQ_INT(dkim_selectors_add(&s, ""), -1, "empty spec");
	T_EQ_INT(dkim_selectors_add(&s, "$(id)"), -1, "shell bytes");
	T_EQ_INT(s.n, 11, "refused lists add nothing");
	memset(spec, 'a', 64);
	spec[64] = '\0';
	T_EQ_INT(dkim_selectors_add(&s, spec), -1, "64 bytes refused");
	spec[63] = '\0';
	T_EQ_INT(dkim_selectors_add(&s, spec), 0, "63 bytes taken");
	spec[0] = '\0';
	for (i = 0; i < 10; i++) {
		strcat(spec, i ? ",zz" : "zz");
		spec[strlen(spec) - 1] = (char)('a' + i);
	}
	T_EQ_INT(dkim_selectors_add(&s, spec), 0, "more than fit: no error");
	T_OK(s.n == MX_DKIM_SELECTORS_MAX && s.truncated,
	    "... cap kept, truncated set");
}

static void
test_presence(void)
{
	T_EQ_INT(dkim_domainkey(MX_OK, DNSMSG_ANS_NXDOMAIN), DKIM_DK_NXDOMAIN,
	    "_domainkey nxdomain");
	T_EQ_INT(dkim_domainkey(MX_OK, DNSMSG_ANS_NODATA), DKIM_DK_EXISTS,
	    "_domainkey nodata: exists (RFC 8020)");
	T_EQ_INT(dkim_domainkey(MX_OK, DNSMSG_ANS_DATA), DKIM_DK_EXISTS,
	    "_domainkey with TXT: exists");
	T_EQ_INT(dkim_domainkey(MX_OK, DNSMSG_ANS_RCODE), DKIM_DK_UNKNOWN,
	    "other rcode: unknown");
	T_EQ_INT(dkim_domainkey(MX_E_DNS_SERVFAIL, DNSMSG_ANS_NXDOMAIN),
	    DKIM_DK_UNKNOWN, "servfail: unknown");
	T_EQ_INT(dkim_verdict(DKIM_DK_NXDOMAIN, 0), DKIM_V_ABSENT,
	    "nxdomain, none found: absent");
	T_EQ_INT(dkim_verdict(DKIM_DK_NXDOMAIN, 1), DKIM_V_PRESENT,
	    "a selector found beats a (non-RFC 8020) nxdomain");
	T_EQ_INT(dkim_verdict(DKIM_DK_EXISTS, 0), DKIM_V_PRESENT,
	    "exists, none guessed: present");
	T_EQ_INT(dkim_verdict(DKIM_DK_UNKNOWN, 0), DKIM_V_UNKNOWN,
	    "failed, none found: unknown");
	T_EQ_INT(dkim_verdict(DKIM_DK_UNKNOWN, 2), DKIM_V_PRESENT,
	    "failed, found: present");
	T_EQ_STR(dkim_verdict_str(DKIM_V_ABSENT), "absent", "str absent");
	T_EQ_STR(dkim_verdict_str(DKIM_V_PRESENT), "present", "str present");
	T_EQ_STR(dkim_verdict_str(DKIM_V_UNKNOWN), "unknown", "str unknown");
	T_EQ_STR(dkim_ktype_str(DKIM_K_ED25519), "ed25519", "ktype str");
	T_EQ_STR(dkim_ktype_str((enum dkim_ktype)7), "unknown",
	    "ktype out of range");
}

int
main(void)
{
	test_keys();
	test_tags();
	test_der();
	test_b64();
	test_selectors();
	test_presence();
	return T_DONE();
}
