// `file://` and `fileb://` parameter values (awscli/paramfile.py get_paramfile), plus our
// `fileb://-` for stdin. Reads files only; must not import the model, engine or keyring.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pyStrRepr } from './pyrepr.js';

/** Where paramfiles are read from: the session's cwd, home and env (for ~ and $VAR), and stdin. */
export interface FileContext {
  cwd: string;
  readStdin(): Promise<Uint8Array>;
  /** For `~` in paths; defaults to env.HOME. */
  homedir?: string;
  /** For `$VAR` / `${VAR}` in paths (os.path.expandvars). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** paramfile.py ResourceLoadingError: the message is the text the AWS CLI prints. */
export class ResourceLoadingError extends Error {
  override readonly name = 'ResourceLoadingError';
}

// Linux errno numbers and strerror texts, as Python's OSError prints them.
const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  EPERM: [1, 'Operation not permitted'],
  EISDIR: [21, 'Is a directory'],
  ENOTDIR: [20, 'Not a directory'],
  ELOOP: [40, 'Too many levels of symbolic links'],
  ENAMETOOLONG: [36, 'File name too long'],
  EMFILE: [24, 'Too many open files'],
  EIO: [5, 'Input/output error'],
};

/** os.path.expandvars(os.path.expanduser(p)). */
export function expandPath(p: string, ctx: Pick<FileContext, 'homedir' | 'env'>): string {
  const env = ctx.env ?? {};
  let out = p;
  if (out === '~' || out.startsWith('~/')) {
    const home = env.HOME ?? ctx.homedir;
    if (home !== undefined) out = home.replace(/\/+$/, '') + out.slice(1) || '/';
  }
  return out.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    return env[key] ?? whole;
  });
}

function osErrorText(err: unknown, filePath: string): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const [errno, text] = ERRNO[code] ?? [(err as NodeJS.ErrnoException).errno ?? 0, String((err as Error).message)];
  return `[Errno ${Math.abs(errno)}] ${text}: ${pyStrRepr(filePath)}`;
}

/** Python text mode: strict UTF-8 and universal newlines (\r\n and \r become \n). */
function decodeText(bytes: Uint8Array, filePath: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ResourceLoadingError(
      `Unable to load paramfile (${filePath}), text contents could not be decoded.  If this is a binary ` +
        'file, please use the fileb:// prefix instead of the file:// prefix.',
    );
  }
  return text.replace(/\r\n?/g, '\n');
}

type Prefix = 'file://' | 'fileb://';
function prefixOf(value: unknown): Prefix | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith('file://')) return 'file://';
  if (value.startsWith('fileb://')) return 'fileb://';
  return undefined;
}

const isStdin = (prefix: Prefix, p: string) => (prefix === 'fileb://' && p === '-') || p === '/dev/stdin';

/**
 * get_paramfile: the contents of a `file://` (text) or `fileb://` (bytes) value, or undefined when
 * the value is no paramfile. `fileb://-` and `…:///dev/stdin` read ctx.readStdin().
 */
export async function loadParamfile(value: unknown, ctx: FileContext): Promise<string | Uint8Array | undefined> {
  const prefix = prefixOf(value);
  if (!prefix) return undefined;
  const given = (value as string).slice(prefix.length);
  const filePath = expandPath(given, ctx);
  let bytes: Uint8Array;
  try {
    bytes = isStdin(prefix, filePath) ? await ctx.readStdin() : await readFile(absolute(filePath, ctx.cwd));
  } catch (err) {
    if (err instanceof ResourceLoadingError) throw err;
    throw new ResourceLoadingError(`Unable to load paramfile ${value as string}: ${osErrorText(err, filePath)}`);
  }
  return prefix === 'fileb://' ? new Uint8Array(bytes) : decodeText(bytes, filePath);
}

/** The same, synchronously, for shorthand `key@=file://…` values (stdin only as /dev/stdin). */
export function loadParamfileSync(value: unknown, ctx: FileContext): string | Uint8Array | undefined {
  const prefix = prefixOf(value);
  if (!prefix) return undefined;
  const filePath = expandPath((value as string).slice(prefix.length), ctx);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(filePath === '-' ? '/dev/stdin' : absolute(filePath, ctx.cwd));
  } catch (err) {
    throw new ResourceLoadingError(`Unable to load paramfile ${value as string}: ${osErrorText(err, filePath)}`);
  }
  return prefix === 'fileb://' ? new Uint8Array(bytes) : decodeText(bytes, filePath);
}

function absolute(p: string, cwd: string): string {
  // open('') fails with ENOENT in Python; resolve('') would be the cwd (a directory)
  if (p === '') throw Object.assign(new Error('empty path'), { code: 'ENOENT' });
  return isAbsolute(p) ? p : resolve(cwd, p);
}
