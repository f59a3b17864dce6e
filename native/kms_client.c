/*
 * kms-client: the thin client bin/kms runs while a kms session is unlocked (docs/agent.md).
 *
 *   kms-client <path of dist/launch.cjs> [kms arguments...]
 *
 * Connects to the session's agent (<session folder>/<session id>.sock, started by
 * `kms keyring unlock`), hands it the arguments, the environment and the working folder, and once
 * the agent takes the command this process's stdin, stdout and stderr themselves (SCM_RIGHTS), and
 * exits with the exit code the agent reports: the agent runs the command in its process, already loaded and with the keyring
 * open, writing to these very descriptors, so the bytes are those `node dist/launch.cjs` writes.
 *
 * Whenever the agent cannot take the command (no session, no agent, a command it leaves to a
 * process of its own) this program becomes `node dist/launch.cjs ...` by exec, before anything ran.
 *
 * Reply bytes from the agent: 'A' (it will run the command: answered 'G', go, with the three
 * descriptors, unless this program gave up waiting), then any number of 'F' (answered
 * 'K': the caller is still here, asked before encrypt-stream seals the end of its input), then 'X'
 * and a 4-byte big-endian exit code; or 'D' (declined: run it yourself). A connection that ends
 * after 'A' without 'X' means the agent died during the command: exit 255 with an error line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

extern char **environ;

/* How long to wait for the agent's first answer before running the command as a process of its own. */
#define ANSWER_MS 150

static char **fallback_argv;

static void run_node(void) {
  execvp("node", fallback_argv);
  fprintf(stderr, "kms: error: cannot run node (%s)\n", strerror(errno));
  _exit(255);
}

struct buf {
  char *p;
  size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 8192);
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) run_node();
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len++] = '\0';
}

static void puts0(struct buf *b, const char *s) { put(b, s, strlen(s)); }

static void putnum(struct buf *b, long n) {
  char t[32];
  snprintf(t, sizeof t, "%ld", n);
  puts0(b, t);
}

