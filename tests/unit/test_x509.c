/*
 * test_x509.c -- x509_parse against what openssl says about real
 * certificates, hand-built certificates for the odd corners (strings,
 * escaping, limits, key types, encodings), every truncation and many
 * byte flips of real ones under ASan, and an RFC 6125 matching table.
 */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include "t.h"
#include "mxprobe/x509.h"
#include "mxprobe/err.h"

/*
 * Generated once with OpenSSL 3.0 (the facts below are what it printed):
 *
 * cert_ec: openssl req -x509 -key <P-256> -sha256 -days 400
 *   -subj "/C=DE/O=Example Org/CN=mx.example.org"
 *   -addext "basicConstraints=critical,CA:FALSE"
 *   -addext "subjectAltName=DNS:mx.example.org,DNS:*.Example.ORG,
 *            IP:192.0.2.1,email:a@example.org,DNS:xn--caf-dma.example.org"
 * cert_rsa: RSA-1024, sha256, -days 3650, CA:TRUE, no SAN,
 *   -subj "/DC=org/DC=example/O=Example, Inc./OU=Mail+OU=Ops/
 *          CN=Example Root CA/emailAddress=ca@example.org"
 * cert_v1: openssl x509 -req -signkey <P-384> -sha384 -days 30 (version 1,
 *   no extensions), -subj "/CN=legacy.example.net/O=Legacy"
 * cert_ed: Ed25519, -days 9000 (notAfter 2051: GeneralizedTime), -utf8
 *   -subj "/C=DE/O=Bäckerei Müller/CN=mail.example.com+UID=42",
 *   SAN DNS:mail.example.com, CA:TRUE (OpenSSL's default)
 */
