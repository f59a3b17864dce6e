// Builds, from the output shapes in src/api, seeded sample responses for every KMS operation, as
// the engine hands them to the CLI (Uint8Array blobs, Date timestamps). Imports only src/api.
import { type Shape, type StructureShape } from '../../../src/api/model.js';
import { model, shape } from '../../../src/services/kms/model/index.js';

const ACCOUNT = '111122223333';

/** mulberry32: a small deterministic PRNG, so every run builds the same samples. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How a sample is filled: `full` puts every member in, `half` leaves each member out with
 * probability one half; lists have `listLen` items (or 0..3 at random when undefined), maps
 * `mapLen` entries.
 */
export interface Variant {
  name: string;
  seed: number;
  full: boolean;
  listLen?: number;
  mapLen: number;
}

export const VARIANTS: readonly Variant[] = [
  { name: 'full, lists of 3', seed: 1, full: true, listLen: 3, mapLen: 2 },
  { name: 'full, lists of 1', seed: 2, full: true, listLen: 1, mapLen: 2 },
  { name: 'full, empty lists and maps', seed: 3, full: true, listLen: 0, mapLen: 0 },
  { name: 'optional members absent', seed: 4, full: false, mapLen: 2 },
  { name: 'optional members absent, other seed', seed: 5, full: false, mapLen: 1 },
];

/** Operations that have an output shape, in the model's order. */
export function operationsWithOutput(): string[] {
  return Object.values(model.operations)
    .filter((op) => op.output !== undefined)
    .map((op) => op.name);
}

class Gen {
  private readonly r: () => number;
  constructor(private readonly v: Variant, seed: number) {
    this.r = rng(seed * 7919 + v.seed);
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  hex(n: number): string {
    return Array.from({ length: n }, () => '0123456789abcdef'[this.int(0, 15)]).join('');
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-${this.hex(4)}-${this.hex(4)}-${this.hex(12)}`;
  }
  region(): string {
    return this.pick(['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'eu-central-1']);
  }
  keyArn(): string {
    const id = this.r() < 0.25 ? `mrk-${this.hex(32)}` : this.uuid();
    return `arn:aws:kms:${this.region()}:${ACCOUNT}:key/${id}`;
  }
  bytes(lo: number, hi: number): Uint8Array {
    return Uint8Array.from({ length: this.int(lo, hi) }, () => this.int(0, 255));
  }
  date(): Date {
    // Whole seconds sometimes, so isoTimestamp's no-fraction form is covered too.
    const ms = Date.UTC(2024, 0, 1) + this.int(0, 3 * 365 * 86400) * 1000;
    return new Date(this.r() < 0.3 ? ms : ms + this.int(1, 999));
  }
  listLen(): number {
    return this.v.listLen ?? this.int(0, 3);
  }

  /** A realistic string for a member, by its name first and its shape second. */
  str(member: string, s: Extract<Shape, { type: 'string' }>): string {
    if (s.enum) return this.pick(s.enum);
    const m = member;
    if (m === 'AWSAccountId' || m === 'AccountId') return ACCOUNT;
    if (m === 'Region') return this.region();
    if (m === 'AliasName') return this.pick(['alias/app', 'alias/aws/ebs', 'alias/payments-prod', 'alias/ExampleAlias']);
    if (m === 'AliasArn') return `arn:aws:kms:${this.region()}:${ACCOUNT}:alias/app-${this.hex(4)}`;
    if (/Principal$/.test(m)) return `arn:aws:iam::${ACCOUNT}:role/${this.pick(['app', 'ops', 'KeyAdmin'])}`;
    if (m === 'IssuingAccount') return `arn:aws:iam::${ACCOUNT}:root`;
    if (/Arn$/.test(m) || m === 'KeyId' || m === 'SourceKeyId') return this.keyArn();
    if (m === 'TargetKeyId') return this.uuid();
    if (m === 'GrantId') return this.hex(64);
    if (m === 'GrantToken') return `AQpAM2RhZTk1${this.hex(48)}EXAMPLE`;
    if (/KeyMaterialId$/.test(m)) return this.hex(64);
    if (m === 'CustomKeyStoreId') return `cks-${this.hex(17)}`;
    if (m === 'CustomKeyStoreName') return this.pick(['ExampleKeyStore', 'hsm-store', 'xks-store']);
    if (m === 'CloudHsmClusterId') return `cluster-${this.pick(['234abcdefgh', 'a2b3c4d5e6f'])}`;
    if (m === 'TrustAnchorCertificate') return `-----BEGIN CERTIFICATE-----\nMIIB${this.hex(40)}\n-----END CERTIFICATE-----`;
    if (m === 'Endpoint' || m === 'UriEndpoint') return `https://xks.${this.hex(6)}.example.com`;
    if (m === 'UriPath') return '/example/prefix/kms/xks/v1';
    if (m === 'VpcEndpointServiceName') return `com.amazonaws.vpce.us-east-1.vpce-svc-${this.hex(17)}`;
    if (m === 'VpcEndpointServiceOwner') return ACCOUNT;
    if (m === 'AccessKeyId') return 'ABCDE12345670EXAMPLE';
    if (m === 'XksKeyId' || m === 'Id') return `xks-${this.hex(12)}`;
    if (/Policy$/.test(m)) {
      return `{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-${this.int(1, 9)}",\n  "Statement" : [ ]\n}`;
    }
    if (m === 'PolicyName' || m === 'PolicyNames') return 'default';
    if (m === 'NextMarker') return `eyJ${this.hex(24)}`;
    if (m === 'TagKey') return this.pick(['env', 'owner', 'CostCenter', 'Project']);
    if (m === 'TagValue') return this.pick(['prod', 'ops', '', '87654', 'Alpha Beta']);
    if (m === 'Description') return this.pick(['', 'app data key', 'clé de test – 日本語', 'Key for payments | v2']);
    if (m === 'Name') return this.pick(['app-grant', 'ops/grant:1']);
    if (m === 'CloudTrailEventId' || m === 'KmsRequestId') return this.uuid();
    // Encryption context and other free-form strings.
    return `${m || 'value'}-${this.hex(this.int(2, 8))}`;
  }

  value(ref: string, member: string): unknown {
    const s = shape(ref);
    switch (s.type) {
      case 'string':
        return this.str(member, s);
      case 'blob':
        return this.bytes(Math.max(s.min ?? 1, 1), Math.min(s.max ?? 512, this.r() < 0.3 ? 300 : 64));
      case 'integer':
      case 'long':
        return this.int(s.min ?? 0, Math.min(s.max ?? 100000, 5000));
      case 'boolean':
        return this.r() < 0.5;
      case 'timestamp':
        return this.date();
      case 'list': {
        const n = this.listLen();
        return Array.from({ length: n }, () => this.value(s.member, member));
      }
      case 'map': {
        const out: Record<string, unknown> = {};
        const keys = ['Department', 'Project', 'aws:ebs:id', 'Zone', 'Ünïcode'];
        const start = this.int(0, keys.length - 1);
        for (let i = 0; i < this.v.mapLen; i++) out[keys[(start + i) % keys.length]!] = this.value(s.value, 'ContextValue');
        return out;
      }
      case 'structure':
        return this.struct(s);
    }
  }

  struct(s: StructureShape): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const required = new Set(s.required ?? []);
    // Built in reverse member order so conformOutput's reordering is exercised too.
    for (const [name, m] of Object.entries(s.members).reverse()) {
      if (!this.v.full && !required.has(name) && this.r() < 0.5) continue;
      out[name] = this.value(m.shape, name);
    }
    return out;
  }
}

