// Two services that speak AWS Query, made of tables and handlers only: `toyq` (boxes: lists, maps,
// nested structures, timestamps, booleans, blobs, modelled errors) for kms's own client, and a
// minimal `sts` (the real API's names) that the real AWS CLI and boto3 can call.
import type { ServiceModel } from '../../src/api/types.js';
import type { EngineContext } from '../../src/engine/context.js';
import type { Service } from '../../src/engine/service.js';
import { KmsError } from '../../src/errors.js';
import { KMS, type ServiceEntry } from '../../src/services/index.js';
import { TOY } from './toy-service.js';

export const toyqModel: ServiceModel = {
  id: 'toyq',
  fullName: 'Toy Boxes Service',
  apiVersion: '2026-12-04',
  protocol: 'query',
  jsonVersion: '1.1',
  targetPrefix: '',
  xmlNamespace: 'https://toyq.example.com/doc/2026-12-04/',
  errorNamespace: 'https://toyq.example.com/doc/2026-12-04/',
  shapes: {
    BoxName: { type: 'string', min: 1, max: 32, pattern: '^[a-z][a-z0-9-]*$' },
    Label: { type: 'string', max: 256 },
    Count: { type: 'integer', min: 0, max: 1000 },
    Flag: { type: 'boolean' },
    Stamp: { type: 'timestamp' },
    Data: { type: 'blob', max: 64 },
    LabelList: { type: 'list', member: 'Label' },
    TagMap: { type: 'map', key: 'Label', value: 'Label' },
    Dimensions: { type: 'structure', members: { Width: { shape: 'Count' }, Height: { shape: 'Count' } } },
    Box: {
      type: 'structure',
      members: {
        Name: { shape: 'BoxName' },
        Labels: { shape: 'LabelList' },
        Size: { shape: 'Dimensions' },
        Sealed: { shape: 'Flag' },
        CreatedAt: { shape: 'Stamp' },
        Tags: { shape: 'TagMap' },
        Payload: { shape: 'Data' },
      },
    },
    BoxList: { type: 'list', member: 'Box' },
    PutBoxRequest: {
      type: 'structure',
      members: {
        Name: { shape: 'BoxName' },
        Labels: { shape: 'LabelList' },
        Size: { shape: 'Dimensions' },
        Sealed: { shape: 'Flag' },
        Tags: { shape: 'TagMap' },
        Payload: { shape: 'Data' },
      },
      required: ['Name'],
    },
    PutBoxResponse: { type: 'structure', members: { Box: { shape: 'Box' } } },
    ListBoxesRequest: { type: 'structure', members: { MaxItems: { shape: 'Count' }, Marker: { shape: 'Label' } } },
    ListBoxesResponse: { type: 'structure', members: { Boxes: { shape: 'BoxList' }, IsTruncated: { shape: 'Flag' }, Marker: { shape: 'Label' } } },
    DeleteBoxRequest: { type: 'structure', members: { Name: { shape: 'BoxName' } }, required: ['Name'] },
    NoSuchBoxException: { type: 'structure', members: { message: { shape: 'Label' } }, exception: true, errorCode: 'NoSuchBox', httpStatusCode: 404 },
    BoxExistsException: { type: 'structure', members: { message: { shape: 'Label' } }, exception: true, errorCode: 'BoxExists', httpStatusCode: 409 },
  },
  operations: {
    PutBox: { name: 'PutBox', input: 'PutBoxRequest', output: 'PutBoxResponse', errors: ['BoxExistsException'], doc: 'Keeps a box under a new name.' },
    ListBoxes: {
      name: 'ListBoxes',
      input: 'ListBoxesRequest',
      output: 'ListBoxesResponse',
      errors: [],
      doc: 'Lists the boxes, in name order.',
      paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'Boxes', moreResults: 'IsTruncated' },
    },
    DeleteBox: { name: 'DeleteBox', input: 'DeleteBoxRequest', errors: ['NoSuchBoxException'], doc: 'Throws a box away.' },
  },
};

interface BoxRecord {
  box: Record<string, unknown>;
  created: number;
}

const boxName = (ctx: EngineContext, name: string) => `toyq-box/${ctx.region}/${name}`;
const boxOf = (r: BoxRecord): Record<string, unknown> & { Name: string } => ({ ...r.box, Name: String(r.box.Name), CreatedAt: new Date(r.created) });
const handler = (fn: (ctx: EngineContext, req: Record<string, unknown>) => Promise<Record<string, unknown>>) => () => Promise.resolve({ default: fn });

const toyqHandlers: Record<string, Service['operation']> = {
  PutBox: handler(async (ctx, req) => {
    const name = String(req.Name);
    if ((await ctx.store.get(boxName(ctx, name))) !== undefined) throw new KmsError('BoxExists', `Box ${name} already exists.`);
    const record: BoxRecord = { box: req, created: ctx.clock.now().getTime() };
    ctx.store.put(boxName(ctx, name), record);
    return { Box: boxOf(record) };
  }),
  ListBoxes: handler(async (ctx, req) => {
    const prefix = `toyq-box/${ctx.region}/`;
    const after = req.Marker === undefined ? undefined : prefix + String(req.Marker);
    const limit = Number(req.MaxItems ?? 100);
    const rows = await ctx.store.list<BoxRecord>(prefix, { after, limit: limit + 1 });
    const boxes = rows.slice(0, limit).map((r) => boxOf(r.value));
    return rows.length > limit ? { Boxes: boxes, IsTruncated: true, Marker: boxes.at(-1)!.Name } : { Boxes: boxes, IsTruncated: false };
  }),
  DeleteBox: handler(async (ctx, req) => {
    const name = String(req.Name);
    if ((await ctx.store.get(boxName(ctx, name))) === undefined) throw new KmsError('NoSuchBox', `The box with name ${name} cannot be found.`);
    ctx.store.delete(boxName(ctx, name));
    return {};
  }),
};