static const unsigned char cert_ec[553] = {
	0x30, 0x82, 0x02, 0x25, 0x30, 0x82, 0x01, 0xca, 0xa0, 0x03, 0x02, 0x01,
	0x02, 0x02, 0x14, 0x4b, 0x60, 0x16, 0xd8, 0xa7, 0x72, 0x6a, 0x7d, 0x1d,
	0x47, 0xa6, 0x2b, 0x6e, 0xa3, 0xe6, 0xf1, 0x7d, 0xba, 0x92, 0xd5, 0x30,
	0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x30,
	0x3c, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02,
	0x44, 0x45, 0x31, 0x14, 0x30, 0x12, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c,
	0x0b, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x20, 0x4f, 0x72, 0x67,
	0x31, 0x17, 0x30, 0x15, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x0e, 0x6d,
	0x78, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6f, 0x72,
	0x67, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x36, 0x31, 0x31, 0x32, 0x38, 0x32,
	0x32, 0x34, 0x32, 0x30, 0x36, 0x5a, 0x17, 0x0d, 0x32, 0x38, 0x30, 0x31,
	0x30, 0x32, 0x32, 0x32, 0x34, 0x32, 0x30, 0x36, 0x5a, 0x30, 0x3c, 0x31,
	0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 0x44, 0x45,
	0x31, 0x14, 0x30, 0x12, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x0b, 0x45,
	0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x20, 0x4f, 0x72, 0x67, 0x31, 0x17,
	0x30, 0x15, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x0e, 0x6d, 0x78, 0x2e,
	0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6f, 0x72, 0x67, 0x30,
	0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42,
	0x00, 0x04, 0x11, 0x5b, 0x91, 0x63, 0x98, 0x8d, 0xda, 0x3a, 0xf9, 0x95,
	0xba, 0x3a, 0x75, 0x59, 0x51, 0xbb, 0xa9, 0x82, 0x3b, 0xa3, 0x01, 0xdb,
	0xa7, 0x55, 0xfd, 0xac, 0x48, 0x63, 0x0b, 0xee, 0xfe, 0x7a, 0xa7, 0x90,
	0x1e, 0x0f, 0x32, 0x6c, 0xfb, 0x7c, 0xd3, 0xaf, 0x6c, 0x19, 0xc3, 0x03,
	0x1d, 0xec, 0x17, 0xee, 0xa0, 0xbd, 0xdb, 0xcf, 0x26, 0x1a, 0xa0, 0xa8,
	0x2f, 0x8d, 0x00, 0xab, 0xe5, 0x86, 0xa3, 0x81, 0xa9, 0x30, 0x81, 0xa6,
	0x30, 0x1d, 0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14, 0xe1,
	0x67, 0x59, 0xca, 0x49, 0x22, 0x31, 0xc2, 0xf2, 0x6c, 0x57, 0x30, 0xa3,
	0xf0, 0x43, 0x6f, 0xbf, 0x91, 0x56, 0x91, 0x30, 0x1f, 0x06, 0x03, 0x55,
	0x1d, 0x23, 0x04, 0x18, 0x30, 0x16, 0x80, 0x14, 0xe1, 0x67, 0x59, 0xca,
	0x49, 0x22, 0x31, 0xc2, 0xf2, 0x6c, 0x57, 0x30, 0xa3, 0xf0, 0x43, 0x6f,
	0xbf, 0x91, 0x56, 0x91, 0x30, 0x0c, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01,
	0x01, 0xff, 0x04, 0x02, 0x30, 0x00, 0x30, 0x56, 0x06, 0x03, 0x55, 0x1d,
	0x11, 0x04, 0x4f, 0x30, 0x4d, 0x82, 0x0e, 0x6d, 0x78, 0x2e, 0x65, 0x78,
	0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6f, 0x72, 0x67, 0x82, 0x0d, 0x2a,
	0x2e, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x4f, 0x52, 0x47,
	0x87, 0x04, 0xc0, 0x00, 0x02, 0x01, 0x81, 0x0d, 0x61, 0x40, 0x65, 0x78,
	0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6f, 0x72, 0x67, 0x82, 0x17, 0x78,
	0x6e, 0x2d, 0x2d, 0x63, 0x61, 0x66, 0x2d, 0x64, 0x6d, 0x61, 0x2e, 0x65,
	0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6f, 0x72, 0x67, 0x30, 0x0a,
	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x03, 0x49,
	0x00, 0x30, 0x46, 0x02, 0x21, 0x00, 0xb8, 0x3f, 0x6b, 0x4a, 0x53, 0x68,
	0xd0, 0x25, 0xc2, 0x26, 0xa8, 0xdc, 0x7b, 0x1b, 0x06, 0xb8, 0xa8, 0x79,
	0x63, 0x95, 0x32, 0x71, 0xa2, 0x5d, 0xeb, 0x8e, 0xa6, 0x2a, 0x8e, 0x14,
	0x64, 0x95, 0x02, 0x21, 0x00, 0x99, 0x6b, 0xee, 0xec, 0xe5, 0x53, 0x88,
	0x20, 0xba, 0xfa, 0xbf, 0xfc, 0xd6, 0xc9, 0x2c, 0x1c, 0xae, 0x16, 0x67,
	0x71, 0x99, 0x88, 0xf0, 0x82, 0xb3, 0x6b, 0x7c, 0x88, 0xa1, 0x1a, 0x14,
	0x35,
};
static const unsigned char cert_rsa[790] = {
	0x30, 0x82, 0x03, 0x12, 0x30, 0x82, 0x02, 0x7b, 0xa0, 0x03, 0x02, 0x01,
	0x02, 0x02, 0x14, 0x0f, 0xab, 0x0f, 0xfb, 0x06, 0x47, 0x83, 0xa7, 0x00,
	0xc4, 0x8e, 0x74, 0xc6, 0x86, 0x53, 0x45, 0x01, 0xe6, 0x72, 0xa4, 0x30,
	0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
	0x05, 0x00, 0x30, 0x81, 0x9a, 0x31, 0x13, 0x30, 0x11, 0x06, 0x0a, 0x09,
	0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19, 0x16, 0x03, 0x6f,
	0x72, 0x67, 0x31, 0x17, 0x30, 0x15, 0x06, 0x0a, 0x09, 0x92, 0x26, 0x89,
	0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19, 0x16, 0x07, 0x65, 0x78, 0x61, 0x6d,
	0x70, 0x6c, 0x65, 0x31, 0x16, 0x30, 0x14, 0x06, 0x03, 0x55, 0x04, 0x0a,
	0x0c, 0x0d, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2c, 0x20, 0x49,
	0x6e, 0x63, 0x2e, 0x31, 0x19, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x0b,
	0x0c, 0x03, 0x4f, 0x70, 0x73, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x0b,
	0x0c, 0x04, 0x4d, 0x61, 0x69, 0x6c, 0x31, 0x18, 0x30, 0x16, 0x06, 0x03,
	0x55, 0x04, 0x03, 0x0c, 0x0f, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
	0x20, 0x52, 0x6f, 0x6f, 0x74, 0x20, 0x43, 0x41, 0x31, 0x1d, 0x30, 0x1b,
	0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01, 0x16,
	0x0e, 0x63, 0x61, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e,
	0x6f, 0x72, 0x67, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x36, 0x31, 0x31, 0x32,
	0x38, 0x32, 0x32, 0x34, 0x32, 0x30, 0x33, 0x5a, 0x17, 0x0d, 0x33, 0x36,
	0x31, 0x31, 0x32, 0x35, 0x32, 0x32, 0x34, 0x32, 0x30, 0x33, 0x5a, 0x30,
	0x81, 0x9a, 0x31, 0x13, 0x30, 0x11, 0x06, 0x0a, 0x09, 0x92, 0x26, 0x89,
	0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19, 0x16, 0x03, 0x6f, 0x72, 0x67, 0x31,
	0x17, 0x30, 0x15, 0x06, 0x0a, 0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c,
	0x64, 0x01, 0x19, 0x16, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
	0x31, 0x16, 0x30, 0x14, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x0d, 0x45,
	0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2c, 0x20, 0x49, 0x6e, 0x63, 0x2e,
	0x31, 0x19, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x0b, 0x0c, 0x03, 0x4f,
	0x70, 0x73, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x0b, 0x0c, 0x04, 0x4d,
	0x61, 0x69, 0x6c, 0x31, 0x18, 0x30, 0x16, 0x06, 0x03, 0x55, 0x04, 0x03,
	0x0c, 0x0f, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x20, 0x52, 0x6f,
	0x6f, 0x74, 0x20, 0x43, 0x41, 0x31, 0x1d, 0x30, 0x1b, 0x06, 0x09, 0x2a,
	0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01, 0x16, 0x0e, 0x63, 0x61,
	0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6f, 0x72, 0x67,
	0x30, 0x81, 0x9f, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
	0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x81, 0x8d, 0x00, 0x30, 0x81,
	0x89, 0x02, 0x81, 0x81, 0x00, 0xf2, 0xc7, 0x1d, 0x7d, 0x0e, 0x62, 0xde,
	0x3e, 0x8d, 0xbe, 0xb4, 0x5c, 0x83, 0x61, 0xe2, 0x88, 0x22, 0xab, 0x3f,
	0x39, 0xe5, 0x1a, 0x3f, 0xe5, 0xbb, 0x4c, 0xb3, 0x56, 0x65, 0x43, 0x4c,
	0x1d, 0x6a, 0xa4, 0x7a, 0xe5, 0x8c, 0xa7, 0x26, 0xf4, 0x91, 0x1a, 0x55,
	0x2f, 0x13, 0x1d, 0xd7, 0x93, 0x7f, 0x27, 0xfb, 0x22, 0x63, 0x9d, 0x49,
	0x52, 0x9e, 0x18, 0xf3, 0x9b, 0xe4, 0xd7, 0x86, 0x2e, 0xec, 0xa1, 0xbd,
	0x36, 0x73, 0x86, 0x09, 0x58, 0x38, 0xb2, 0xc6, 0xf5, 0x63, 0xc6, 0x17,
	0x49, 0xf9, 0x71, 0x0e, 0xa6, 0x31, 0xbb, 0xfa, 0xcc, 0x6c, 0x76, 0xee,
	0xd4, 0xa4, 0xa1, 0x81, 0xa0, 0x81, 0x04, 0xf3, 0xcb, 0x78, 0x45, 0x88,
	0xd9, 0x70, 0xb4, 0x2e, 0x35, 0xc5, 0x04, 0xdd, 0x43, 0x51, 0xf8, 0x3a,
	0xba, 0x02, 0x98, 0xae, 0x70, 0x0a, 0xa7, 0x00, 0xca, 0x20, 0xd9, 0x51,
	0xd9, 0x02, 0x03, 0x01, 0x00, 0x01, 0xa3, 0x53, 0x30, 0x51, 0x30, 0x1d,
	0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14, 0x88, 0x7c, 0x9c,
	0x91, 0xa2, 0xbe, 0x30, 0x62, 0xd7, 0xf7, 0x5c, 0xd8, 0xda, 0xc5, 0x84,
	0x8b, 0x94, 0x17, 0xc7, 0x1d, 0x30, 0x1f, 0x06, 0x03, 0x55, 0x1d, 0x23,
	0x04, 0x18, 0x30, 0x16, 0x80, 0x14, 0x88, 0x7c, 0x9c, 0x91, 0xa2, 0xbe,
	0x30, 0x62, 0xd7, 0xf7, 0x5c, 0xd8, 0xda, 0xc5, 0x84, 0x8b, 0x94, 0x17,
	0xc7, 0x1d, 0x30, 0x0f, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff,
	0x04, 0x05, 0x30, 0x03, 0x01, 0x01, 0xff, 0x30, 0x0d, 0x06, 0x09, 0x2a,
	0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00, 0x03, 0x81,
	0x81, 0x00, 0x89, 0x91, 0xb1, 0x9e, 0x9d, 0x0a, 0x24, 0xb2, 0xe7, 0x6c,
	0x5a, 0xc5, 0xd7, 0x48, 0xe1, 0x9c, 0x27, 0x3b, 0xf4, 0x88, 0x47, 0x56,
	0x4f, 0xf5, 0x8d, 0xec, 0x28, 0x6a, 0x48, 0xbc, 0x25, 0xcc, 0xb4, 0x81,
	0x31, 0x86, 0xb4, 0xd4, 0xc7, 0x11, 0x93, 0x5e, 0x30, 0x8c, 0x58, 0xe8,
	0x7f, 0x30, 0xfc, 0x54, 0xc3, 0xd0, 0x4d, 0x5e, 0x90, 0x8b, 0xfc, 0xcd,
	0x3e, 0xdf, 0x08, 0x23, 0xab, 0x75, 0xfd, 0xd1, 0xa6, 0xb3, 0xe3, 0x2a,
	0x9c, 0x24, 0x95, 0xa9, 0x19, 0xf9, 0xd2, 0xf1, 0x4b, 0xc3, 0x96, 0xa8,
	0x16, 0xe6, 0x56, 0xa8, 0x7b, 0x4f, 0x5c, 0xc7, 0xa4, 0x90, 0xf6, 0xd1,
	0x9d, 0xd2, 0xea, 0x1f, 0x78, 0xc4, 0xb7, 0xd6, 0x8b, 0x6e, 0xa4, 0x45,
	0xa1, 0x4c, 0x5c, 0xe8, 0x29, 0x32, 0x90, 0x18, 0xad, 0xb7, 0x14, 0x2b,
	0x0d, 0xc8, 0xf9, 0xfb, 0xd6, 0x8f, 0x8b, 0x9a, 0xa2, 0xec,
};
static const unsigned char cert_v1[408] = {
	0x30, 0x82, 0x01, 0x94, 0x30, 0x82, 0x01, 0x1a, 0x02, 0x14, 0x62, 0xae,
	0x80, 0x75, 0x93, 0x63, 0x74, 0x0b, 0x9b, 0x66, 0x85, 0x1d, 0xd5, 0x0c,
	0xf2, 0xb7, 0xa0, 0x46, 0x13, 0x1b, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86,
	0x48, 0xce, 0x3d, 0x04, 0x03, 0x03, 0x30, 0x2e, 0x31, 0x1b, 0x30, 0x19,
	0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x12, 0x6c, 0x65, 0x67, 0x61, 0x63,
	0x79, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6e, 0x65,
	0x74, 0x31, 0x0f, 0x30, 0x0d, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x06,
	0x4c, 0x65, 0x67, 0x61, 0x63, 0x79, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x36,
	0x31, 0x31, 0x32, 0x38, 0x32, 0x32, 0x34, 0x32, 0x30, 0x33, 0x5a, 0x17,
	0x0d, 0x32, 0x36, 0x31, 0x32, 0x32, 0x38, 0x32, 0x32, 0x34, 0x32, 0x30,
	0x33, 0x5a, 0x30, 0x2e, 0x31, 0x1b, 0x30, 0x19, 0x06, 0x03, 0x55, 0x04,
	0x03, 0x0c, 0x12, 0x6c, 0x65, 0x67, 0x61, 0x63, 0x79, 0x2e, 0x65, 0x78,
	0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6e, 0x65, 0x74, 0x31, 0x0f, 0x30,
	0x0d, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x06, 0x4c, 0x65, 0x67, 0x61,
	0x63, 0x79, 0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce,
	0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x03, 0x62,
	0x00, 0x04, 0xc5, 0xa3, 0xd6, 0x3e, 0xfa, 0x6d, 0x17, 0xa0, 0xba, 0xda,
	0x15, 0x4d, 0x5c, 0xb9, 0x4d, 0x79, 0xbb, 0xef, 0x47, 0x57, 0x4a, 0xf7,
	0xc4, 0xce, 0x0c, 0x9d, 0x13, 0x4e, 0x46, 0x04, 0x2c, 0x64, 0x37, 0x0c,
	0x8f, 0x68, 0x23, 0x00, 0x66, 0x45, 0x1b, 0x46, 0xcb, 0x05, 0x10, 0x92,
	0x0f, 0x72, 0xe6, 0xda, 0x06, 0xce, 0xd1, 0x52, 0x23, 0x58, 0x6e, 0x76,
	0x6a, 0x61, 0x36, 0x09, 0xb8, 0x70, 0x2a, 0x04, 0x78, 0x50, 0xff, 0xb8,
	0xef, 0xa7, 0x98, 0x67, 0xea, 0x0a, 0x20, 0xbc, 0xf0, 0x47, 0x22, 0xdd,
	0x32, 0x14, 0xe2, 0x6e, 0x33, 0x84, 0x46, 0xe6, 0xe9, 0x48, 0x81, 0x18,
	0xfc, 0x8e, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04,
	0x03, 0x03, 0x03, 0x68, 0x00, 0x30, 0x65, 0x02, 0x30, 0x4d, 0xc8, 0x54,
	0x7c, 0xaa, 0x2a, 0x44, 0x5d, 0xf9, 0xcc, 0xa0, 0xf9, 0x33, 0x61, 0x47,
	0x21, 0xca, 0x6e, 0x16, 0x4a, 0xe2, 0x00, 0xe1, 0xa9, 0xba, 0xeb, 0xba,
	0x8f, 0x88, 0x08, 0x6f, 0x25, 0x32, 0xf5, 0xe7, 0x66, 0x0d, 0xe3, 0x44,
	0x70, 0xe1, 0x44, 0x34, 0x24, 0x69, 0xa5, 0x21, 0x8f, 0x02, 0x31, 0x00,
	0xfe, 0xda, 0xdf, 0x67, 0xb4, 0x86, 0xb7, 0xe6, 0x2d, 0x4f, 0x7b, 0xc6,
	0x89, 0x0f, 0x9f, 0xa1, 0x75, 0xc8, 0x1c, 0x2b, 0x6b, 0xf2, 0x9a, 0x89,
	0x46, 0x58, 0xf7, 0x40, 0x1a, 0xa3, 0x08, 0xca, 0x61, 0x42, 0x37, 0x20,
	0x1a, 0xe2, 0x0c, 0x2a, 0xd0, 0xed, 0x0d, 0x2c, 0xb8, 0x72, 0x08, 0xe0,
};
static const unsigned char cert_ed[484] = {
	0x30, 0x82, 0x01, 0xe0, 0x30, 0x82, 0x01, 0x92, 0xa0, 0x03, 0x02, 0x01,
	0x02, 0x02, 0x14, 0x0b, 0xe3, 0xf1, 0x59, 0x85, 0x79, 0xf4, 0xdb, 0xd7,
	0xe8, 0xd0, 0x9e, 0x15, 0x2c, 0x20, 0xe0, 0x59, 0x78, 0x30, 0x9f, 0x30,
	0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x30, 0x56, 0x31, 0x0b, 0x30, 0x09,
	0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 0x44, 0x45, 0x31, 0x1a, 0x30,
	0x18, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x11, 0x42, 0xc3, 0xa4, 0x63,
	0x6b, 0x65, 0x72, 0x65, 0x69, 0x20, 0x4d, 0xc3, 0xbc, 0x6c, 0x6c, 0x65,
	0x72, 0x31, 0x2b, 0x30, 0x10, 0x06, 0x0a, 0x09, 0x92, 0x26, 0x89, 0x93,
	0xf2, 0x2c, 0x64, 0x01, 0x01, 0x0c, 0x02, 0x34, 0x32, 0x30, 0x17, 0x06,
	0x03, 0x55, 0x04, 0x03, 0x0c, 0x10, 0x6d, 0x61, 0x69, 0x6c, 0x2e, 0x65,
	0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x30, 0x20,
	0x17, 0x0d, 0x32, 0x36, 0x31, 0x31, 0x32, 0x38, 0x32, 0x32, 0x34, 0x32,
	0x30, 0x33, 0x5a, 0x18, 0x0f, 0x32, 0x30, 0x35, 0x31, 0x30, 0x37, 0x32,
	0x30, 0x32, 0x32, 0x34, 0x32, 0x30, 0x33, 0x5a, 0x30, 0x56, 0x31, 0x0b,
	0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 0x44, 0x45, 0x31,
	0x1a, 0x30, 0x18, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x11, 0x42, 0xc3,
	0xa4, 0x63, 0x6b, 0x65, 0x72, 0x65, 0x69, 0x20, 0x4d, 0xc3, 0xbc, 0x6c,
	0x6c, 0x65, 0x72, 0x31, 0x2b, 0x30, 0x10, 0x06, 0x0a, 0x09, 0x92, 0x26,
	0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01, 0x0c, 0x02, 0x34, 0x32, 0x30,
	0x17, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x10, 0x6d, 0x61, 0x69, 0x6c,
	0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d,
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
	0x67, 0x4b, 0x62, 0x2a, 0x61, 0xa0, 0x30, 0x35, 0xf0, 0x56, 0x64, 0xdd,
	0x7f, 0x71, 0xbd, 0xca, 0x71, 0x1f, 0x4d, 0xbe, 0xad, 0x45, 0xf0, 0xa8,
	0x34, 0x24, 0x56, 0x20, 0x59, 0x3b, 0xcb, 0xb8, 0xa3, 0x70, 0x30, 0x6e,
	0x30, 0x1d, 0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14, 0xc3,
	0xd7, 0x3f, 0x2c, 0xc0, 0x10, 0x8c, 0x63, 0x52, 0x26, 0x8d, 0xa3, 0xd9,
	0x4e, 0x65, 0x5a, 0x42, 0x3c, 0xb7, 0x9f, 0x30, 0x1f, 0x06, 0x03, 0x55,
	0x1d, 0x23, 0x04, 0x18, 0x30, 0x16, 0x80, 0x14, 0xc3, 0xd7, 0x3f, 0x2c,
	0xc0, 0x10, 0x8c, 0x63, 0x52, 0x26, 0x8d, 0xa3, 0xd9, 0x4e, 0x65, 0x5a,
	0x42, 0x3c, 0xb7, 0x9f, 0x30, 0x0f, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01,
	0x01, 0xff, 0x04, 0x05, 0x30, 0x03, 0x01, 0x01, 0xff, 0x30, 0x1b, 0x06,
	0x03, 0x55, 0x1d, 0x11, 0x04, 0x14, 0x30, 0x12, 0x82, 0x10, 0x6d, 0x61,
	0x69, 0x6c, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63,
	0x6f, 0x6d, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x41, 0x00,
	0x3e, 0x15, 0xed, 0xad, 0xf5, 0xad, 0x5f, 0x03, 0xe1, 0x98, 0xfe, 0xf7,
	0xc2, 0x4e, 0xb8, 0x73, 0xda, 0x5a, 0x7c, 0xed, 0x8c, 0x7d, 0xac, 0xa3,
	0x87, 0x0b, 0xec, 0x2c, 0xf7, 0x14, 0xc1, 0x18, 0xbd, 0xf8, 0xea, 0x00,
	0x5d, 0xc4, 0x1a, 0x37, 0x63, 0xaa, 0x27, 0xe4, 0x67, 0x5a, 0xd1, 0xc8,
	0xb7, 0x88, 0x9b, 0x16, 0x32, 0x78, 0xde, 0xb0, 0x21, 0xd2, 0x49, 0x6a,
	0x32, 0xab, 0x96, 0x0e,
};