/** A sample response for `operation` in `variant`, deterministic for the pair. */
export function sampleResponse(operation: string, variant: Variant): Record<string, unknown> {
  const op = model.operations[operation];
  if (!op?.output) throw new Error(`no output shape: ${operation}`);
  const s = shape(op.output);
  if (s.type !== 'structure') throw new Error(`output shape is not a structure: ${op.output}`);
  let seed = 0;
  for (const c of operation) seed = (seed * 31 + c.charCodeAt(0)) >>> 0;
  return new Gen(variant, seed).struct(s);
}

/**
 * What botocore would hand the AWS CLI's formatter, written independently of src/cli/output:
 * blobs as base64 text, timestamps as the given rendering (our isoTimestamp), the rest as is.
 */
export function toWire(value: unknown, ts: (d: Date) => string): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return ts(value);
  if (Array.isArray(value)) return value.map((v) => toWire(v, ts));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v, ts)]));
  }
  return value;
}

/** Every shape reachable from `ref` (the shape itself included). */
export function reachableShapes(ref: string, into = new Set<string>()): Set<string> {
  if (into.has(ref)) return into;
  into.add(ref);
  const s = shape(ref);
  if (s.type === 'structure') for (const m of Object.values(s.members)) reachableShapes(m.shape, into);
  if (s.type === 'list') reachableShapes(s.member, into);
  if (s.type === 'map') reachableShapes(s.value, into).add(s.key);
  return into;
}

/** The shapes a sample value actually fills in (a map's key shape once it has an entry). */
export function shapesFilled(ref: string, value: unknown, into = new Set<string>()): Set<string> {
  if (value === undefined) return into;
  into.add(ref);
  const s = shape(ref);
  if (s.type === 'structure') {
    for (const [name, m] of Object.entries(s.members)) shapesFilled(m.shape, (value as Record<string, unknown>)[name], into);
  } else if (s.type === 'list') {
    for (const item of value as unknown[]) shapesFilled(s.member, item, into);
  } else if (s.type === 'map') {
    for (const item of Object.values(value as Record<string, unknown>)) {
      into.add(s.key);
      shapesFilled(s.value, item, into);
    }
  }
  return into;
}
