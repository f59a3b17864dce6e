// Shell completion scripts (bash, zsh, fish) for kms, generated from the services' tables.
// Static scripts: they never run kms to complete; this module only assembles them.

import { bashScript } from './completions-bash.js';
import { fishScript } from './completions-fish.js';
import { zshScript } from './completions-zsh.js';
import { completionModel } from './completion-model.js';
import { SERVICES, type ServiceEntry } from '../services/index.js';

/** Every completion script: file name under completions/ → text. */
export function completionScripts(services: readonly ServiceEntry[] = SERVICES): Map<string, string> {
  const model = completionModel(services);
  return new Map([
    ['kms.bash', bashScript(model)],
    ['_kms', zshScript(model)],
    ['kms.fish', fishScript(model)],
  ]);
}