static int is_dir(const char *p) {
  struct stat st;
  return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* src/keyring/session.ts sessionDir(): $XDG_RUNTIME_DIR/kms, else <tmpdir>/kms-<uid>. */
static int session_dir(char *out, size_t n) {
  const char *rt = getenv("XDG_RUNTIME_DIR");
  if (rt && *rt && is_dir(rt)) return snprintf(out, n, "%s/kms", rt) < (int)n ? 0 : -1;
  const char *t = getenv("TMPDIR");
  if (!t || !*t) t = getenv("TMP");
  if (!t || !*t) t = getenv("TEMP");
  if (!t || !*t) t = "/tmp";
  size_t l = strlen(t);
  while (l > 1 && t[l - 1] == '/') l--; /* os.tmpdir() drops a trailing slash */
  return snprintf(out, n, "%.*s/kms-%u", (int)l, t, (unsigned)getuid()) < (int)n ? 0 : -1;
}

static void on_sigint(int sig) {
  (void)sig;
  /* as the CLI does on Ctrl-C (src/cli/entry.ts): a newline, exit 130 */
  ssize_t w = write(2, "\n", 1);
  (void)w;
  _exit(130);
}

static int read_full(int fd, unsigned char *p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, p + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    got += (size_t)r;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: kms-client <launch.cjs> [arguments...]\n");
    return 255;
  }
  fallback_argv = calloc((size_t)argc + 1, sizeof(char *));
  if (!fallback_argv) return 255;
  fallback_argv[0] = "node";
  for (int i = 1; i < argc; i++) fallback_argv[i] = argv[i];

  const char *session = getenv("KMS_SESSION");
  const char *off = getenv("KMS_AGENT");
  if (!session || !*session || (off && strcmp(off, "0") == 0)) run_node();
  const char *dot = strchr(session, '.');
  if (!dot || dot - session != 32) run_node();
  for (const char *c = session; c < dot; c++)
    if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f'))) run_node();
  for (int fd = 0; fd < 3; fd++)
    if (fcntl(fd, F_GETFD) < 0) run_node(); /* a closed standard stream: node handles it */

  char dir[4096];
  struct sockaddr_un addr = {0};
  addr.sun_family = AF_UNIX;
  if (session_dir(dir, sizeof dir) < 0) run_node();
  if (snprintf(addr.sun_path, sizeof addr.sun_path, "%s/%.32s.sock", dir, session) >= (int)sizeof addr.sun_path) run_node();
  int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0 || connect(sock, (struct sockaddr *)&addr, sizeof addr) != 0) run_node();

  struct buf b = {0};
  char cwd[8192];
  if (!getcwd(cwd, sizeof cwd)) run_node();
  puts0(&b, "KMSA1");
  puts0(&b, session);
  puts0(&b, cwd);
  struct winsize ws;
  if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) putnum(&b, ws.ws_col);
  else puts0(&b, "");
  putnum(&b, argc - 2);
  for (int i = 2; i < argc; i++) puts0(&b, argv[i]);
  long envc = 0;
  for (char **e = environ; *e; e++) envc++;
  putnum(&b, envc);
  for (char **e = environ; *e; e++) puts0(&b, *e);

  unsigned char head[4] = {(unsigned char)(b.len >> 24), (unsigned char)(b.len >> 16), (unsigned char)(b.len >> 8), (unsigned char)b.len};
  struct iovec iov[2] = {{head, 4}, {b.p, b.len}};
  struct msghdr msg = {0};
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  size_t total = 4 + b.len, sent = 0;
  /* the request without the descriptors: they go with 'G', once the agent takes the command */
  for (;;) {
    ssize_t r = sendmsg(sock, &msg, MSG_NOSIGNAL);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) run_node();
    sent += (size_t)r;
    if (sent >= total) break;
    size_t skip = sent;
    if (skip < 4) {
      iov[0].iov_base = head + skip;
      iov[0].iov_len = 4 - skip;
      iov[1].iov_base = b.p;
      iov[1].iov_len = b.len;
      msg.msg_iov = iov;
      msg.msg_iovlen = 2;
    } else {
      iov[1].iov_base = b.p + (skip - 4);
      iov[1].iov_len = b.len - (skip - 4);
      msg.msg_iov = &iov[1];
      msg.msg_iovlen = 1;
    }
  }

  struct sigaction sa = {0};
  sa.sa_handler = on_sigint;
  sigaction(SIGINT, &sa, NULL);

  /* The agent answers at once unless it is busy (a stream it runs, a queue of calls): then this
   * call stops waiting and runs as a process of its own. It is the 'G' sent here that lets the agent
   * run the command, so it never runs in both places. */
  struct pollfd p = {sock, POLLIN, 0};
  int ready;
  do ready = poll(&p, 1, ANSWER_MS);
  while (ready < 0 && errno == EINTR);
  if (ready <= 0) run_node();
  unsigned char status;
  if (read_full(sock, &status, 1) != 0) run_node(); /* the agent went away before it began: nothing ran */
  if (status != 'A') run_node();                    /* 'D': declined */
  /* 'G' with stdin, stdout and stderr attached (SCM_RIGHTS): the agent runs the command on them */
  int fds[3] = {0, 1, 2};
  union {
    struct cmsghdr h;
    char space[CMSG_SPACE(sizeof fds)];
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  char g = 'G';
  struct iovec giov = {&g, 1};
  struct msghdr go = {0};
  go.msg_iov = &giov;
  go.msg_iovlen = 1;
  go.msg_control = ctl.space;
  go.msg_controllen = sizeof ctl.space;
  struct cmsghdr *c = CMSG_FIRSTHDR(&go);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof fds);
  memcpy(CMSG_DATA(c), fds, sizeof fds);
  ssize_t gr;
  do gr = sendmsg(sock, &go, MSG_NOSIGNAL);
  while (gr < 0 && errno == EINTR);
  if (gr != 1) run_node(); /* nothing was handed over: the agent cannot have begun */
  for (;;) {
    unsigned char b;
    if (read_full(sock, &b, 1) != 0) break;
    if (b == 'F') {
      /* "may the end of input be sealed?": a Ctrl-C pending here runs on_sigint first, so no answer */
      if (write(sock, "K", 1) != 1) break;
      continue;
    }
    if (b != 'X') break;
    unsigned char code[4];
    if (read_full(sock, code, 4) != 0) break;
    return (int)(((uint32_t)code[0] << 24) | ((uint32_t)code[1] << 16) | ((uint32_t)code[2] << 8) | code[3]) & 0xff;
  }
  fprintf(stderr, "kms: error: the kms agent ended during the command; its outcome is unknown\n"
                  "hint: check the keyring, then lock and unlock again: kms keyring lock; eval \"$(kms keyring unlock)\"\n");
  return 255;
}