/* ---- helpers --------------------------------------------------------- */

#include <bearssl.h>

static char hexbuf[65];

static const char *
hexstr(const unsigned char *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n && i < 32; i++) {
		hexbuf[2 * i] = d[p[i] >> 4];
		hexbuf[2 * i + 1] = d[p[i] & 15];
	}
	hexbuf[2 * i] = '\0';
	return hexbuf;
}

static const char *
spki_hash(const struct x509_facts *f)
{
	br_sha256_context h;
	unsigned char out[32];

	br_sha256_init(&h);
	br_sha256_update(&h, f->spki_der, f->spki_der_len);
	br_sha256_out(&h, out);
	return hexstr(out, 32);
}

/*
 * Parses a copy in a buffer of exactly n bytes, so that ASan sees any
 * read past the end.
 */
static int
parse_exact(const unsigned char *p, size_t n, struct x509_facts *f, int *err)
{
	unsigned char *c;
	int rc;

	c = malloc(n ? n : 1);
	if (c == NULL)
		abort();
	memcpy(c, p, n);
	rc = x509_parse(c, n, f, err);
	free(c);
	return rc;
}

/* ---- a DER builder for hand-made certificates -------------------------- */

static unsigned char B[65536];
static size_t bl;
static size_t bstk[16];
static int bsp;

static void
b_raw(const void *p, size_t n)
{
	if (sizeof B - bl < n + 8)
		abort();
	memcpy(B + bl, p, n);
	bl += n;
}

static void
b_open(unsigned tag)
{
	B[bl++] = (unsigned char)tag;
	bstk[bsp++] = bl;
}

/* Closes the innermost element, with the shortest length form. */
static void
b_close(void)
{
	size_t start, n, h;

	start = bstk[--bsp];
	n = bl - start;
	h = n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 4;
	memmove(B + start + h, B + start, n);
	if (h == 1) {
		B[start] = (unsigned char)n;
	} else {
		B[start] = (unsigned char)(0x80 | (h - 1));
		for (size_t i = 1; i < h; i++)
			B[start + i] = (unsigned char)(n >> (8 * (h - 1 - i)));
	}
	bl += h;
}

static void
b_tlv(unsigned tag, const void *p, size_t n)
{
	b_open(tag);
	b_raw(p, n);
	b_close();
}

#define S(s)		(s), sizeof(s) - 1
#define OID_CN		"\x55\x04\x03"
#define OID_C		"\x55\x04\x06"
#define OID_L		"\x55\x04\x07"
#define OID_ST		"\x55\x04\x08"
#define OID_STREET	"\x55\x04\x09"
#define OID_O		"\x55\x04\x0a"
#define OID_OU		"\x55\x04\x0b"
#define OID_TITLE	"\x55\x04\x0c"
#define OID_SHA256RSA	"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b"

/* One AttributeTypeAndValue, inside an open SET. */
static void
b_atv(const char *oid, size_t olen, unsigned tag, const void *v, size_t n)
{
	b_open(0x30);
	b_tlv(0x06, oid, olen);
	b_tlv(tag, v, n);
	b_close();
}

/* One single-valued RDN. */
static void
b_rdn(const char *oid, size_t olen, unsigned tag, const void *v, size_t n)
{
	b_open(0x31);
	b_atv(oid, olen, tag, v, n);
	b_close();
}

static void
b_alg(const char *oid, size_t olen)
{
	b_open(0x30);
	b_tlv(0x06, oid, olen);
	b_tlv(0x05, "", 0);
	b_close();
}

/* A P-256 SubjectPublicKeyInfo (the point is not checked: dummy bytes). */
static void
spki_p256(void)
{
	unsigned char pt[66] = { 0x00, 0x04 };

	b_open(0x30);
	b_open(0x30);
	b_tlv(0x06, S("\x2a\x86\x48\xce\x3d\x02\x01"));
	b_tlv(0x06, S("\x2a\x86\x48\xce\x3d\x03\x01\x07"));
	b_close();
	b_tlv(0x03, pt, sizeof pt);
	b_close();
}

/*
 * The parts of a hand-made certificate; NULL means a plain default.
 * Returns the DER in B[0..bl).
 */
struct mk {
	void	(*subject)(void);	/* writes the RDNs */
	void	(*spki)(void);
	void	(*ext)(void);	/* writes Extension SEQUENCEs */
	void	(*tail)(void);	/* writes raw after the SPKI */
	const char *sig_oid;
	size_t	 sig_oid_len;
	const char *not_after;		/* GeneralizedTime content */
};