export const toyqService: Service = { model: toyqModel, operation: (name) => toyqHandlers[name]?.(name), implemented: () => Object.keys(toyqHandlers) };
export const TOYQ: ServiceEntry = { model: toyqModel, command: 'toyq', load: async () => toyqService };

/** KMS, the JSON toy and the Query toy: both protocols on one port. */
export const WITH_TOYQ: readonly ServiceEntry[] = [KMS, TOY, TOYQ];

// ---- a minimal STS with the real API's names, for the real AWS CLI and boto3 ----

export const fakeStsModel: ServiceModel = {
  id: 'sts',
  fullName: 'AWS Security Token Service',
  abbreviation: 'AWS STS',
  apiVersion: '2011-06-15',
  protocol: 'query',
  jsonVersion: '1.1',
  targetPrefix: '',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  errorNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  shapes: {
    Str: { type: 'string' },
    Seconds: { type: 'integer', min: 900, max: 43200 },
    Stamp: { type: 'timestamp' },
    Size: { type: 'integer' },
    Tag: { type: 'structure', members: { Key: { shape: 'Str' }, Value: { shape: 'Str' } }, required: ['Key', 'Value'] },
    TagList: { type: 'list', member: 'Tag' },
    Credentials: {
      type: 'structure',
      members: { AccessKeyId: { shape: 'Str' }, SecretAccessKey: { shape: 'Str' }, SessionToken: { shape: 'Str' }, Expiration: { shape: 'Stamp' } },
    },
    AssumedRoleUser: { type: 'structure', members: { AssumedRoleId: { shape: 'Str' }, Arn: { shape: 'Str' } } },
    GetCallerIdentityRequest: { type: 'structure', members: {} },
    GetCallerIdentityResponse: { type: 'structure', members: { UserId: { shape: 'Str' }, Account: { shape: 'Str' }, Arn: { shape: 'Str' } } },
    AssumeRoleRequest: {
      type: 'structure',
      members: { RoleArn: { shape: 'Str' }, RoleSessionName: { shape: 'Str' }, DurationSeconds: { shape: 'Seconds' }, Tags: { shape: 'TagList' } },
      required: ['RoleArn', 'RoleSessionName'],
    },
    AssumeRoleResponse: {
      type: 'structure',
      members: { Credentials: { shape: 'Credentials' }, AssumedRoleUser: { shape: 'AssumedRoleUser' }, PackedPolicySize: { shape: 'Size' } },
    },
  },
  operations: {
    GetCallerIdentity: { name: 'GetCallerIdentity', input: 'GetCallerIdentityRequest', output: 'GetCallerIdentityResponse', errors: [], doc: 'Shows who is calling.' },
    AssumeRole: { name: 'AssumeRole', input: 'AssumeRoleRequest', output: 'AssumeRoleResponse', errors: [], doc: 'Starts a role session.' },
  },
};

const fakeStsHandlers: Record<string, Service['operation']> = {
  // The caller as the server saw it: the access key that signed and the peer's address.
  GetCallerIdentity: handler((ctx) =>
    Promise.resolve({ UserId: `${ctx.caller?.accessKeyId}@${ctx.caller?.sourceIp}`, Account: ctx.account, Arn: `arn:${ctx.partition}:iam::${ctx.account}:root` }),
  ),
  AssumeRole: handler((ctx, req) => {
    const name = String(req.RoleSessionName);
    if (name === 'denied') throw new KmsError('AccessDenied', `User: arn:aws:iam::${ctx.account}:root is not authorized to perform: sts:AssumeRole on resource: ${String(req.RoleArn)}`);
    const tags = (req.Tags ?? []) as { Key: string; Value: string }[];
    const expiration = new Date(ctx.clock.now().getTime() - (ctx.clock.now().getTime() % 1000) + Number(req.DurationSeconds ?? 3600) * 1000);
    return Promise.resolve({
      Credentials: { AccessKeyId: 'ASIATOYSESSION000001', SecretAccessKey: 'secret <&> "quoted"', SessionToken: tags.map((t) => `${t.Key}=${t.Value}`).join(','), Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: `AROATOY:${name}`, Arn: `arn:aws:sts::${ctx.account}:assumed-role/${String(req.RoleArn).split('/').pop()}/${name}` },
      PackedPolicySize: tags.length,
    });
  }),
};

export const fakeStsService: Service = { model: fakeStsModel, operation: (name) => fakeStsHandlers[name]?.(name), implemented: () => Object.keys(fakeStsHandlers) };
export const FAKE_STS: ServiceEntry = { model: fakeStsModel, command: 'sts', load: async () => fakeStsService };
