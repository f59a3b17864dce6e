/*
 * The kms agent's native half (src/cli/agent/): what Node cannot do on a unix socket.
 *
 *   recvRequest(fd, timeoutMs) -> { uid, fds: [], data: Buffer }, or -errno
 *   recvGo(fd, timeoutMs)      -> { fds: [in, out, err] }, or -errno
 *
 * recvRequest reads one client request from the connected socket `fd` (Node's net.Socket, paused
 * so libuv does not read it): the length-prefixed frame native/kms_client.c sends, and the peer's
 * uid from SO_PEERCRED. Waits at most timeoutMs for the whole frame (the client sends it at once
 * after connecting). recvGo (below) takes the client's standard streams. Descriptors received are
 * close-on-exec; the caller owns and closes them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <node_api.h>

#define MAX_FRAME (4u << 20) /* argv + environment: far below 4 MiB */
#define NFDS 3

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is readable or the deadline passes: 0, or -errno (-ETIMEDOUT). */
static int wait_readable(int fd, long long deadline) {
  for (;;) {
    long long left = deadline - now_ms();
    if (left <= 0) return -ETIMEDOUT;
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, (int)left);
    if (r > 0) return 0;
    if (r < 0 && errno != EINTR) return -errno;
  }
}

static void close_all(int *fds, int n) {
  for (int i = 0; i < n; i++)
    if (fds[i] >= 0) close(fds[i]);
}

/*
 * One recvmsg of up to `len` bytes into `p`, taking any SCM_RIGHTS descriptors into fds (at most
 * NFDS; more are closed): bytes read, 0 at the peer's end, or -errno (-EPROTO: descriptors cut).
 */
static ssize_t recv_some(int sock, void *p, size_t len, int *fds, int *nfds) {
  struct iovec iov = {p, len};
  union {
    struct cmsghdr h;
    char space[CMSG_SPACE(sizeof(int) * NFDS)];
  } ctl;
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = ctl.space;
  msg.msg_controllen = sizeof ctl.space;
  ssize_t r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  if (r < 0) return -errno;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      int n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
      int *in = (int *)CMSG_DATA(c);
      for (int i = 0; i < n; i++) {
        if (*nfds < NFDS) fds[(*nfds)++] = in[i];
        else close(in[i]);
      }
    }
  }
  return (msg.msg_flags & MSG_CTRUNC) ? -EPROTO : r;
}

/* Reads the frame: 4-byte big-endian length, then that many bytes; fds from the first recvmsg. */
static int recv_frame(int sock, int timeout, int *fds, int *nfds, char **out, uint32_t *outlen) {
  long long deadline = now_ms() + timeout;
  unsigned char head[4];
  size_t got = 0;
  char *buf = NULL;
  uint32_t len = 0;
  *nfds = 0;
  while (got < 4 + (size_t)len) {
    int w = wait_readable(sock, deadline);
    if (w < 0) goto fail_w;
    ssize_t r = got < 4 ? recv_some(sock, head + got, 4 - got, fds, nfds) : recv_some(sock, buf + (got - 4), len - (got - 4), fds, nfds);
    if (r == -EINTR || r == -EAGAIN) continue;
    if (r <= 0) {
      w = r < 0 ? (int)r : -ECONNRESET;
      goto fail_w;
    }
    got += (size_t)r;
    if (got == 4 && buf == NULL) {
      len = ((uint32_t)head[0] << 24) | ((uint32_t)head[1] << 16) | ((uint32_t)head[2] << 8) | head[3];
      if (len == 0 || len > MAX_FRAME) {
        w = -EMSGSIZE;
        goto fail_w;
      }
      buf = malloc(len);
      if (!buf) {
        w = -ENOMEM;
        goto fail_w;
      }
    }
    continue;
  fail_w:
    free(buf);
    close_all(fds, *nfds);
    *nfds = 0;
    return w;
  }
  *out = buf;
  *outlen = len;
  return 0;
}

static void free_buf(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

static napi_value recv_request(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out;
  int32_t sock = -1, timeout = 1000;
  int r = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_int32(env, argv[0], &sock) != napi_ok)
    r = -EINVAL;
  if (r == 0 && argc >= 2) napi_get_value_int32(env, argv[1], &timeout);
  struct ucred cred;
  socklen_t cl = sizeof cred;
  if (r == 0 && getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0) r = -errno;
  int fds[NFDS] = {-1, -1, -1}, nfds = 0;
  char *buf = NULL;
  uint32_t len = 0;
  if (r == 0) r = recv_frame(sock, timeout, fds, &nfds, &buf, &len);
  if (r < 0) {
    napi_create_int32(env, r, &out);
    return out;
  }
  napi_value obj, arr, v, data;
  napi_create_object(env, &obj);
  napi_create_uint32(env, cred.uid, &v);
  napi_set_named_property(env, obj, "uid", v);
  napi_create_array_with_length(env, (size_t)nfds, &arr);
  for (int i = 0; i < nfds; i++) {
    napi_create_int32(env, fds[i], &v);
    napi_set_element(env, arr, (uint32_t)i, v);
  }
  napi_set_named_property(env, obj, "fds", arr);
  napi_create_external_buffer(env, len, buf, free_buf, NULL, &data);
  napi_set_named_property(env, obj, "data", data);
  return obj;
}

/*
 * recvGo(fd, timeoutMs) -> { fds: [in, out, err] }, or -errno: the client's 'G' (go), which carries
 * its standard streams. They travel only now, once the agent is about to run the command: a
 * descriptor waiting in a socket the agent has not read would keep, say, the write end of a pipe
 * open for as long as the agent is busy, and a command reading that pipe would wait for ever.
 */
static napi_value recv_go(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out;
  int32_t sock = -1, timeout = 1000;
  int r = 0, fds[NFDS] = {-1, -1, -1}, nfds = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_int32(env, argv[0], &sock) != napi_ok)
    r = -EINVAL;
  if (r == 0 && argc >= 2) napi_get_value_int32(env, argv[1], &timeout);
  long long deadline = now_ms() + timeout;
  unsigned char b = 0;
  while (r == 0) {
    r = wait_readable(sock, deadline);
    if (r < 0) break;
    ssize_t n = recv_some(sock, &b, 1, fds, &nfds);
    if (n == -EINTR || n == -EAGAIN) continue;
    if (n < 0) r = (int)n;
    else if (n == 0) r = -ECONNRESET;
    else {
      if (b != 'G' || nfds != NFDS) r = -EPROTO;
      break;
    }
  }
  if (r < 0) {
    close_all(fds, nfds);
    napi_create_int32(env, r, &out);
    return out;
  }
  napi_value obj, arr, v;
  napi_create_object(env, &obj);
  napi_create_array_with_length(env, NFDS, &arr);
  for (int i = 0; i < NFDS; i++) {
    napi_create_int32(env, fds[i], &v);
    napi_set_element(env, arr, (uint32_t)i, v);
  }
  napi_set_named_property(env, obj, "fds", arr);
  return obj;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "recvRequest", NAPI_AUTO_LENGTH, recv_request, NULL, &fn);
  napi_set_named_property(env, exports, "recvRequest", fn);
  napi_create_function(env, "recvGo", NAPI_AUTO_LENGTH, recv_go, NULL, &fn);
  napi_set_named_property(env, exports, "recvGo", fn);
  return exports;
}
