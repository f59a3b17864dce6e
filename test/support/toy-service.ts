// A second service, made only of a table and two handlers, as a later issue adds IAM or
// CloudTrail: the test that every surface (CLI, help, man pages, completions, validation,
// `kms serve`, the CLI's remote client) picks it up without machinery of its own.
import type { ServiceModel } from '../../src/api/types.js';
import type { EngineContext } from '../../src/engine/context.js';
import type { Service } from '../../src/engine/service.js';
import { KmsError } from '../../src/errors.js';
import { KMS, type ServiceEntry } from '../../src/services/index.js';

export const toyModel: ServiceModel = {
  id: 'toy',
  fullName: 'Toy Notes Service',
  apiVersion: '2026-12-03',
  protocol: 'json',
  jsonVersion: '1.1',
  targetPrefix: 'ToyNotes_20261203',
  errorNamespace: 'http://internal.amazon.com/coral/com.example.toy/',
  shapes: {
    NoteName: { type: 'string', min: 1, max: 32, pattern: '^[a-z][a-z0-9-]*$', doc: 'The name of a note.' },
    Body: { type: 'blob', min: 1, max: 64, doc: 'What the note says.' },
    Limit: { type: 'integer', min: 1, max: 10 },
    Marker: { type: 'string', min: 1, max: 64 },
    Bool: { type: 'boolean' },
    Stamp: { type: 'timestamp' },
    NameList: { type: 'list', member: 'NoteName' },
    PutNoteRequest: {
      type: 'structure',
      members: { Name: { shape: 'NoteName' }, Body: { shape: 'Body' } },
      required: ['Name', 'Body'],
    },
    PutNoteResponse: { type: 'structure', members: { Name: { shape: 'NoteName' }, CreatedAt: { shape: 'Stamp' } } },
    ListNotesRequest: { type: 'structure', members: { Limit: { shape: 'Limit' }, Marker: { shape: 'Marker' } } },
    ListNotesResponse: {
      type: 'structure',
      members: { Names: { shape: 'NameList' }, NextMarker: { shape: 'Marker' }, Truncated: { shape: 'Bool' } },
    },
    NoteExistsException: { type: 'structure', members: { message: { shape: 'Marker' } }, exception: true },
  },
  operations: {
    ListNotes: {
      name: 'ListNotes',
      input: 'ListNotesRequest',
      output: 'ListNotesResponse',
      errors: [],
      doc: 'Lists the names of the notes, in name order.',
      paginator: { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'Names', moreResults: 'Truncated' },
    },
    PutNote: {
      name: 'PutNote',
      input: 'PutNoteRequest',
      output: 'PutNoteResponse',
      errors: ['NoteExistsException'],
      doc: 'Keeps a note under a new name.',
      examples: [{ command: 'kms toy put-note --name shopping --body aGk=', description: 'Keep a note.' }],
    },
  },
};

const noteName = (ctx: EngineContext, name: string) => `toy-note/${ctx.region}/${name}`;

const handlers: Record<string, Service['operation']> = {
  PutNote: () =>
    Promise.resolve({
      default: async (ctx: EngineContext, req: Record<string, unknown>) => {
        const name = String(req.Name);
        if ((await ctx.store.get(noteName(ctx, name))) !== undefined) throw new KmsError('NoteExistsException', `Note ${name} exists.`);
        const created = ctx.clock.now().getTime();
        ctx.store.put(noteName(ctx, name), { body: req.Body, created });
        return { Name: name, CreatedAt: new Date(created) };
      },
    }),
  ListNotes: () =>
    Promise.resolve({
      default: async (ctx: EngineContext, req: Record<string, unknown>) => {
        const prefix = `toy-note/${ctx.region}/`;
        const after = req.Marker === undefined ? undefined : prefix + String(req.Marker);
        const limit = Number(req.Limit ?? 10);
        const rows = await ctx.store.list(prefix, { after, limit: limit + 1 });
        const names = rows.slice(0, limit).map((r) => r.name.slice(prefix.length));
        return rows.length > limit ? { Names: names, NextMarker: names[names.length - 1], Truncated: true } : { Names: names, Truncated: false };
      },
    }),
};

export const toyService: Service = {
  model: toyModel,
  operation: (name) => handlers[name]?.(name),
  implemented: () => Object.keys(handlers),
};

export const TOY: ServiceEntry = { model: toyModel, command: 'toy', load: async () => toyService };

/** This build's services plus the toy one. */
export const WITH_TOY: readonly ServiceEntry[] = [KMS, TOY];
