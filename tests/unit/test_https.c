/*
 * test_https.c -- the HTTPS fetch engine (https.h) driven by hand: this
 * test plays the poll loop with a clock of its own, so every deadline is
 * checked to the millisecond and nothing sleeps (poll() only waits for
 * bytes that must come on loopback).  The peer lives in this process on a
 * 127.0.0.1 socket: a BearSSL server with an EC root and leaf made by
 * openssl at test time (as test_tls.c does), or a plain listener that
 * misbehaves.  Cases: a good policy fetch; silence before the ServerHello
 * (timeout-tls) and after the handshake (timeout-http); cfg.deadline
 * shorter than the step; a drip of one byte per tick; plaintext instead
 * of TLS; 301, 404 and text/html; a close-delimited body ended with and
 * without close_notify; a refused port; a request that does not build.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "t.h"
#include "mxprobe/https.h"

#define WAIT_MS	2000		/* longest wait for bytes that must come */
#define T0	1000000		/* the injected clock at each start */
#define STEP	5000		/* cfg.step_ms */
#define HOST	"mta-sts.example.test"

static const char policy[] = "version: STSv1\r\nmode: enforce\r\n"
    "mx: mx.example.test\r\nmax_age: 86400\r\n";

/* ---- the test PKI ---------------------------------------------------- */

static char dir[] = "/tmp/mxprobe-https-XXXXXX";

/* An EC root and an EC leaf for HOST under it; DER for BearSSL. */
static const char gen[] =
"set -e\n"
"ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1.key\n"
"  openssl pkey -in $1.key -outform DER -out $1.kder; }\n"
"ec root; ec leaf\n"
"openssl req -x509 -new -key root.key -subj /CN=root.example.test -days 36500 -outform DER -out root.der\n"
"openssl req -new -key leaf.key -subj /CN=" HOST " -out leaf.csr\n"
"echo subjectAltName=DNS:" HOST " > leaf.ext\n"
"openssl x509 -req -in leaf.csr -CA root.der -CAform DER -CAkey root.key -set_serial 2 -days 36500 "
"-extfile leaf.ext -outform DER -out leaf.der 2>/dev/null\n";

static unsigned char leaf[2048], root[2048], kder[512];
static size_t leaf_len, root_len, kder_len;
static br_x509_certificate chain[2];
static br_skey_decoder_context skey;

static size_t
slurp(const char *name, unsigned char *b, size_t cap)
{
	char p[128];
	FILE *fp;
	size_t n;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	if ((fp = fopen(p, "rb")) == NULL)
		return 0;
	n = fread(b, 1, cap, fp);
	fclose(fp);
	return n < cap ? n : 0;
}

static int
setup(void)
{
	char cmd[128];

	if (mkdtemp(dir) == NULL)
		return -1;
	setenv("GEN", gen, 1);
	snprintf(cmd, sizeof cmd, "cd %s && sh -c \"$GEN\"", dir);
	if (system(cmd) != 0)
		printf("# openssl failed in %s\n", dir);
	leaf_len = slurp("leaf.der", leaf, sizeof leaf);
	root_len = slurp("root.der", root, sizeof root);
	kder_len = slurp("leaf.kder", kder, sizeof kder);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	br_skey_decoder_init(&skey);
	br_skey_decoder_push(&skey, kder, kder_len);
	chain[0].data = leaf;
	chain[0].data_len = leaf_len;
	chain[1].data = root;
	chain[1].data_len = root_len;
	return leaf_len && root_len && !br_skey_decoder_last_error(&skey) &&
	    br_skey_decoder_key_type(&skey) == BR_KEYTYPE_EC ? 0 : -1;
}

/* ---- the peer -------------------------------------------------------- */

enum srv_mode {
	SRV_TLS,	/* handshake, read the request, answer with reply */
	SRV_SILENT,	/* accept, never send anything */
	SRV_PLAIN	/* accept, send reply in plaintext at once */
};
enum srv_end {
	END_OPEN,	/* after the reply: wait for the client's close */
	END_NOTIFY,	/* close_notify after the reply */
	END_EOF		/* bare TCP FIN after the reply (no close_notify) */
};

