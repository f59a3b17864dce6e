/*
 * The stream format's frame cipher (docs/formats.md, "Stream format": AES-256-GCM, nonce =
 * 0^32 || u64 counter, AAD = message id || u64 counter || final flag) in place, on Node's own
 * OpenSSL: the node binary links it statically and exports its symbols, so this file links
 * against nothing. Node's cipher.update allocates a fresh output buffer per call; this does not
 * allocate per frame, and its async form runs on the libuv pool while the main thread moves the
 * previous and next frames. Loaded by src/crypto/frame-gcm.ts; kms runs without it.
 *
 *   create(key32, messageId32, encrypt)            -> context (the key schedule, set once)
 *   seal(ctx, counter, final, buf, start, len)     -> true; ciphertext in place, tag at buf[start+len]
 *   open(ctx, counter, final, buf, start, len)     -> whether the tag at buf[start+len] verified
 *   sealAsync / openAsync(... same ...)            -> Promise of the same answer, on the thread pool
 *   close(ctx)                                     frees the key schedule (also done by GC)
 *
 * While an async call runs, its buffer belongs to the pool thread: the caller must not touch it,
 * and a context runs one call at a time (a second throws).
 */
#include <node_api.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KEY_BYTES 32
#define ID_BYTES 32
#define TAG_BYTES 16
/* MAX_FRAME_SIZE in src/crypto/stream-format.ts is 4 MiB; EVP takes an int length */
#define MAX_LEN (64 * 1024 * 1024)

typedef struct {
  EVP_CIPHER_CTX *evp;
  uint8_t id[ID_BYTES];
  int encrypt;
  int busy;
} frame_ctx;

/* One frame in place: 1 when sealed / verified, 0 on a failed tag or an OpenSSL error. */
static int crypt_frame(frame_ctx *c, uint64_t counter, int final, uint8_t *p, size_t len) {
  uint8_t iv[12] = {0}, aad[ID_BYTES + 9];
  int n;
  for (int i = 0; i < 8; i++) iv[4 + i] = (uint8_t)(counter >> (56 - 8 * i)); /* nonce = 0^32 || u64 BE */
  memcpy(aad, c->id, ID_BYTES);
  memcpy(aad + ID_BYTES, iv + 4, 8);
  aad[ID_BYTES + 8] = final ? 1 : 0; /* AAD = message id || u64 counter || final flag */
  uint8_t *tag = p + len;
  if (EVP_CipherInit_ex(c->evp, NULL, NULL, NULL, iv, -1) != 1) return 0;
  if (EVP_CipherUpdate(c->evp, NULL, &n, aad, (int)sizeof aad) != 1) return 0;
  if (len > 0 && EVP_CipherUpdate(c->evp, p, &n, p, (int)len) != 1) return 0;
  if (c->encrypt) return EVP_CipherFinal_ex(c->evp, tag, &n) == 1 && EVP_CIPHER_CTX_ctrl(c->evp, EVP_CTRL_GCM_GET_TAG, TAG_BYTES, tag) == 1;
  if (EVP_CIPHER_CTX_ctrl(c->evp, EVP_CTRL_GCM_SET_TAG, TAG_BYTES, tag) != 1) return 0;
  return EVP_CipherFinal_ex(c->evp, tag, &n) == 1;
}

static napi_value fail(napi_env env, const char *msg) {
  napi_throw_type_error(env, NULL, msg);
  return NULL;
}

static void release(frame_ctx *c) {
  if (c->evp) EVP_CIPHER_CTX_free(c->evp); /* clears the key schedule */
  c->evp = NULL;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  release(data);
  free(data);
}

static napi_value create(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], out;
  void *key, *id;
  size_t keyLen, idLen;
  bool encrypt;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) return fail(env, "frame_gcm.create: 3 arguments");
  if (napi_get_typedarray_info(env, argv[0], NULL, &keyLen, &key, NULL, NULL) != napi_ok || keyLen != KEY_BYTES) return fail(env, "frame_gcm.create: key must be 32 bytes");
  if (napi_get_typedarray_info(env, argv[1], NULL, &idLen, &id, NULL, NULL) != napi_ok || idLen != ID_BYTES) return fail(env, "frame_gcm.create: messageId must be 32 bytes");
  if (napi_get_value_bool(env, argv[2], &encrypt) != napi_ok) return fail(env, "frame_gcm.create: encrypt must be a boolean");
  frame_ctx *c = calloc(1, sizeof *c);
  if (!c) return fail(env, "frame_gcm.create: out of memory");
  c->encrypt = encrypt;
  memcpy(c->id, id, ID_BYTES);
  c->evp = EVP_CIPHER_CTX_new();
  if (!c->evp || EVP_CipherInit_ex(c->evp, EVP_aes_256_gcm(), NULL, key, NULL, encrypt) != 1) {
    release(c);
    free(c);
    return fail(env, "frame_gcm.create: OpenSSL refused the key");
  }
  if (napi_create_external(env, c, finalize, NULL, &out) != napi_ok) {
    release(c);
    free(c);
    return NULL;
  }
  return out;
}

/* The arguments every call shares: (ctx, counter, final, buf, start, len), checked. */
typedef struct {
  frame_ctx *c;
  uint64_t counter;
  int final;
  uint8_t *p;
  size_t len;
  napi_value ctxValue, bufValue;
} frame_args;

