/*
 * kms's one native helper: the size of a pipe's kernel buffer (Linux F_GETPIPE_SZ / F_SETPIPE_SZ),
 * which Node cannot reach. encrypt-stream / decrypt-stream raise their pipes' buffers from the
 * default 64 KiB to 1 MiB so the processes on either side of kms wake each other 16x less often
 * (docs/benchmarks.md, "Streams"). Loaded by src/cli/stream-fds.ts; kms runs without it.
 *
 *   pipeSize(fd)           -> buffer size in bytes, or -errno
 *   setPipeSize(fd, bytes) -> the size the kernel granted, or -errno
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>

static napi_value call(napi_env env, napi_callback_info info, int set) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1, size = 0;
  int r;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    r = -EINVAL;
  } else if (set && (argc < 2 || napi_get_value_int32(env, argv[1], &size) != napi_ok)) {
    r = -EINVAL;
  } else {
#if defined(F_SETPIPE_SZ) && defined(F_GETPIPE_SZ)
    r = fcntl(fd, set ? F_SETPIPE_SZ : F_GETPIPE_SZ, size);
    if (r < 0) r = -errno;
#else
    r = -ENOSYS;
#endif
  }
  napi_value out;
  napi_create_int32(env, r, &out);
  return out;
}

static napi_value set_size(napi_env env, napi_callback_info info) { return call(env, info, 1); }
static napi_value get_size(napi_env env, napi_callback_info info) { return call(env, info, 0); }

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "setPipeSize", NAPI_AUTO_LENGTH, set_size, NULL, &fn);
  napi_set_named_property(env, exports, "setPipeSize", fn);
  napi_create_function(env, "pipeSize", NAPI_AUTO_LENGTH, get_size, NULL, &fn);
  napi_set_named_property(env, exports, "pipeSize", fn);
  return exports;
}
