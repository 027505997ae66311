/*
 * test_err.c -- the mx_err_str table is API (CONTRACT.md): every code has
 * its own [a-z0-9-] string, and the strings already published never change.
 */
#include <string.h>

#include "mxprobe/err.h"
#include "t.h"

/* Published strings: a rename breaks users' scripts, so pin them. */
static const struct {
	enum mx_err	 e;
	const char	*s;
} pinned[] = {
	{ MX_OK,			"ok" },
	{ MX_E_INTERNAL,		"internal" },
	{ MX_E_LIMIT,			"limit" },
	{ MX_E_CONNECT_REFUSED,		"connect-refused" },
	{ MX_E_CONNECT_TIMEOUT,		"connect-timeout" },
	{ MX_E_NO_STARTTLS,		"no-starttls" },
	{ MX_E_STARTTLS_REJECTED,	"starttls-rejected" },
	{ MX_E_TLS_HANDSHAKE,		"tls-handshake-failed" },
	{ MX_E_SMTP_LINE,		"smtp-line-too-long" },
	{ MX_E_SMTP_REPLY,		"smtp-reply-too-long" },
};

static int
charset_ok(const char *s)
{
	if (*s == '\0' || *s == '-')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

int
main(void)
{
	const char	*s[MX_E__COUNT];
	char		 name[128];
	int		 i, j, null, internal, charset, dup;

	null = internal = charset = dup = 0;
	for (i = 0; i < MX_E__COUNT; i++) {
		s[i] = mx_err_str((enum mx_err)i);
		if (s[i] == NULL) {
			printf("# code %d: NULL\n", i);
			null++;
			continue;
		}
		if (i != MX_E_INTERNAL && strcmp(s[i], "internal") == 0) {
			printf("# code %d has no string of its own\n", i);
			internal++;
		}
		if (!charset_ok(s[i])) {
			printf("# code %d: \"%s\" is not [a-z0-9-]\n", i, s[i]);
			charset++;
		}
	}
	for (i = 0; i < MX_E__COUNT; i++)
		for (j = i + 1; j < MX_E__COUNT; j++)
			if (s[i] && s[j] && strcmp(s[i], s[j]) == 0) {
				printf("# codes %d and %d share \"%s\"\n", i, j,
				    s[i]);
				dup++;
			}
	printf("# %d codes\n", (int)MX_E__COUNT);
	T_EQ_INT(null, 0, "no code maps to NULL");
	T_EQ_INT(internal, 0, "only MX_E_INTERNAL maps to \"internal\"");
	T_EQ_INT(charset, 0, "every string is [a-z0-9-]+");
	T_EQ_INT(dup, 0, "no two codes share a string");
	T_EQ_STR(mx_err_str(MX_E__COUNT), "internal",
	    "out of range (MX_E__COUNT) maps to \"internal\"");
	T_EQ_STR(mx_err_str((enum mx_err)-1), "internal",
	    "out of range (-1) maps to \"internal\"");
	for (i = 0; i < (int)(sizeof(pinned) / sizeof(pinned[0])); i++) {
		snprintf(name, sizeof(name), "published: %s", pinned[i].s);
		T_EQ_STR(mx_err_str(pinned[i].e), pinned[i].s, name);
	}
	return T_DONE();
}