static int frame_call(napi_env env, napi_callback_info info, frame_args *a) {
  size_t argc = 6, bufLen;
  napi_value argv[6];
  double counter, start, len;
  bool final;
  void *data, *seal;
  const char *err = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, &seal) != napi_ok || argc < 6) err = "frame_gcm: 6 arguments";
  else if (napi_get_value_external(env, argv[0], (void **)&a->c) != napi_ok || !a->c->evp) err = "frame_gcm: ctx is not an open context";
  else if (a->c->encrypt != (seal != NULL)) err = "frame_gcm: seal needs an encrypting ctx, open a decrypting one";
  else if (a->c->busy) err = "frame_gcm: ctx is in use by an async call";
  else if (napi_get_value_double(env, argv[1], &counter) != napi_ok || !(counter >= 0 && counter <= 9007199254740991.0) || counter != (double)(uint64_t)counter) err = "frame_gcm: counter must be an integer 0..2^53-1";
  else if (napi_get_value_bool(env, argv[2], &final) != napi_ok) err = "frame_gcm: final must be a boolean";
  else if (napi_get_typedarray_info(env, argv[3], NULL, &bufLen, &data, NULL, NULL) != napi_ok) err = "frame_gcm: buf must be a Uint8Array";
  else if (napi_get_value_double(env, argv[4], &start) != napi_ok || napi_get_value_double(env, argv[5], &len) != napi_ok || !(start >= 0 && len >= 0 && len <= MAX_LEN) ||
           start != (double)(size_t)start || len != (double)(size_t)len || (size_t)start + (size_t)len + TAG_BYTES > bufLen)
    err = "frame_gcm: start and len must fit buf with the 16-byte tag after them";
  if (err) {
    napi_throw_type_error(env, NULL, err);
    return 0;
  }
  a->counter = (uint64_t)counter;
  a->final = final;
  a->p = (uint8_t *)data + (size_t)start;
  a->len = (size_t)len;
  a->ctxValue = argv[0];
  a->bufValue = argv[3];
  return 1;
}

static napi_value sync_call(napi_env env, napi_callback_info info) {
  frame_args a;
  napi_value out;
  if (!frame_call(env, info, &a)) return NULL;
  int ok = crypt_frame(a.c, a.counter, a.final, a.p, a.len);
  if (!ok && a.c->encrypt) return fail(env, "frame_gcm: OpenSSL failed to seal a frame");
  napi_get_boolean(env, ok, &out);
  return out;
}

/* ---- the thread-pool form: one small work record per frame, the buffers pinned by references ---- */

typedef struct {
  frame_args a;
  napi_async_work work;
  napi_deferred deferred;
  napi_ref ctxRef, bufRef;
  int ok;
} frame_work;

static void execute(napi_env env, void *data) {
  (void)env;
  frame_work *w = data;
  w->ok = crypt_frame(w->a.c, w->a.counter, w->a.final, w->a.p, w->a.len);
}

static void complete(napi_env env, napi_status status, void *data) {
  frame_work *w = data;
  napi_value result;
  w->a.c->busy = 0;
  if (status != napi_ok) {
    napi_create_string_utf8(env, "frame_gcm: the async call was cancelled", NAPI_AUTO_LENGTH, &result);
    napi_reject_deferred(env, w->deferred, result);
  } else if (!w->ok && w->a.c->encrypt) {
    napi_create_string_utf8(env, "frame_gcm: OpenSSL failed to seal a frame", NAPI_AUTO_LENGTH, &result);
    napi_reject_deferred(env, w->deferred, result);
  } else {
    napi_get_boolean(env, w->ok, &result);
    napi_resolve_deferred(env, w->deferred, result);
  }
  napi_delete_reference(env, w->ctxRef);
  napi_delete_reference(env, w->bufRef);
  napi_delete_async_work(env, w->work);
  free(w);
}

static napi_value async_call(napi_env env, napi_callback_info info) {
  frame_work *w = calloc(1, sizeof *w);
  napi_value promise, name;
  if (!w) return fail(env, "frame_gcm: out of memory");
  if (!frame_call(env, info, &w->a)) {
    free(w);
    return NULL;
  }
  napi_create_string_utf8(env, "kms:frame_gcm", NAPI_AUTO_LENGTH, &name);
  if (napi_create_promise(env, &w->deferred, &promise) != napi_ok || napi_create_reference(env, w->a.ctxValue, 1, &w->ctxRef) != napi_ok ||
      napi_create_reference(env, w->a.bufValue, 1, &w->bufRef) != napi_ok || napi_create_async_work(env, NULL, name, execute, complete, w, &w->work) != napi_ok ||
      napi_queue_async_work(env, w->work) != napi_ok) {
    free(w); /* unreachable short of memory exhaustion: a reference or two may leak */
    return fail(env, "frame_gcm: could not queue the async call");
  }
  w->a.c->busy = 1;
  return promise;
}

static napi_value close_ctx(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  frame_ctx *c;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_get_value_external(env, argv[0], (void **)&c) != napi_ok) return fail(env, "frame_gcm.close: ctx");
  if (c->busy) return fail(env, "frame_gcm.close: ctx is in use by an async call");
  release(c);
  return NULL;
}

NAPI_MODULE_INIT() {
  static int seal = 1; /* the callback data: non-NULL for the sealing functions */
  static const struct {
    const char *name;
    napi_callback cb;
    void *seal;
  } fns[] = {{"create", create, NULL}, {"seal", sync_call, &seal}, {"open", sync_call, NULL}, {"sealAsync", async_call, &seal}, {"openAsync", async_call, NULL}, {"close", close_ctx, NULL}};
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value fn;
    napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].cb, fns[i].seal, &fn);
    napi_set_named_property(env, exports, fns[i].name, fn);
  }
  return exports;
}