static size_t
mkcert(const struct mk *m)
{
	bl = 0;
	bsp = 0;
	b_open(0x30);
	b_open(0x30);
	b_open(0xa0);
	b_tlv(0x02, "\x02", 1);
	b_close();
	b_tlv(0x02, "\x01", 1);
	if (m->sig_oid)
		b_alg(m->sig_oid, m->sig_oid_len);
	else
		b_alg(S(OID_SHA256RSA));
	b_open(0x30);
	b_rdn(S(OID_CN), 0x0c, S("Issuer"));
	b_close();
	b_open(0x30);
	b_tlv(0x17, S("260101000000Z"));
	if (m->not_after)
		b_tlv(0x18, m->not_after, strlen(m->not_after));
	else
		b_tlv(0x18, S("20510101000000Z"));
	b_close();
	b_open(0x30);
	if (m->subject)
		m->subject();
	b_close();
	(m->spki ? m->spki : spki_p256)();
	if (m->tail)
		m->tail();
	if (m->ext) {
		b_open(0xa3);
		b_open(0x30);
		m->ext();
		b_close();
		b_close();
	}
	b_close();
	if (m->sig_oid)
		b_alg(m->sig_oid, m->sig_oid_len);
	else
		b_alg(S(OID_SHA256RSA));
	b_tlv(0x03, "\x00\x01", 2);
	b_close();
	return bl;
}

/* Parses the hand-made certificate in B. */
static int
mkparse(const struct mk *m, struct x509_facts *f, int *err)
{
	size_t n;

	n = mkcert(m);
	return parse_exact(B, n, f, err);
}

/* ---- real certificates ------------------------------------------------ */

static void
test_real(void)
{
	static struct x509_facts f;
	int err;

	/* cert_ec */
	T_EQ_INT(x509_parse(cert_ec, sizeof cert_ec, &f, &err), 0,
	    "ec: parses");
	T_EQ_INT(err, MX_OK, "ec: err ok");
	T_EQ_STR(f.subject, "CN=mx.example.org,O=Example Org,C=DE",
	    "ec: subject as openssl RFC2253");
	T_EQ_STR(f.issuer, f.subject, "ec: issuer");
	T_EQ_STR(f.cn, "mx.example.org", "ec: cn");
	T_EQ_STR(f.san, "mx.example.org,*.Example.ORG,xn--caf-dma.example.org",
	    "ec: dNSNames only, in order, case kept");
	T_EQ_INT(f.san_count, 3, "ec: san_count ignores IP and email");
	T_EQ_INT(f.has_san_ext, 1, "ec: has_san_ext");
	T_EQ_INT(f.san_truncated, 0, "ec: san not truncated");
	T_EQ_INT(f.not_before, 1795905726, "ec: notBefore 2026-11-28 22:42:06");
	T_EQ_INT(f.not_after, 1830465726, "ec: notAfter Jan 2 22:42:06 2028");
	T_EQ_INT(f.key_type, X509_KEY_EC, "ec: key type");
	T_EQ_INT(f.key_bits, 256, "ec: key bits");
	T_EQ_STR(f.key_curve, "P-256", "ec: curve");
	T_EQ_STR(f.sig_alg, "ecdsa-with-SHA256", "ec: sig alg");
	T_EQ_INT(f.is_ca, 0, "ec: CA:FALSE");
	T_EQ_INT(f.self_issued, 1, "ec: self-issued");
	T_EQ_STR(hexstr(f.sha256, 32), "55a7efcb21b53c5e8f8211f717364a58"
	    "77a70e8fe2ee7bd10ff66b0a5d7136ff", "ec: sha256 fingerprint");
	T_EQ_STR(spki_hash(&f), "f15cd7b1739c5a81d7cd4685f16d08e4"
	    "4f1bc38261ae931ca15e18eff0931ffa", "ec: SPKI DER (DANE 1) hash");
	T_OK(f.subject_der == cert_ec + 141 && f.subject_der_len == 62,
	    "ec: subject DER points into input (asn1parse: 141, l=60)");
	T_OK(f.issuer_der_len == f.subject_der_len && f.issuer_der <
	    f.subject_der, "ec: issuer DER is the first Name");
	T_EQ_INT(x509_key_str(f.key_type)[0], 'E', "ec: key_str");
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 1, "ec: host mx");
	T_EQ_INT(x509_host_match(&f, "smtp.example.org"), 1,
	    "ec: host by *.Example.ORG");
	T_EQ_INT(x509_host_match(&f, "a.b.example.org"), 0,
	    "ec: wildcard is one label");
	T_EQ_INT(x509_host_match(&f, "example.org"), 0,
	    "ec: wildcard needs its label");
	T_EQ_INT(x509_host_match(&f, "192.0.2.1"), 0,
	    "ec: IP SAN is not a DNS name");

	/* cert_rsa */
	T_EQ_INT(x509_parse(cert_rsa, sizeof cert_rsa, &f, &err), 0,
	    "rsa: parses");
	T_EQ_STR(f.subject, "emailAddress=ca@example.org,CN=Example Root CA,"
	    "OU=Mail+OU=Ops,O=Example\\, Inc.,DC=example,DC=org",
	    "rsa: subject as openssl RFC2253 (multi-valued, escaped ',')");
	T_EQ_STR(f.cn, "Example Root CA", "rsa: cn");
	T_EQ_STR(f.san, "", "rsa: no san");
	T_EQ_INT(f.has_san_ext, 0, "rsa: no san ext");
	T_EQ_INT(f.not_before, 1795905723, "rsa: notBefore");
	T_EQ_INT(f.not_after, 2111265723, "rsa: notAfter 2036");
	T_EQ_INT(f.key_type, X509_KEY_RSA, "rsa: key type");
	T_EQ_INT(f.key_bits, 1024, "rsa: modulus bits, leading 0 skipped");
	T_EQ_STR(f.key_curve, "", "rsa: no curve");
	T_EQ_STR(f.sig_alg, "sha256WithRSAEncryption", "rsa: sig alg");
	T_EQ_STR(x509_key_str(f.key_type), "RSA", "rsa: key_str");
	T_EQ_INT(f.is_ca, 1, "rsa: CA:TRUE");
	T_EQ_INT(f.self_issued, 1, "rsa: self-issued");
	T_EQ_STR(hexstr(f.sha256, 32), "9d1d62d18cbfa43e1a360e1f28728a91"
	    "e80ef9a8a205c48d4a51571b57dbe3d9", "rsa: sha256 fingerprint");
	T_EQ_STR(spki_hash(&f), "117a1eb424d3e03afbbb54d5b0ce0877"
	    "9586e582a4496154671e52b94a8f8651", "rsa: SPKI hash");
	T_EQ_INT(x509_host_match(&f, "example.org"), 0,
	    "rsa: CN 'Example Root CA' matches no host");

	/* cert_v1 */
	T_EQ_INT(x509_parse(cert_v1, sizeof cert_v1, &f, &err), 0,
	    "v1: parses without [0] version");
	T_EQ_STR(f.subject, "O=Legacy,CN=legacy.example.net", "v1: subject");
	T_EQ_STR(f.cn, "legacy.example.net", "v1: cn");
	T_EQ_INT(f.has_san_ext, 0, "v1: no extensions");
	T_EQ_INT(f.not_after, 1798497723, "v1: notAfter");
	T_EQ_INT(f.key_bits, 384, "v1: P-384 bits");
	T_EQ_STR(f.key_curve, "P-384", "v1: curve");
	T_EQ_STR(f.sig_alg, "ecdsa-with-SHA384", "v1: sig alg");
	T_EQ_STR(hexstr(f.sha256, 32), "110dd33f6771c2d0daaa66a8b3c9b4c4"
	    "110767bcbdc8ab2524de6dfa28fad145", "v1: sha256 fingerprint");
	T_EQ_STR(spki_hash(&f), "bf427c5167d829f1d5e48e244c828e6c"
	    "7cda390654106dd03e074f9bdf84d493", "v1: SPKI hash");
	T_EQ_INT(x509_host_match(&f, "LEGACY.example.net."), 1,
	    "v1: CN used without SAN ext");

	/* cert_ed */
	T_EQ_INT(x509_parse(cert_ed, sizeof cert_ed, &f, &err), 0,
	    "ed: parses");
	T_EQ_STR(f.subject, "CN=mail.example.com+UID=42,"
	    "O=B\\C3\\A4ckerei M\\C3\\BCller,C=DE",
	    "ed: UTF-8 escaped as openssl, multi-valued RDN reversed");
	T_EQ_STR(f.cn, "mail.example.com", "ed: cn");
	T_EQ_INT(f.not_before, 1795905723, "ed: notBefore (UTCTime)");
	T_EQ_INT(f.not_after, 2573505723,
	    "ed: notAfter 2051 (GeneralizedTime)");
	T_EQ_INT(f.key_type, X509_KEY_ED25519, "ed: key type");
	T_EQ_INT(f.key_bits, 256, "ed: key bits");
	T_EQ_STR(f.sig_alg, "ED25519", "ed: sig alg");
	T_EQ_STR(hexstr(f.sha256, 32), "7ac25c7dc28e32aa474511aa271d9871"
	    "15f3f06d830aa2be95b3ded55aee5a7c", "ed: sha256 fingerprint");
	T_EQ_STR(spki_hash(&f), "44b8d42ce7209433597f4418c911c581"
	    "cb504f94d7cf0d3ae010a0dec1a7fd8d", "ed: SPKI hash");
	T_EQ_STR(x509_key_str(f.key_type), "Ed25519", "ed: key_str");
}

/* ---- times -------------------------------------------------------------- */

/* Replaces the first `from` in a copy of der and parses it. */
static int
patched(const unsigned char *der, size_t n, const char *from, const char *to,
    struct x509_facts *f, int *err)
{
	unsigned char c[1024];
	size_t i, k;

	k = strlen(from);
	memcpy(c, der, n);
	for (i = 0; i + k <= n; i++)
		if (memcmp(c + i, from, k) == 0) {
			memcpy(c + i, to, k);
			return parse_exact(c, n, f, err);
		}
	abort();
}

