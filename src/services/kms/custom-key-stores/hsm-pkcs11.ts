// The PKCS#11 driver of AWS_CLOUDHSM key stores: pkcs11js over a PKCS#11 library (SoftHSM2 by
// default), loaded on first use only. Must not import operation handlers or the CLI.
// It is the one engine module that reads the environment: KMS_PKCS11_MODULE names the library
// (the library itself reads its own variables, e.g. SOFTHSM2_CONF).

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Pkcs11js from 'pkcs11js';
import { KmsError } from '../../../errors.js';
import { HsmError, moduleUnavailable, type HsmBackend, type HsmSession, type TokenRef } from './hsm.js';

type Pkcs11Module = typeof Pkcs11js;
type Handle = Buffer;

/** Where distributions install SoftHSM2's PKCS#11 library (Debian/Ubuntu, Fedora, Homebrew, source builds). */
const DEFAULT_MODULES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib64/pkcs11/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/opt/homebrew/lib/softhsm/libsofthsm2.so',
];

/** The PKCS#11 library path: KMS_PKCS11_MODULE, else the first SoftHSM2 install found. */
export function pkcs11ModulePath(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env.KMS_PKCS11_MODULE) return env.KMS_PKCS11_MODULE;
  return DEFAULT_MODULES.find((p) => existsSync(p));
}

interface Loaded {
  lib: Pkcs11Module;
  p11: Pkcs11js.PKCS11;
}

let loaded: Loaded | undefined;

/** Loads pkcs11js and the library once per process; C_Initialize tolerates a library already initialised. */
function load(): Loaded {
  if (loaded) return loaded;
  const path = pkcs11ModulePath();
  if (!path) throw moduleUnavailable('no PKCS#11 library found');
  let lib: Pkcs11Module;
  try {
    lib = createRequire(import.meta.url)('pkcs11js') as Pkcs11Module;
  } catch {
    throw moduleUnavailable('the pkcs11js package is not installed');
  }
  const p11 = new lib.PKCS11();
  try {
    p11.load(path);
  } catch {
    throw moduleUnavailable(`cannot load ${path}`);
  }
  try {
    p11.C_Initialize();
  } catch (err) {
    // PKCS#11 §5.4: CKR_CRYPTOKI_ALREADY_INITIALIZED means another user in this process did it
    if (codeOf(err) !== lib.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw moduleUnavailable(`C_Initialize failed on ${path}`);
  }
  loaded = { lib, p11 };
  return loaded;
}

/** No raw PKCS#11 error leaves this module: anything unexpected is the cluster's INTERNAL_ERROR. */
function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof HsmError || err instanceof KmsError) throw err;
    const name = err instanceof Error ? err.message : 'failed';
    throw new HsmError('INTERNAL_ERROR', `PKCS#11 ${what}: ${name}`);
  }
}

function codeOf(err: unknown): number | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'number' ? c : undefined;
}

function findSlot({ lib, p11 }: Loaded, label: string): Handle | undefined {
  for (const slot of p11.C_GetSlotList(true)) {
    let info: Pkcs11js.TokenInfo;
    try {
      info = p11.C_GetTokenInfo(slot);
    } catch {
      continue; // a token removed since the library scanned its slots
    }
    // PKCS#11: CK_TOKEN_INFO.label is 32 bytes padded with spaces
    if (info.label.trimEnd() === label && (info.flags & lib.CKF_TOKEN_INITIALIZED) !== 0) return slot;
  }
  return undefined;
}

/**
 * The token's slot; a library reads its tokens at C_Initialize (SoftHSM2 does), so when the label
 * is unknown, re-initialise once to see tokens made since (no session is open between calls).
 */
function findSlotFresh(l: Loaded, label: string): Handle | undefined {
  const slot = findSlot(l, label);
  if (slot) return slot;
  try {
    l.p11.C_Finalize();
    l.p11.C_Initialize();
  } catch {
    loaded = undefined;
    return undefined;
  }
  return findSlot(l, label);
}

/** C_Login failures → ConnectionErrorCode (CloudHSM's kmsuser problems have the same names). */
function loginFailure(lib: Pkcs11Module, err: unknown, label: string): HsmError {
  const code = codeOf(err);
  if (code === lib.CKR_PIN_INCORRECT || code === lib.CKR_PIN_LEN_RANGE) return new HsmError('INVALID_CREDENTIALS', `The password for token ${label} is incorrect.`);
  if (code === lib.CKR_PIN_LOCKED) return new HsmError('USER_LOCKED_OUT', `The user of token ${label} is locked out.`);
  if (code === lib.CKR_USER_PIN_NOT_INITIALIZED) return new HsmError('USER_NOT_FOUND', `Token ${label} has no user PIN.`);
  return new HsmError('INTERNAL_ERROR', `Login to token ${label} failed.`);
}

class Pkcs11Session implements HsmSession {
  constructor(
    private readonly l: Loaded,
    private readonly session: Handle,
  ) {}

  private find(label: string): Handle | undefined {
    const { lib, p11 } = this.l;
    p11.C_FindObjectsInit(this.session, [
      { type: lib.CKA_CLASS, value: lib.CKO_SECRET_KEY },
      { type: lib.CKA_LABEL, value: label },
    ]);
    try {
      return p11.C_FindObjects(this.session, 1)[0];
    } finally {
      p11.C_FindObjectsFinal(this.session);
    }
  }