static struct {
	int		 l, c;		/* listener; connection, -1 before */
	int		 gone;		/* the connection was closed */
	enum srv_mode	 mode;
	enum srv_end	 end;
	const char	*reply;		/* NULL: never answers */
	size_t		 sent;		/* bytes of reply queued */
	char		 req[1024];	/* what came in, NUL-terminated */
	size_t		 rlen;
	int		 got_req;	/* the request's head is complete */
} S = { -1, -1, 0, SRV_TLS, END_OPEN, NULL, 0, "", 0, 0 };

static br_ssl_server_context sc;
static unsigned char sbuf[BR_SSL_BUFSIZE_BIDI];
static const unsigned char seed[32] = "mxprobe https test seed, fixed";

/* A listener on 127.0.0.1, its address in *a. */
static void
srv_open(enum srv_mode mode, const char *reply, enum srv_end end,
    struct sockaddr_in *a)
{
	socklen_t al = sizeof *a;

	memset(a, 0, sizeof *a);
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((S.l = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(S.l, (struct sockaddr *)a, sizeof *a) < 0 ||
	    listen(S.l, 4) < 0 ||
	    getsockname(S.l, (struct sockaddr *)a, &al) < 0) {
		perror("listener");
		exit(2);
	}
	S.c = -1;
	S.gone = 0;
	S.mode = mode;
	S.end = end;
	S.reply = reply;
	S.sent = S.rlen = 0;
	S.req[0] = '\0';
	S.got_req = 0;
	br_ssl_server_init_full_ec(&sc, chain, 2, BR_KEYTYPE_EC,
	    br_skey_decoder_get_ec(&skey));
	br_ssl_engine_set_buffer(&sc.eng, sbuf, sizeof sbuf, 1);
	br_ssl_engine_inject_entropy(&sc.eng, seed, sizeof seed);
	br_ssl_server_reset(&sc);
}

static void
srv_drop(void)
{
	if (S.c >= 0)
		close(S.c);
	S.c = -1;
	S.gone = 1;
}

static void
srv_close(void)
{
	srv_drop();
	if (S.l >= 0)
		close(S.l);
	S.l = -1;
}

static int
readable(int fd, int ms)
{
	struct pollfd p;

	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	return poll(&p, 1, ms) > 0;
}

/* Queues n bytes of application data as one record. */
static void
srv_send(const char *p, size_t n)
{
	unsigned char *b;
	size_t room;

	if ((b = br_ssl_engine_sendapp_buf(&sc.eng, &room)) == NULL)
		return;
	n = n < room ? n : room;
	memcpy(b, p, n);
	br_ssl_engine_sendapp_ack(&sc.eng, n);
	br_ssl_engine_flush(&sc.eng, 0);
	S.sent += n;
}

/*
 * One round of the peer, never blocking: accept, then move TLS records
 * between the socket and the server engine, collect the request, answer.
 * Returns 1 if anything moved.
 */
static int
srv_io(void)
{
	unsigned char *b;
	size_t len, left;
	ssize_t n;
	int moved = 0, one = 1;

	if (S.c < 0) {
		if (S.gone || !readable(S.l, 0) ||
		    (S.c = accept(S.l, NULL, NULL)) < 0)
			return 0;
		(void)fcntl(S.c, F_SETFL, O_NONBLOCK);
		/* no 40 ms delayed-ACK stalls between our small records */
		(void)setsockopt(S.c, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof one);
		if (S.mode == SRV_PLAIN &&
		    write(S.c, S.reply, strlen(S.reply)) < 0)
			perror("plaintext reply");
		return 1;
	}
	if (S.mode != SRV_TLS)
		return 0;
	if ((b = br_ssl_engine_sendrec_buf(&sc.eng, &len)) != NULL) {
		if ((n = write(S.c, b, len)) > 0) {
			br_ssl_engine_sendrec_ack(&sc.eng, (size_t)n);
			moved = 1;
		} else if (n < 0 && errno != EAGAIN) {
			srv_drop();		/* the client is gone */
			return 1;
		}
	}
	if ((b = br_ssl_engine_recvrec_buf(&sc.eng, &len)) != NULL) {
		n = read(S.c, b, len);
		if (n > 0) {
			br_ssl_engine_recvrec_ack(&sc.eng, (size_t)n);
			moved = 1;
		} else if (n == 0 || errno != EAGAIN) {
			srv_drop();
			return 1;
		}
	}
	if ((b = br_ssl_engine_recvapp_buf(&sc.eng, &len)) != NULL) {
		left = sizeof S.req - 1 - S.rlen;
		memcpy(S.req + S.rlen, b, len < left ? len : left);
		S.rlen += len < left ? len : left;
		S.req[S.rlen] = '\0';
		br_ssl_engine_recvapp_ack(&sc.eng, len);
		S.got_req = strstr(S.req, "\r\n\r\n") != NULL;
		moved = 1;
	}
	if (S.got_req && S.reply && S.sent < strlen(S.reply)) {
		srv_send(S.reply + S.sent, strlen(S.reply) - S.sent);
		if (S.sent == strlen(S.reply) && S.end == END_NOTIFY)
			br_ssl_engine_close(&sc.eng);
		moved = 1;
	}
	if (S.got_req && S.reply && S.sent == strlen(S.reply) &&
	    S.end == END_EOF &&
	    br_ssl_engine_sendrec_buf(&sc.eng, &len) == NULL) {
		shutdown(S.c, SHUT_WR);		/* FIN, never a RST */
		S.end = END_OPEN;
		moved = 1;
	}
	if (br_ssl_engine_current_state(&sc.eng) == BR_SSL_CLOSED &&
	    br_ssl_engine_sendrec_buf(&sc.eng, &len) == NULL) {
		srv_drop();
		return 1;
	}
	return moved;
}

static short
srv_events(void)
{
	size_t len;
	short ev = 0;

	if (S.c < 0 || S.mode != SRV_TLS)
		return 0;
	if (br_ssl_engine_recvrec_buf(&sc.eng, &len) != NULL)
		ev |= POLLIN;
	if (br_ssl_engine_sendrec_buf(&sc.eng, &len) != NULL)
		ev |= POLLOUT;
	return ev;
}

/* Runs the peer until the client's close_notify came (1) or EOF did. */
static int
srv_saw_notify(void)
{
	int i;

	for (i = 0; i < 50 && S.c >= 0 && !sc.eng.shutdown_recv; i++)
		if (!srv_io())
			(void)readable(S.c, WAIT_MS);
	return sc.eng.shutdown_recv != 0;
}

/* ---- the fetch and the hand-played loop ------------------------------ */

static struct https f;
static unsigned ndone;
static mx_ms done_at;
static enum task_rc last_rc;
static char path[96];		/* the states it went through */

static void
trace(void *arg, const char *from, const char *to)
{
	size_t n = strlen(path);

	if (n == 0)
		n = (size_t)snprintf(path, sizeof path, "%s", from);
	if (n < sizeof path)
		snprintf(path + n, sizeof path - n, " %s", to);
}

static void
on_done(struct https *ff, void *arg, mx_ms now)
{
	ndone++;
	done_at = now;
}

static void
start(const struct sockaddr_in *a, const char *p, mx_ms deadline)
{
	struct https_cfg c;

	memset(&c, 0, sizeof c);
	memcpy(&c.addr, a, sizeof *a);
	c.addrlen = sizeof *a;
	strcpy(c.host, HOST);
	strcpy(c.path, p);
	c.step_ms = STEP;
	c.deadline = deadline;
	memcpy(c.seed, seed, sizeof c.seed);
	c.trace = trace;
	c.done = on_done;
	ndone = 0;
	done_at = 0;
	last_rc = TASK_WAIT;
	path[0] = '\0';
	https_start(&f, &c, T0);
}

/* What loop.c does with a report for the fetch's fd. */
static void
io(short re, mx_ms now)
{
	if (re & (POLLERR | POLLHUP | POLLNVAL))
		re |= POLLIN | POLLOUT;
	re &= f.t.events | POLLIN | POLLOUT;
	if (re && last_rc == TASK_WAIT)
		last_rc = f.t.cls->on_io(&f.t, re, now);
}

/* What loop.c does when the task's deadline has come. */
static void
timeout(mx_ms now)
{
	if (last_rc == TASK_WAIT)
		last_rc = f.t.cls->on_timeout(&f.t, now);
}

/*
 * Plays the loop at a frozen now: runs the peer and hands the fetch its
 * readiness until until() holds or the fetch is over.  0 if neither came
 * within WAIT_MS of silence (the test then fails, never hangs).
 */
static int
drive(mx_ms now, int (*until)(void))
{
	struct pollfd p[3];

	for (;;) {
		while (srv_io())
			;
		if (last_rc == TASK_DONE || (until && until()))
			return 1;
		p[0].fd = f.t.events ? f.t.fd : -1;
		p[0].events = f.t.events;
		p[1].fd = S.c < 0 && !S.gone ? S.l : -1;
		p[1].events = POLLIN;
		p[2].events = srv_events();
		p[2].fd = p[2].events ? S.c : -1;
		p[0].revents = p[1].revents = p[2].revents = 0;
		if (poll(p, 3, WAIT_MS) <= 0)
			return 0;
		io(p[0].revents, now);
	}
}

static int
connected(void)
{
	return f.st == HTTPS_S_TLS;
}

/* The ClientHello is out, the fetch only waits to read. */
static int
hello_out(void)
{
	return f.st == HTTPS_S_TLS && f.t.events == POLLIN && S.c >= 0;
}

/* The request is out and the peer has it all. */
static int
request_in(void)
{
	return f.st == HTTPS_S_HTTP && f.req_sent && S.got_req;
}

#define ERR_IS(e, want, name)	T_EQ_STR(mx_err_str(e), (want), (name))

/* Ended once, by the last call, with fd closed and no deadline. */
static void
ended(const char *what, mx_ms at)
{
	char name[128];

	snprintf(name, sizeof name, "%s: done once at %lld, TASK_DONE, "
	    "socket closed", what, (long long)at);
	if (!T_OK(ndone == 1 && done_at == at && last_rc == TASK_DONE &&
	    f.t.fd == -1 && f.st == HTTPS_S_DONE &&
	    f.t.deadline == MX_MS_NEVER && f.elapsed_ms == at - T0, name))
		printf("#   ndone %u at %lld rc %d fd %d st %s elapsed %lld\n",
		    ndone, (long long)done_at, last_rc, f.t.fd,
		    https_state_str(f.st), (long long)f.elapsed_ms);
}

/* ---- the cases ------------------------------------------------------- */

static void
test_good(void)
{
	static const char get[] = "GET /.well-known/mta-sts.txt HTTP/1.1\r\n"
	    "Host: " HOST "\r\n";
	static char reply[512];
	struct sockaddr_in a;
	const struct tls_chain *ch = &f.tls.chain;

	snprintf(reply, sizeof reply, "HTTP/1.1 200 OK\r\nContent-Type: "
	    "text/plain; charset=utf-8\r\nContent-Length: %u\r\n\r\n%s",
	    (unsigned)strlen(policy), policy);
	srv_open(SRV_TLS, reply, END_OPEN, &a);
	start(&a, "/.well-known/mta-sts.txt", T0 + 30000);
	T_EQ_INT(f.t.deadline, T0 + STEP, "good: connect's step deadline");
	T_OK(drive(T0 + 10, connected), "good: connected");
	T_EQ_INT(f.t.deadline, T0 + 10 + STEP,
	    "good: the handshake's step runs from its start");
	T_OK(drive(T0 + 20, NULL), "good: the fetch ends");
	ended("good", T0 + 20);
	ERR_IS(https_error(&f), "ok", "good: https_error ok");
	T_EQ_INT(f.resp.status, 200, "good: status 200");
	T_OK(f.resp.complete && f.resp.body_len == strlen(policy) &&
	    memcmp(f.resp.body, policy, f.resp.body_len) == 0,
	    "good: the body, byte-equal");
	ERR_IS(https_sts_verdict(&f), "ok", "good: sts verdict ok");
	T_EQ_STR(path, "connect tls http close done",
	    "good: connect, tls, http, close, done");
	T_OK(f.tls.done && !f.tls.plaintext && ch->n == 2 && ch->kept == 2 &&
	    ch->len[0] == leaf_len &&
	    memcmp(ch->arena + ch->off[0], leaf, leaf_len) == 0,
	    "good: handshake done, the chain recorded, leaf first");
	T_OK(strncmp(S.req, get, sizeof get - 1) == 0,
	    "good: the peer got the GET with our Host");
	T_EQ_STR(br_ssl_engine_get_server_name(&sc.eng), HOST,
	    "good: SNI is the host");
	T_OK(srv_saw_notify(), "good: our close_notify reached the peer");
	srv_close();
}

static void
test_silent_tls(void)
{
	struct sockaddr_in a;

	srv_open(SRV_SILENT, NULL, END_OPEN, &a);
	start(&a, "/", T0 + 30000);
	T_OK(drive(T0 + 10, hello_out),
	    "no ServerHello: accepted, ClientHello out, waiting to read");
	T_EQ_INT(f.t.deadline, T0 + 10 + STEP,
	    "no ServerHello: deadline one step after connect");
	timeout(T0 + 10 + STEP - 1);
	T_OK(last_rc == TASK_WAIT && ndone == 0 && f.err == MX_OK,
	    "no ServerHello: 1 ms before it, still waiting");
	timeout(T0 + 10 + STEP);
	ended("no ServerHello", T0 + 10 + STEP);
	ERR_IS(https_error(&f), "timeout-tls", "no ServerHello: timeout-tls");
	T_EQ_STR(path, "connect tls done", "no ServerHello: ended in tls");
	T_OK(!f.tls.done, "no ServerHello: no handshake");
	srv_close();
}

static void
test_silent_http(void)
{
	struct sockaddr_in a;

	srv_open(SRV_TLS, NULL, END_OPEN, &a);
	start(&a, "/", T0 + 30000);
	T_OK(drive(T0 + 10, connected) && drive(T0 + 20, request_in),
	    "no answer: handshake, request at the peer");
	T_EQ_INT(f.t.deadline, T0 + 20 + STEP,
	    "no answer: deadline one step after the handshake");
	timeout(T0 + 20 + STEP - 1);
	T_OK(last_rc == TASK_WAIT && ndone == 0,
	    "no answer: 1 ms before it, still waiting");
	timeout(T0 + 20 + STEP);
	ended("no answer", T0 + 20 + STEP);
	ERR_IS(https_error(&f), "timeout-http", "no answer: timeout-http");
	T_EQ_STR(path, "connect tls http done", "no answer: ended in http");
	T_OK(f.tls.done && f.resp.status == 0, "no answer: TLS, no status");
	srv_close();
}

/* The whole fetch's deadline before the step's: it wins. */
static void
test_deadline(void)
{
	struct sockaddr_in a;

	srv_open(SRV_TLS, NULL, END_OPEN, &a);
	start(&a, "/", T0 + 3000);
	T_EQ_INT(f.t.deadline, T0 + 3000,
	    "deadline < step: the task waits for cfg.deadline");
	T_OK(drive(T0 + 10, connected) && drive(T0 + 2000, request_in),
	    "deadline < step: handshake at +2000 ms, request at the peer");
	T_EQ_INT(f.t.deadline, T0 + 3000,
	    "deadline < step: still cfg.deadline, not +2000 + step");
	timeout(T0 + 2999);
	T_OK(last_rc == TASK_WAIT && ndone == 0,
	    "deadline < step: 1 ms before it, still waiting");
	timeout(T0 + 3000);
	ended("deadline < step", T0 + 3000);
	ERR_IS(https_error(&f), "timeout-http",
	    "deadline < step: timeout-http");
	T_EQ_STR(path, "connect tls http done",
	    "deadline < step: ended in http");
	srv_close();
}

/*
 * One byte of the answer per record per tick (a 25th of a step):
 * bytes keep coming and are parsed, yet the step ends when it ends.
 */
static void
test_drip(void)
{
	static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Type: "
	    "text/plain\r\nContent-Length: 100\r\n\r\n";
	struct sockaddr_in a;
	mx_ms now, h = T0 + 20, tick = STEP / 25;
	unsigned bytes = 0, moved = 0;
	int status_seen = 0;

	srv_open(SRV_TLS, NULL, END_OPEN, &a);
	start(&a, "/", T0 + 30000);
	T_OK(drive(T0 + 10, connected) && drive(h, request_in),
	    "drip: handshake, request at the peer");
	for (now = h + tick; last_rc == TASK_WAIT &&
	    bytes < sizeof reply - 1; now += tick) {
		srv_send(reply + bytes++, 1);
		while (srv_io())
			;
		/* the record's pieces, one read per report as the loop does */
		if (!readable(f.t.fd, WAIT_MS))
			break;
		do
			io(POLLIN, now);
		while (last_rc == TASK_WAIT && readable(f.t.fd, 0));
		if (f.t.deadline != h + STEP)
			moved++;
		if (f.resp.status == 200 && now < h + STEP)
			status_seen = 1;
		if (f.t.deadline <= now)
			timeout(now);	/* loop.c: checked after I/O too */
	}
	now -= tick;
	T_EQ_INT(bytes, STEP / tick, "drip: a byte a tick up to the step's end");
	T_EQ_INT(moved, 0, "drip: the bytes never moved the deadline");
	T_OK(status_seen, "drip: the status line was parsed on the way");
	ended("drip", h + STEP);
	ERR_IS(https_error(&f), "timeout-http", "drip: timeout-http");
	T_EQ_STR(path, "connect tls http done", "drip: ended in http");
	srv_close();
}

static void
test_plaintext(void)
{
	struct sockaddr_in a;

	srv_open(SRV_PLAIN, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	    "Content-Length: 0\r\n\r\n", END_OPEN, &a);
	start(&a, "/", T0 + 30000);
	T_OK(drive(T0 + 10, connected) && drive(T0 + 20, NULL),
	    "plaintext: the fetch ends");
	ended("plaintext", T0 + 20);
	ERR_IS(https_error(&f), "tls-handshake-failed",
	    "plaintext: tls-handshake-failed");
	T_OK(f.tls.plaintext && !f.tls.done, "plaintext: tls.plaintext set");
	T_EQ_STR(path, "connect tls done", "plaintext: ended in tls");
	srv_close();
}

static void
test_answers(void)
{
	static const struct {
		const char	*name, *reply;
		enum srv_end	 end;
		const char	*err, *verdict;
		unsigned	 status;
		const char	*path;
	} c[] = {
		{ "301", "HTTP/1.1 301 Moved Permanently\r\nLocation: "
		    "https://elsewhere.example.test/policy.txt\r\n"
		    "Content-Length: 0\r\n\r\n", END_OPEN,
		    "ok", "http-redirect", 301, "connect tls http close done" },
		{ "404", "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain"
		    "\r\nContent-Length: 9\r\n\r\nnot found", END_OPEN,
		    "ok", "http-status", 404, "connect tls http close done" },
		{ "text/html", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
		    "Content-Length: 7\r\n\r\n<html/>", END_OPEN,
		    "ok", "http-content-type", 200,
		    "connect tls http close done" },
		{ "close-delimited + close_notify", "HTTP/1.1 200 OK\r\n"
		    "Content-Type: text/plain\r\n\r\nversion: STSv1\r\n",
		    END_NOTIFY, "ok", "ok", 200, "connect tls http done" },
		{ "close-delimited + bare EOF", "HTTP/1.1 200 OK\r\n"
		    "Content-Type: text/plain\r\n\r\nversion: STSv1\r\n",
		    END_EOF, "http-truncated", "http-truncated", 200,
		    "connect tls http done" },
	};
	struct sockaddr_in a;
	char name[128];
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		srv_open(SRV_TLS, c[i].reply, c[i].end, &a);
		start(&a, "/", T0 + 30000);
		snprintf(name, sizeof name, "%s: the fetch ends", c[i].name);
		T_OK(drive(T0 + 10, connected) && drive(T0 + 20, NULL), name);
		ended(c[i].name, T0 + 20);
		snprintf(name, sizeof name, "%s: https_error %s", c[i].name,
		    c[i].err);
		ERR_IS(https_error(&f), c[i].err, name);
		snprintf(name, sizeof name, "%s: sts verdict %s", c[i].name,
		    c[i].verdict);
		ERR_IS(https_sts_verdict(&f), c[i].verdict, name);
		snprintf(name, sizeof name, "%s: status %u", c[i].name,
		    c[i].status);
		T_EQ_INT(f.resp.status, c[i].status, name);
		snprintf(name, sizeof name, "%s: states", c[i].name);
		T_EQ_STR(path, c[i].path, name);
		if (i == 0)
			T_EQ_STR(f.resp.location,
			    "https://elsewhere.example.test/policy.txt",
			    "301: Location kept, not followed");
		if (i == 3)
			T_OK(f.resp.complete && f.resp.closed_clean &&
			    f.resp.body_len == 16, "close_notify: body "
			    "complete, closed clean");
		srv_close();
	}
}