static void
test_times(void)
{
	static const struct {
		const char	*from, *to;
		int		 rc;
		int64_t		 t;
		const char	*name;
	} tc[] = {
		{ "261128224203Z", "991231235959Z", 0, 946684799,
		    "UTCTime 99 is 1999" },
		{ "261128224203Z", "500101000000Z", 0, -631152000,
		    "UTCTime 50 is 1950 (before the epoch)" },
		{ "261128224203Z", "491231235959Z", 0, 2524607999,
		    "UTCTime 49 is 2049" },
		{ "261128224203Z", "000229000000Z", 0, 951782400,
		    "UTCTime 2000-02-29 (leap, century /400)" },
		{ "261128224203Z", "261128224260Z", 0, 1795905780,
		    "UTCTime leap second folds into the next minute" },
		{ "261128224203Z", "010229000000Z", -1, 0,
		    "UTCTime 2001-02-29 refused" },
		{ "261128224203Z", "261328224203Z", -1, 0, "month 13 refused" },
		{ "261128224203Z", "261100224203Z", -1, 0, "day 0 refused" },
		{ "261128224203Z", "261128244203Z", -1, 0, "hour 24 refused" },
		{ "261128224203Z", "2611282242 3Z", -1, 0, "space refused" },
		{ "261128224203Z", "261128224203+", -1, 0, "no Z refused" },
		{ "261128224203Z", "-61128224203Z", -1, 0, "sign refused" },
		{ "20510720224203Z", "20500101000000Z", 0, 2524608000,
		    "GeneralizedTime 2050" },
		{ "20510720224203Z", "99991231235959Z", 0, 253402300799,
		    "GeneralizedTime 9999-12-31" },
		{ "20510720224203Z", "19700101000000Z", 0, 0,
		    "GeneralizedTime epoch" },
		{ "20510720224203Z", "24000229000000Z", 0, 13574563200,
		    "GeneralizedTime 2400-02-29" },
		{ "20510720224203Z", "16010101000000Z", 0, -11644473600,
		    "GeneralizedTime 1601" },
		{ "20510720224203Z", "21000229000000Z", -1, 0,
		    "2100-02-29 refused (not leap)" },
		{ "20510720224203Z", "00000101000000Z", -1, 0,
		    "year 0 refused" },
		{ "20510720224203Z", "2051072022420Z0", -1, 0,
		    "Z misplaced refused" },
	};
	static struct x509_facts f;
	size_t i;
	int err, rc;
	int64_t t;

	for (i = 0; i < sizeof tc / sizeof *tc; i++) {
		rc = patched(cert_ed, sizeof cert_ed, tc[i].from, tc[i].to, &f,
		    &err);
		/* the 13-byte UTCTime is notBefore in cert_ed */
		t = strlen(tc[i].from) == 13 ? f.not_before : f.not_after;
		if (tc[i].rc == 0)
			T_OK(rc == 0 && t == tc[i].t, tc[i].name);
		else
			T_OK(rc == -1 && err == MX_E_SYNTAX, tc[i].name);
		if (rc == 0 && t != tc[i].t)
			printf("#   got %lld\n", (long long)t);
	}
}

static void
test_time_fraction(void)
{
	static struct x509_facts f;
	struct mk m = { 0 };
	int err;

	m.not_after = "20510101000000.123Z";
	T_OK(mkparse(&m, &f, &err) == 0 && f.not_after == 2556144000,
	    "GeneralizedTime fraction of a second skipped");
	m.not_after = "20510101000000.Z";
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "GeneralizedTime empty fraction refused");
	m.not_after = "20510101000000.1x2Z";
	T_OK(mkparse(&m, &f, &err) == -1,
	    "GeneralizedTime bad fraction refused");
	m.not_after = "205101010000Z";
	T_OK(mkparse(&m, &f, &err) == -1,
	    "GeneralizedTime without seconds refused (RFC 5280)");
	m.not_after = "20510101000000+0100";
	T_OK(mkparse(&m, &f, &err) == -1, "GeneralizedTime offset refused");
}

/*
 * The first and last day of every month 1900..2100 and of some far years,
 * as notAfter, against glibc's timegm (fine in a test: only src/ must
 * stay off libc's time code).
 */
static void
test_calendar(void)
{
	static const int far[] = { 1, 4, 100, 400, 1582, 1600, 1601, 1700,
	    2400, 2401, 4000, 9999 };
	static struct x509_facts f;
	struct mk m = { 0 };
	struct tm tm;
	char buf[16];
	int y, mo, last, i, err, bad, n;
	time_t want;

	bad = n = 0;
	m.not_after = buf;
	for (i = -201; i < (int)(sizeof far / sizeof *far); i++) {
		y = i < 0 ? 1900 + i + 201 : far[i];
		for (mo = 1; mo <= 12; mo++)
			for (last = 0; last < 2; last++) {
				/* day 1, or day 0 of the next month */
				memset(&tm, 0, sizeof tm);
				tm.tm_year = y - 1900;
				tm.tm_mon = last ? mo : mo - 1;
				tm.tm_mday = last ? 0 : 1;
				tm.tm_hour = 23;
				tm.tm_min = 59;
				tm.tm_sec = 58;
				want = timegm(&tm);
				gmtime_r(&want, &tm);
				snprintf(buf, sizeof buf, "%04d%02d%02d235958Z",
				    y, tm.tm_mon + 1, tm.tm_mday);
				n++;
				if (mkparse(&m, &f, &err) != 0 ||
				    f.not_after != (int64_t)want) {
					if (bad++ < 3)
						printf("# %s: got %lld want "
						    "%lld\n", buf,
						    (long long)f.not_after,
						    (long long)want);
				}
			}
	}
	T_OK(n == 213 * 24 && bad == 0,
	    "calendar: first/last day of 5112 months = timegm");
}

/* ---- names ------------------------------------------------------------ */

static void
subj_strings(void)
{
	b_rdn(S(OID_C), 0x13, S("DE"));
	b_rdn(S(OID_O), 0x0c, S("a,b+c\"d\\e<f>g;h=i"));
	b_rdn(S(OID_OU), 0x0c, S("#lead mid#"));
	b_rdn(S(OID_L), 0x0c, S(" sp "));
	b_rdn(S(OID_ST), 0x0c, S("x\x01y\x7f"));
	b_rdn(S(OID_CN), 0x1e, S("\x00M\x00\xfc\x20\xac"));	/* BMP */
	b_rdn(S("\x2a\x03\x04"), 0x16, S("abc"));		/* 1.2.3.4 */
	b_rdn(S(OID_STREET), 0x14, S("\xe9t\xe9"));		/* T61 */
	/* UniversalString "A" U+1F600 */
	b_rdn(S(OID_TITLE), 0x1c, S("\0\0\0A\0\x01\xf6\0"));
	b_rdn(S(OID_O), 0x02, S("\x01\x02"));		/* INTEGER */
	b_rdn(S(OID_OU), 0x1e, S("\xd8\x00\x00"));	/* surrogate, odd */
}

static void
subj_multi(void)
{
	b_open(0x31);
	b_atv(S(OID_CN), 0x0c, S("a"));
	b_atv(S(OID_OU), 0x0c, S("b"));
	b_close();
	b_rdn(S(OID_O), 0x0c, S("c"));
	b_open(0x31);
	b_atv(S(OID_L), 0x0c, S("d"));
	b_atv(S(OID_ST), 0x0c, S("e"));
	b_atv(S(OID_C), 0x13, S("FR"));
	b_close();
}

static void
subj_long(void)
{
	char v[24];
	int i;

	for (i = 0; i < 40; i++) {
		memcpy(v, "unit-0123456789-000", 19);
		v[16] = (char)('0' + i / 10);
		v[17] = (char)('0' + i % 10);
		b_rdn(S(OID_OU), 0x0c, v, 19);
	}
}

static void
subj_many(void)
{
	int i;

	/* 300 RDNs "C=": more than the renderer keeps (it wraps around) */
	for (i = 0; i < 300; i++)
		b_rdn(S(OID_C), 0x13, "", 0);
}

static void
subj_huge_cn(void)
{
	static char v[600];

	memset(v, 'a', sizeof v);
	b_rdn(S(OID_O), 0x0c, S("before"));
	b_rdn(S(OID_CN), 0x0c, v, sizeof v);
}

static void
subj_two_cn(void)
{
	b_rdn(S(OID_CN), 0x0c, S("first.example.org"));
	b_rdn(S(OID_CN), 0x13, S("second.example.org"));
}

static void
subj_nul_cn(void)
{
	b_rdn(S(OID_CN), 0x16, S("mx.example.org\0.evil.test"));
}

static void
subj_int_cn(void)
{
	b_rdn(S(OID_CN), 0x04, S("mx.example.org"));	/* OCTET STRING */
}

static void
subj_cn300(void)
{
	static char v[300];

	memset(v, 'a', sizeof v);
	b_rdn(S(OID_CN), 0x0c, v, sizeof v);
}

static void
subj_bigoid(void)
{
	/* 2.25.<2^70>: a UUID-style arc over 64 bits; then 2^63 fits */
	b_rdn(S("\x69\x81\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00"), 0x0c,
	    S("x"));
	b_rdn(S("\x81\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00"), 0x0c, S("y"));
	b_rdn(S("\x69\x81\x80\x80\x80\x80\x80\x80\x80\x80\x00"), 0x0c,
	    S("z"));
}

static void
subj_hightag(void)
{
	/* a value with a high tag number: not a string, shown as hex */
	b_open(0x31);
	b_open(0x30);
	b_tlv(0x06, S(OID_O));
	b_raw(S("\x1f\x81\x00\x01\x41"));
	b_close();
	b_close();
}

static void
subj_empty_rdn(void)
{
	b_tlv(0x31, "", 0);
}

static void
subj_bad_oid(void)
{
	b_rdn(S("\x55\x04\x83"), 0x0c, S("x"));	/* last byte continues */
}