  generateAesKey(label: string): void {
    guard('C_GenerateKey', () => this.generate(label));
  }

  private generate(label: string): void {
    const { lib, p11 } = this.l;
    // CreateKey in a CloudHSM store: "a non-exportable 256-bit symmetric key" made in the cluster
    p11.C_GenerateKey(this.session, { mechanism: lib.CKM_AES_KEY_GEN }, [
      { type: lib.CKA_CLASS, value: lib.CKO_SECRET_KEY },
      { type: lib.CKA_KEY_TYPE, value: lib.CKK_AES },
      { type: lib.CKA_VALUE_LEN, value: 32 },
      { type: lib.CKA_TOKEN, value: true },
      { type: lib.CKA_PRIVATE, value: true },
      { type: lib.CKA_SENSITIVE, value: true },
      { type: lib.CKA_EXTRACTABLE, value: false },
      { type: lib.CKA_ENCRYPT, value: true },
      { type: lib.CKA_DECRYPT, value: true },
      { type: lib.CKA_LABEL, value: label },
      { type: lib.CKA_ID, value: Buffer.from(label, 'utf8') },
    ]);
  }

  hasKey(label: string): boolean {
    return guard('C_FindObjects', () => this.find(label) !== undefined);
  }

  private gcm(iv: Uint8Array, aad: Uint8Array): Pkcs11js.Mechanism {
    const { lib } = this.l;
    const parameter: Pkcs11js.GcmParams = { type: lib.CK_PARAMS_AES_GCM, iv: Buffer.from(iv), aad: Buffer.from(aad), ivBits: 96, tagBits: 128 };
    return { mechanism: lib.CKM_AES_GCM, parameter };
  }

  encrypt(label: string, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    return guard('C_Encrypt', () => {
      const key = this.find(label);
      if (!key) throw new HsmError('INTERNAL_ERROR', `Key ${label} is not on the token.`);
      const { p11 } = this.l;
      p11.C_EncryptInit(this.session, this.gcm(iv, aad), key);
      return new Uint8Array(p11.C_Encrypt(this.session, Buffer.from(plaintext), Buffer.alloc(plaintext.length + 16)));
    });
  }

  decrypt(label: string, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
    const key = guard('C_FindObjects', () => this.find(label));
    if (!key) return undefined;
    const { p11 } = this.l;
    try {
      p11.C_DecryptInit(this.session, this.gcm(iv, aad), key);
      return new Uint8Array(p11.C_Decrypt(this.session, Buffer.from(sealed), Buffer.alloc(sealed.length)));
    } catch {
      // SoftHSM2 answers a tag mismatch with CKR_GENERAL_ERROR; any failure here is a bad ciphertext
      return undefined;
    }
  }

  keyFacts(label: string): { sensitive: boolean; extractable: boolean; valueReadable: boolean } | undefined {
    return guard('C_GetAttributeValue', () => this.facts(label));
  }

  private facts(label: string): { sensitive: boolean; extractable: boolean; valueReadable: boolean } | undefined {
    const key = this.find(label);
    if (!key) return undefined;
    const { lib, p11 } = this.l;
    const [s, e] = p11.C_GetAttributeValue(this.session, key, [{ type: lib.CKA_SENSITIVE }, { type: lib.CKA_EXTRACTABLE }]);
    let valueReadable = true;
    try {
      p11.C_GetAttributeValue(this.session, key, [{ type: lib.CKA_VALUE }]);
    } catch {
      valueReadable = false;
    }
    const flag = (a: Pkcs11js.Attribute | undefined) => Buffer.isBuffer(a?.value) && a.value[0] === 1;
    return { sensitive: flag(s), extractable: flag(e), valueReadable };
  }

  random(length: number): Uint8Array {
    return guard('C_GenerateRandom', () => new Uint8Array(this.l.p11.C_GenerateRandom(this.session, Buffer.alloc(length))));
  }

  close(): void {
    const { p11 } = this.l;
    try {
      p11.C_Logout(this.session);
    } catch {
      // already logged out (another session of this process logged out first)
    }
    try {
      p11.C_CloseSession(this.session);
    } catch {
      // the token went away while the session was open
    }
  }
}

const backend: HsmBackend = {
  hasToken(label: string): boolean {
    const l = load();
    return guard('C_GetSlotList', () => findSlotFresh(l, label) !== undefined);
  },
  open(token: TokenRef): HsmSession {
    const l = load();
    return guard('C_OpenSession', () => openSession(l, token));
  },
};

function openSession(l: Loaded, token: TokenRef): HsmSession {
  const { lib, p11 } = l;
  const slot = findSlotFresh(l, token.label);
  if (!slot) throw new HsmError('CLUSTER_NOT_FOUND', `No PKCS#11 token is labelled ${token.label}.`);
  const session = p11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION);
  try {
    p11.C_Login(session, lib.CKU_USER, token.pin);
  } catch (err) {
    // PKCS#11 §5.6: login state is per application; an earlier session's login still holds
    if (codeOf(err) !== lib.CKR_USER_ALREADY_LOGGED_IN) {
      p11.C_CloseSession(session);
      throw loginFailure(lib, err, token.label);
    }
  }
  return new Pkcs11Session(l, session);
}

/** The PKCS#11 backend (the addon and library load on the first open). */
export function pkcs11Backend(): HsmBackend {
  return backend;
}
