// Reads a secret from /dev/tty with echo off (so it works while stdin is a pipe), restoring
// the terminal afterwards. The real Deps.promptSecret; must not import the keyring file.

import { closeSync, openSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { configError, EXIT, LocalError } from '../errors.js';

const CTRL_C = 0x03;
const CTRL_D = 0x04;
const BACKSPACE = [0x7f, 0x08];
const CTRL_U = 0x15;

/** Asks `prompt` on the terminal; rejects with exit 130 on Ctrl-C, a configError when there is no terminal. */
export function promptSecretFromTty(prompt: string): Promise<string> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return Promise.reject(
      configError(
        'there is no terminal to ask for the passphrase',
        'set KMS_PASSPHRASE, or pass --passphrase-file <file>',
        'or unlock once with: eval "$(kms keyring unlock)"',
      ),
    );
  }
  let input: ReadStream;
  try {
    input = new ReadStream(fd);
    input.setRawMode(true); // raw mode: no echo, no line editing, Ctrl-C arrives as a byte
  } catch {
    closeSync(fd);
    return Promise.reject(configError('cannot switch /dev/tty to no-echo mode', 'set KMS_PASSPHRASE, or pass --passphrase-file <file>'));
  }
  writeSync(fd, prompt);
  return new Promise<string>((resolve, reject) => {
    let bytes: number[] = [];
    const finish = (err: LocalError | undefined): void => {
      input.off('data', onData);
      try {
        input.setRawMode(false);
        writeSync(fd, '\n');
      } catch {
        /* the terminal went away; nothing left to restore */
      }
      input.destroy(); // closes fd
      const text = Buffer.from(bytes).toString('utf8');
      bytes.fill(0);
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: Buffer): void => {
      for (const b of chunk) {
        if (b === CTRL_C) return finish(new LocalError('interrupted', EXIT.interrupted));
        if (b === 0x0d || b === 0x0a || (b === CTRL_D && bytes.length === 0)) return finish(undefined);
        if (BACKSPACE.includes(b)) {
          // Drop the last UTF-8 character: its continuation bytes and the lead byte.
          while (bytes.length > 0 && (bytes[bytes.length - 1]! & 0xc0) === 0x80) bytes.pop();
          bytes.pop();
        } else if (b === CTRL_U) {
          bytes.fill(0);
          bytes = [];
        } else if (b >= 0x20 || b === 0x09) {
          bytes.push(b);
        }
      }
      chunk.fill(0);
    };
    input.on('data', onData);
    input.on('error', () => finish(configError('cannot read the passphrase from the terminal')));
  });
}