static void
test_names(void)
{
	static struct x509_facts f;
	struct mk m = { 0 };
	char want[MX_DN_TEXT_MAX], v[24];
	size_t k;
	int err, i;

	m.subject = subj_strings;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "strings: parses");
	T_EQ_STR(f.subject,
	    "OU=??,O=#02020102,"
	    "title=A\\F0\\9F\\98\\80,street=\\C3\\A9t\\C3\\A9,"
	    "1.2.3.4=#1603616263,CN=M\\C3\\BC\\E2\\82\\AC,"
	    "ST=x\\01y\\7F,L=\\ sp\\ ,"
	    "OU=\\#lead mid#,O=a\\,b\\+c\\\"d\\\\e\\<f\\>g\\;h=i,C=DE",
	    "strings: RFC 4514 escapes, BMP/T61/Universal decoded, "
	    "unknown type and non-string value as #hex");
	T_EQ_STR(f.cn, "M??", "strings: BMP CN as ASCII with '?'");
	T_EQ_STR(f.issuer, "CN=Issuer", "strings: issuer");
	T_EQ_INT(f.self_issued, 0, "strings: not self-issued");
	T_EQ_INT(f.subject_truncated, 0, "strings: not truncated");

	m.subject = subj_multi;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "multi: parses");
	T_EQ_STR(f.subject, "C=FR+ST=e+L=d,O=c,OU=b+CN=a",
	    "multi: values of an RDN reversed and joined by '+'");

	m.subject = subj_long;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "long DN: parses");
	want[0] = '\0';
	for (i = 39; i >= 0; i--) {
		memcpy(v, "OU=unit-0123456789-000", 22);
		v[19] = (char)('0' + i / 10);
		v[20] = (char)('0' + i % 10);
		v[22] = '\0';
		k = strlen(want);
		if (k + (k > 0) + 22 >= sizeof want)
			break;
		if (k > 0)
			strcat(want, ",");
		strcat(want, v);
	}
	T_EQ_STR(f.subject, want, "long DN: cut at an RDN, most specific kept");
	T_EQ_INT(f.subject_truncated, 1, "long DN: subject_truncated");
	T_EQ_INT(f.issuer_truncated, 0, "long DN: issuer not truncated");

	m.subject = subj_many;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "300 RDNs: parses");
	T_EQ_INT(strlen(f.subject), 509, "300 RDNs: 170 'C=' fit in 511");
	T_OK(strncmp(f.subject, "C=,C=,", 6) == 0 &&
	    f.subject[508] == '=', "300 RDNs: whole RDNs");
	T_EQ_INT(f.subject_truncated, 1, "300 RDNs: truncated");

	m.subject = subj_huge_cn;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "600-byte CN: parses");
	T_EQ_STR(f.subject, "", "600-byte CN: first RDN does not fit: empty");
	T_EQ_INT(f.subject_truncated, 1, "600-byte CN: truncated");
	T_EQ_INT(strlen(f.cn), MX_NAME_MAX, "600-byte CN: cn cut to fit");
	T_EQ_INT(f.cn[MX_NAME_MAX - 1], '?', "600-byte CN: cut cn ends in '?'");

	m.subject = subj_two_cn;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "two CNs: parses");
	T_EQ_STR(f.cn, "second.example.org", "two CNs: the last one");
	T_EQ_STR(f.subject, "CN=second.example.org,CN=first.example.org",
	    "two CNs: subject");
	T_EQ_INT(x509_host_match(&f, "first.example.org"), 0,
	    "two CNs: only the last is matched");

	m.subject = subj_nul_cn;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "NUL in CN: parses");
	T_EQ_STR(f.cn, "mx.example.org?.evil.test", "NUL in CN: '?'");
	T_EQ_STR(f.subject, "CN=mx.example.org\\00.evil.test",
	    "NUL in CN: subject escapes it");
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 0,
	    "NUL in CN: no match on the prefix");

	m.subject = subj_int_cn;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "non-string CN: parses");
	T_EQ_STR(f.cn, "?", "non-string CN: cn is '?'");
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 0,
	    "non-string CN: never matches");

	m.subject = subj_cn300;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "300-byte CN: parses");
	T_OK(strlen(f.subject) == 303 && f.subject_truncated == 0,
	    "300-byte CN: fits the subject");

	m.subject = subj_bigoid;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "big OID arcs: parse");
	T_EQ_STR(f.subject, "2.25.9223372036854775808=#0C017A,2.?=#0C0179,"
	    "2.25.?=#0C0178", "big OID arcs: over 64 bits shown as '?'");

	m.subject = subj_hightag;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "high tag number value: parses");
	T_EQ_STR(f.subject, "O=#1F81000141", "high tag number value: hex");

	m.subject = subj_empty_rdn;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "empty RDN refused (SET SIZE 1..MAX)");
	m.subject = subj_bad_oid;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "unterminated OID refused");
	m.subject = NULL;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "empty subject: parses");
	T_OK(f.subject[0] == '\0' && f.cn[0] == '\0', "empty subject: empty");
}

/* ---- extensions ------------------------------------------------------- */

static int san_mode;

static void
ext_san(void)
{
	static const char *bad = "a b.example.org";
	char v[32];
	int i;

	b_open(0x30);
	b_tlv(0x06, S("\x55\x1d\x11"));
	b_open(0x04);
	b_open(0x30);
	switch (san_mode) {
	case 0:
		b_tlv(0x82, bad, strlen(bad));
		b_tlv(0x82, S("x\0y.example.org"));
		b_tlv(0x87, S("\xc0\x00\x02\x01"));
		b_tlv(0x82, S("ok.example.org"));
		b_tlv(0x82, S("caf\xc3\xa9.example.org"));
		break;
	case 1:
		for (i = 0; i < 150; i++) {
			memcpy(v, "host-000.example.org", 20);
			v[5] = (char)('0' + i / 100);
			v[6] = (char)('0' + i / 10 % 10);
			v[7] = (char)('0' + i % 10);
			b_tlv(0x82, v, 20);
		}
		break;
	case 2:
		b_tlv(0x04, S("mx.example.org"));	/* not [n] */
		break;
	case 3:
		b_tlv(0x87, S("\xc0\x00\x02\x01"));	/* IP only */
		break;
	case 4:
		b_tlv(0x82, "", 0);
		b_tlv(0x82, S("mx.example.org"));
		b_tlv(0xa0, S("\x06\x01\x00"));	/* otherName */
		break;
	}
	b_close();
	b_close();
	b_close();
}

static void
ext_san_twice(void)
{
	san_mode = 4;
	ext_san();
	ext_san();
}

static const char *bc_val;
static size_t bc_len;

static void
ext_bc(void)
{
	b_open(0x30);
	b_tlv(0x06, S("\x55\x1d\x13"));
	b_tlv(0x01, S("\xff"));
	b_tlv(0x04, bc_val, bc_len);
	b_close();
	/* an unknown extension with content we do not read */
	b_open(0x30);
	b_tlv(0x06, S("\x2b\x06\x01\x04\x01\x82\x37\x15\x07"));
	b_tlv(0x04, S("\xff\xff\xff"));
	b_close();
}

static void
ext_bc_twice(void)
{
	ext_bc();
	ext_bc();
}

static void
subj_mx(void)
{
	b_rdn(S(OID_CN), 0x13, S("mx.example.org"));
}

static void
test_extensions(void)
{
	static struct x509_facts f;
	struct mk m = { 0 };
	int err;
	const char *p;
	unsigned n;

	m.subject = subj_mx;
	m.ext = ext_san;
	san_mode = 0;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "SAN bytes: parses");
	T_EQ_STR(f.san, "a?b.example.org,x?y.example.org,ok.example.org,"
	    "caf??.example.org", "SAN bytes: outside [A-Za-z0-9.*_-] is '?'");
	T_EQ_INT(f.san_count, 4, "SAN bytes: count");
	T_EQ_INT(x509_host_match(&f, "ok.example.org"), 1, "SAN bytes: ok");
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 0,
	    "SAN bytes: CN ignored when SAN has dNSNames");
	T_EQ_INT(x509_host_match(&f, "x"), 0, "SAN bytes: '?' never matches");

	san_mode = 1;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "150 SANs: parses");
	T_EQ_INT(f.san_count, 150, "150 SANs: all counted");
	T_EQ_INT(f.san_truncated, 1, "150 SANs: truncated");
	T_EQ_INT(strlen(f.san), 97 * 21 - 1, "150 SANs: 97 whole names kept");
	for (n = 0, p = f.san; *p; p++)
		n += *p == ',';
	T_EQ_INT(n, 96, "150 SANs: whole names only");
	T_EQ_INT(x509_host_match(&f, "host-096.example.org"), 1,
	    "150 SANs: a kept name matches");
	T_EQ_INT(x509_host_match(&f, "host-097.example.org"), 0,
	    "150 SANs: a cut name does not");

	san_mode = 2;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "SAN with a universal tag refused");

	san_mode = 3;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "IP-only SAN: parses");
	T_OK(f.has_san_ext == 1 && f.san_count == 0, "IP-only SAN: no DNS");
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 1,
	    "IP-only SAN: CN used (RFC 6125 6.4.4)");

	san_mode = 4;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "empty dNSName: parses");
	T_OK(strcmp(f.san, "mx.example.org") == 0 && f.san_count == 2,
	    "empty dNSName: counted, not listed");
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 1,
	    "empty dNSName: the next one matches");

	m.ext = ext_san_twice;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "two SAN extensions refused");

	m.ext = ext_bc;
	bc_val = "\x30\x03\x01\x01\xff";
	bc_len = 5;
	T_OK(mkparse(&m, &f, &err) == 0 && f.is_ca == 1, "BC cA TRUE");
	bc_val = "\x30\x03\x01\x01\x00";
	T_OK(mkparse(&m, &f, &err) == 0 && f.is_ca == 0, "BC cA FALSE");
	bc_val = "\x30\x03\x02\x01\x00";
	T_OK(mkparse(&m, &f, &err) == 0 && f.is_ca == 0, "BC pathLen only");
	bc_val = "\x30\x00";
	bc_len = 2;
	T_OK(mkparse(&m, &f, &err) == 0 && f.is_ca == 0, "BC empty");
	bc_val = "\x30\x04\x01\x02\xff\xff";
	bc_len = 6;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "BC BOOLEAN of 2 bytes refused");
	bc_val = "\x30\x03\x01\x01\xff\x00";
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "BC trailing byte refused");
	bc_val = "\x30\x03\x01\x01\xff";
	bc_len = 5;
	m.ext = ext_bc_twice;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "two BC extensions refused");
}