static void
test_refused(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	int fd;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) < 0) {
		perror("port");
		exit(2);
	}
	close(fd);	/* nothing listens there now */
	start(&a, "/", T0 + 30000);
	if (f.t.fd < 0) {
		/* refused inside connect(): reported at the first timeout */
		printf("# refused at connect()\n");
		T_EQ_INT(f.t.deadline, T0, "refused: due at once");
		timeout(T0);
		ended("refused", T0);
	} else {
		T_OK(drive(T0 + 10, NULL), "refused: the fetch ends");
		ended("refused", T0 + 10);
	}
	ERR_IS(https_error(&f), "connect-refused", "refused: connect-refused");
	T_EQ_INT(f.sys_errno, ECONNREFUSED,
	    "refused: sys_errno ECONNREFUSED (connect-refused)");
	T_EQ_STR(path, "connect done", "refused: ended in connect");
}

/* A path the request cannot carry: no socket, limit at the first timeout. */
static void
test_limit(void)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(9);
	start(&a, "no-slash", T0 + 30000);
	T_OK(f.t.fd == -1 && f.t.deadline == T0 && ndone == 0,
	    "bad path: no socket, due at once, done not yet called");
	timeout(T0);
	ended("bad path", T0);
	ERR_IS(https_error(&f), "limit", "bad path: limit");
	T_EQ_STR(path, "connect done", "bad path: ended in connect");
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);	/* as main.c: EPIPE, not death */
	if (!T_OK(setup() == 0, "openssl made the test certificates")) {
		printf("# (needs openssl in PATH)\n");
		return T_DONE();
	}
	test_good();
	test_silent_tls();
	test_silent_http();
	test_deadline();
	test_drip();
	test_plaintext();
	test_answers();
	test_refused();
	test_limit();
	return T_DONE();
}