/* ---- keys and algorithms ------------------------------------------------ */

static void
spki_rsa_lead(void)
{
	unsigned char n[130];

	/* INTEGER 00 01 00.. : 1025 bits after the sign byte */
	memset(n, 0, sizeof n);
	n[1] = 0x01;
	b_open(0x30);
	b_alg(S("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"));
	b_open(0x03);
	b_raw("", 1);
	b_open(0x30);
	b_tlv(0x02, n, sizeof n);
	b_tlv(0x02, S("\x01\x00\x01"));
	b_close();
	b_close();
	b_close();
}

static void
spki_rsa_bad(void)
{
	b_open(0x30);
	b_alg(S("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"));
	b_tlv(0x03, S("\x00\x02\x01\x05"));	/* INTEGER, not a SEQUENCE */
	b_close();
}

static void
spki_dsa(void)
{
	unsigned char p[257];

	memset(p, 0xff, sizeof p);
	p[0] = 0;
	b_open(0x30);
	b_open(0x30);
	b_tlv(0x06, S("\x2a\x86\x48\xce\x38\x04\x01"));
	b_open(0x30);
	b_tlv(0x02, p, sizeof p);
	b_tlv(0x02, S("\x7f"));
	b_tlv(0x02, S("\x02"));
	b_close();
	b_close();
	b_tlv(0x03, S("\x00\x02\x01\x05"));
	b_close();
}

static void
spki_ec_curve(const char *oid, size_t olen, size_t ptlen, int unused)
{
	unsigned char pt[200];

	memset(pt, 0x11, sizeof pt);
	pt[0] = (unsigned char)unused;
	pt[1] = 0x04;
	b_open(0x30);
	b_open(0x30);
	b_tlv(0x06, S("\x2a\x86\x48\xce\x3d\x02\x01"));
	b_tlv(0x06, oid, olen);
	b_close();
	b_tlv(0x03, pt, ptlen + 1);
	b_close();
}

static void
spki_p521(void)
{
	spki_ec_curve(S("\x2b\x81\x04\x00\x23"), 133, 0);
}

static void
spki_ec_unknown(void)
{
	spki_ec_curve(S("\x2b\x81\x04\x00\x7f"), 65, 0);
}

static void
spki_ec_unused(void)
{
	spki_ec_curve(S("\x2b\x81\x04\x00\x22"), 97, 3);
}

static void
spki_ed448(void)
{
	unsigned char k[58] = { 0 };

	b_open(0x30);
	b_open(0x30);
	b_tlv(0x06, S("\x2b\x65\x71"));
	b_close();
	b_tlv(0x03, k, sizeof k);
	b_close();
}

static void
spki_unknown(void)
{
	b_open(0x30);
	b_alg(S("\x2a\x03"));
	b_tlv(0x03, S("\x00\xde\xad"));
	b_close();
}

static void
tail_uids(void)
{
	b_tlv(0x81, S("\x00\xaa"));
	b_tlv(0xa2, S("\x03\x02\x00\xbb"));	/* constructed (BER) */
}

static void
tail_uids_reversed(void)
{
	b_tlv(0x82, S("\x00\xaa"));
	b_tlv(0x81, S("\x00\xbb"));
}

static void
tail_ctx4(void)
{
	b_tlv(0x84, S("\x00"));
}

static void
tail_ext_primitive(void)
{
	b_tlv(0x83, S("\x00"));
}

static void
tail_ext_extra(void)
{
	b_tlv(0xa3, S("\x30\x00"));
}

static void
test_keys(void)
{
	static struct x509_facts f;
	struct mk m = { 0 };
	int err;

	m.spki = spki_rsa_lead;
	T_OK(mkparse(&m, &f, &err) == 0 && f.key_type == X509_KEY_RSA &&
	    f.key_bits == 1025, "RSA: bits of n without leading zeros");
	m.spki = spki_rsa_bad;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "RSA: key that is no RSAPublicKey refused");
	m.spki = spki_dsa;
	T_OK(mkparse(&m, &f, &err) == 0 && f.key_type == X509_KEY_DSA &&
	    f.key_bits == 2048, "DSA: bits of p");
	T_EQ_STR(x509_key_str(f.key_type), "DSA", "DSA: key_str");
	m.spki = spki_p521;
	T_OK(mkparse(&m, &f, &err) == 0 && f.key_bits == 521 &&
	    strcmp(f.key_curve, "P-521") == 0, "EC P-521: 521 bits");
	m.spki = spki_ec_unknown;
	T_OK(mkparse(&m, &f, &err) == 0 && f.key_type == X509_KEY_EC &&
	    f.key_bits == 256 && f.key_curve[0] == '\0',
	    "EC unknown curve: bits from the point");
	m.spki = spki_ec_unused;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "EC key BIT STRING with unused bits refused");
	m.spki = spki_ed448;
	T_OK(mkparse(&m, &f, &err) == 0 && f.key_type == X509_KEY_ED448 &&
	    f.key_bits == 456, "Ed448: 456 bits");
	T_EQ_STR(x509_key_str(f.key_type), "Ed448", "Ed448: key_str");
	m.spki = spki_unknown;
	T_OK(mkparse(&m, &f, &err) == 0 && f.key_type == X509_KEY_UNKNOWN &&
	    f.key_bits == 0, "unknown key algorithm: a fact, not an error");
	T_EQ_STR(x509_key_str(f.key_type), "unknown", "unknown: key_str");
	T_EQ_STR(x509_key_str((enum x509_key)99), "unknown",
	    "key_str out of range");
	m.spki = NULL;

	m.sig_oid = "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x63";
	m.sig_oid_len = 9;
	T_OK(mkparse(&m, &f, &err) == 0 &&
	    strcmp(f.sig_alg, "1.2.840.113549.1.1.99") == 0,
	    "unknown signature algorithm as dotted OID");
	m.sig_oid = "\x2b\x06\x01\x04\x01\x86\x8d\x1f\x01\x02\x03\x04\x05\x06"
	    "\x07\x08\x09\x0a\x0b";
	m.sig_oid_len = 19;
	T_OK(mkparse(&m, &f, &err) == 0 &&
	    strcmp(f.sig_alg, "1.3.6.1.4.1.99999.1.2.3.4.5.6.7") == 0,
	    "long OID cut to sig_alg's size");
	m.sig_oid = "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a";
	m.sig_oid_len = 9;
	T_OK(mkparse(&m, &f, &err) == 0 && strcmp(f.sig_alg, "rsassaPss") == 0,
	    "RSASSA-PSS named as openssl");
	m.sig_oid = NULL;

	m.tail = tail_uids;
	T_EQ_INT(mkparse(&m, &f, &err), 0, "unique IDs [1] [2] skipped");
	m.tail = tail_uids_reversed;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "unique IDs out of order refused");
	m.tail = tail_ctx4;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "unknown [4] in TBS refused");
	m.tail = tail_ext_primitive;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "primitive [3] refused");
	m.tail = tail_ext_extra;
	m.ext = ext_bc;
	T_OK(mkparse(&m, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "two [3] extensions blocks refused");
}

/* ---- malformed DER ------------------------------------------------------ */

static void
test_malformed(void)
{
	static const struct {
		const unsigned char *der;
		size_t		 len;
		const char	*name;
	} certs[] = {
		{ cert_ec, sizeof cert_ec, "ec" },
		{ cert_rsa, sizeof cert_rsa, "rsa" },
		{ cert_v1, sizeof cert_v1, "v1" },
		{ cert_ed, sizeof cert_ed, "ed" },
	};
	static const unsigned char vals[] = { 0x00, 0x01, 0x7f, 0x80, 0x81,
	    0x84, 0x85, 0xff };
	static struct x509_facts f;
	unsigned char c[1024];
	size_t i, j, k, n;
	int err, ok, bad;
	char name[80];

	for (i = 0; i < sizeof certs / sizeof *certs; i++) {
		n = certs[i].len;
		ok = 1;
		for (k = 0; k < n; k++)
			if (parse_exact(certs[i].der, k, &f, &err) != -1 ||
			    err != MX_E_SHORT || f.subject_der != NULL)
				ok = 0;
		snprintf(name, sizeof name, "%s: every truncation (%zu) is "
		    "-1/short, facts zeroed", certs[i].name, n);
		T_OK(ok, name);

		/* every byte set to each of vals: no crash, no ASan report */
		bad = 0;
		for (k = 0; k < n; k++)
			for (j = 0; j < sizeof vals; j++) {
				memcpy(c, certs[i].der, n);
				c[k] = vals[j];
				if (parse_exact(c, n, &f, &err) == 0 &&
				    err != MX_OK)
					bad++;
				else if (err != MX_OK && err != MX_E_SHORT &&
				    err != MX_E_SYNTAX)
					bad++;
			}
		snprintf(name, sizeof name, "%s: %zu byte mutations survive",
		    certs[i].name, n * sizeof vals);
		T_EQ_INT(bad, 0, name);
	}

	T_OK(x509_parse(NULL, 0, &f, &err) == -1 && err == MX_E_SHORT,
	    "empty input");
	memcpy(c, cert_ec, sizeof cert_ec);
	c[sizeof cert_ec] = 0;
	T_OK(parse_exact(c, sizeof cert_ec + 1, &f, &err) == -1 &&
	    err == MX_E_SYNTAX, "trailing byte after the certificate");
	T_OK(x509_parse(c, sizeof cert_ec + 1, &f, NULL) == -1,
	    "err may be NULL");
	memcpy(c, cert_ec, sizeof cert_ec);
	c[1] = 0x80;
	T_OK(parse_exact(c, sizeof cert_ec, &f, &err) == -1 &&
	    err == MX_E_SYNTAX, "indefinite length (outer) refused");
	memcpy(c, cert_ec, sizeof cert_ec);
	T_OK(c[4] == 0x30 && c[5] == 0x82, "ec: TBS at offset 4");
	c[5] = 0x80;
	T_OK(parse_exact(c, sizeof cert_ec, &f, &err) == -1 &&
	    err == MX_E_SYNTAX, "indefinite length (TBS) refused");
	memcpy(c, cert_ec, sizeof cert_ec);
	c[3]++;
	T_OK(parse_exact(c, sizeof cert_ec, &f, &err) == -1 &&
	    err == MX_E_SHORT, "outer length one past the end");
	memcpy(c, cert_ec, sizeof cert_ec);
	c[7]++;
	T_OK(parse_exact(c, sizeof cert_ec, &f, &err) == -1,
	    "TBS length past its parent");
	memcpy(c, cert_ec, sizeof cert_ec);
	c[1] = 0x85;
	T_OK(parse_exact(c, sizeof cert_ec, &f, &err) == -1 &&
	    err == MX_E_SYNTAX, "5-byte length refused");
	T_OK(parse_exact((const unsigned char *)"\x30\x84\xff\xff\xff\xff", 6,
	    &f, &err) == -1 && err == MX_E_SHORT, "4 GB length is short");
	T_OK(parse_exact((const unsigned char *)"\x31\x00", 2, &f, &err) ==
	    -1 && err == MX_E_SYNTAX, "SET instead of SEQUENCE refused");
	T_OK(parse_exact((const unsigned char *)"\x30\x00", 2, &f, &err) == -1,
	    "empty SEQUENCE refused");
	T_OK(parse_exact((const unsigned char *)"\x3f\x81\x81\x81\x81\x01\x00",
	    7, &f, &err) == -1 && err == MX_E_SYNTAX,
	    "overlong high tag number refused");

	/* a non-minimal length (BER) is read, not refused: documented */
	n = sizeof cert_v1;
	T_OK(cert_v1[0] == 0x30 && cert_v1[1] == 0x82, "v1: 2-byte length");
	c[0] = 0x30;
	c[1] = 0x83;
	c[2] = 0;
	memcpy(c + 3, cert_v1 + 2, n - 2);
	T_OK(parse_exact(c, n + 1, &f, &err) == 0,
	    "non-minimal length accepted");
}

/* ---- RFC 6125 ----------------------------------------------------------- */

static void
test_match(void)
{
	static const struct {
		const char	*pat;
		size_t		 plen;		/* 0: strlen */
		const char	*host;
		int		 want;
	} tc[] = {
		{ "mx.example.org", 0, "mx.example.org", 1 },
		{ "MX.Example.ORG", 0, "mx.example.org", 1 },
		{ "mx.example.org", 0, "Mx.EXAMPLE.org", 1 },
		{ "mx.example.org.", 0, "mx.example.org", 1 },
		{ "mx.example.org", 0, "mx.example.org.", 1 },
		{ "mx.example.org.", 0, "mx.example.org.", 1 },
		{ "mx.example.org..", 0, "mx.example.org", 0 },
		{ "mx.example.org", 0, "mx.example.org..", 0 },
		{ "mx.example.org", 0, "mx.example.org.evil.test", 0 },
		{ "example.org", 0, "mx.example.org", 0 },
		{ "mx.example.org", 0, "example.org", 0 },
		{ "mx.example.org", 0, "mx..example.org", 0 },
		{ "mx_1.example.org", 0, "MX_1.example.org", 1 },
		{ "*.example.org", 0, "mx.example.org", 1 },
		{ "*.Example.ORG", 0, "MX.example.org", 1 },
		{ "*.example.org.", 0, "mx.example.org", 1 },
		{ "*.example.org", 0, "mx.example.org.", 1 },
		{ "*.example.org", 0, "example.org", 0 },
		{ "*.example.org", 0, ".example.org", 0 },
		{ "*.example.org", 0, "a.b.example.org", 0 },
		{ "*.example.org", 0, "*.example.org", 0 },
		{ "*.com", 0, "example.com", 0 },
		{ "*.com.", 0, "example.com", 0 },
		{ "*", 0, "example", 0 },
		{ "*", 0, "com", 0 },
		{ "*.", 0, "com", 0 },
		{ "a.*.example.org", 0, "a.b.example.org", 0 },
		{ "*.*.example.org", 0, "a.b.example.org", 0 },
		{ "f*.example.org", 0, "foo.example.org", 0 },
		{ "*o.example.org", 0, "foo.example.org", 0 },
		{ "f*o.example.org", 0, "foo.example.org", 0 },
		{ "**.example.org", 0, "foo.example.org", 0 },
		{ "*.example.org", 0, "xn--caf-dma.example.org", 1 },
		{ "xn--caf-dma.example.org", 0, "XN--CAF-DMA.example.org", 1 },
		{ "*.xn--bcher-kva.example", 0, "w.xn--bcher-kva.example", 1 },
		{ "xn--caf-dma.example.org", 0, "caf\xc3\xa9.example.org", 0 },
		{ "192.0.2.1", 0, "192.0.2.1", 0 },
		{ "*.0.2.1", 0, "192.0.2.1", 0 },
		{ "*.2.1", 0, "192.0.2.1", 0 },
		{ "::1", 0, "::1", 0 },
		{ "2001:db8::1", 0, "2001:db8::1", 0 },
		{ "[::1]", 0, "[::1]", 0 },
		{ "1.example.123", 0, "1.example.123", 0 },
		{ "123.example.org", 0, "123.example.org", 1 },
		{ "", 0, "", 0 },
		{ "", 0, "example.org", 0 },
		{ "example.org", 0, "", 0 },
		{ ".", 0, ".", 0 },
		{ "example.org\0.evil.test", 22, "example.org", 0 },
		{ "example.org\0", 12, "example.org", 0 },
		{ "mx.example.org.evil", 14, "mx.example.org", 1 },
		{ "m?.example.org", 0, "m?.example.org", 0 },
		{ "m?.example.org", 0, "mx.example.org", 0 },
		{ "mx example.org", 0, "mx example.org", 0 },
		{ "-.example.org", 0, "-.example.org", 1 },
	};
	static const char long63[] =
	    "a23456789012345678901234567890123456789012345678901234567890123";
	char host[300], name[160];
	size_t i;

	for (i = 0; i < sizeof tc / sizeof *tc; i++) {
		snprintf(name, sizeof name, "match '%s' vs '%s' -> %d",
		    tc[i].plen ? "(with NUL)" : tc[i].pat, tc[i].host,
		    tc[i].want);
		T_EQ_INT(x509_name_match(tc[i].pat, tc[i].plen ? tc[i].plen :
		    strlen(tc[i].pat), tc[i].host), tc[i].want, name);
	}
	T_EQ_INT(x509_name_match(NULL, 0, "a.b"), 0, "NULL pattern");
	T_EQ_INT(x509_name_match("a.b", 3, NULL), 0, "NULL host");

	snprintf(host, sizeof host, "%s.example.org", long63);
	T_EQ_INT(x509_name_match(host, strlen(host), host), 1,
	    "63-byte label matches");
	snprintf(host, sizeof host, "%sx.example.org", long63);
	T_EQ_INT(x509_name_match(host, strlen(host), host), 0,
	    "64-byte label refused");
	/* 3 x (63 + '.') + 61 = 253, RFC 1035's 255 on the wire */
	snprintf(host, sizeof host, "%s.%s.%s.%.61s", long63, long63, long63,
	    long63);
	T_EQ_INT(strlen(host), 253, "253-byte host built");
	T_EQ_INT(x509_name_match(host, strlen(host), host), 1,
	    "253-byte host matches");
	strcat(host, "0");
	T_EQ_INT(x509_name_match(host, strlen(host), host), 0,
	    "254-byte host refused");
}

static void
test_host_match(void)
{
	static struct x509_facts f;

	memset(&f, 0, sizeof f);
	strcpy(f.cn, "mx.example.org");
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 1,
	    "no SAN ext: CN used");
	T_EQ_INT(x509_host_match(&f, "MX.example.org."), 1,
	    "no SAN ext: CN, case and dot");
	strcpy(f.cn, "*.example.org");
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 1,
	    "no SAN ext: wildcard CN");
	f.has_san_ext = 1;
	f.san_count = 1;
	strcpy(f.san, "other.example.org");
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 0,
	    "SAN present: CN ignored");
	T_EQ_INT(x509_host_match(&f, "other.example.org"), 1,
	    "SAN present: SAN used");
	f.san_count = 3;
	strcpy(f.san, "a.example.net,*.example.com,b.example.net");
	T_EQ_INT(x509_host_match(&f, "b.example.net"), 1, "SAN list: last");
	T_EQ_INT(x509_host_match(&f, "a.example.net"), 1, "SAN list: first");
	T_EQ_INT(x509_host_match(&f, "x.example.com"), 1, "SAN list: wildcard");
	T_EQ_INT(x509_host_match(&f, "example.net"), 0, "SAN list: none");
	T_EQ_INT(x509_host_match(&f, "a.example.net,b"), 0,
	    "SAN list: a host with a comma");
	f.san_count = 1;
	f.san[0] = '\0';
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 0,
	    "SAN counted but not kept: no fallback to CN");
	memset(&f, 0, sizeof f);
	T_EQ_INT(x509_host_match(&f, "mx.example.org"), 0, "empty facts");
	T_EQ_INT(x509_host_match(&f, ""), 0, "empty facts, empty host");
}

int
main(void)
{
	test_real();
	test_times();
	test_time_fraction();
	test_calendar();
	test_names();
	test_extensions();
	test_keys();
	test_malformed();
	test_match();
	test_host_match();
	return T_DONE();
}
