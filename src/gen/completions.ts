// Shell completion scripts (bash, zsh, fish) for kms, generated from the operation table.
// Static scripts: they never run kms to complete; this module only assembles them.

import { bashScript } from './completions-bash.js';
import { fishScript } from './completions-fish.js';
import { zshScript } from './completions-zsh.js';
import { completionModel } from './completion-model.js';

/** Every completion script: file name under completions/ → text. */
export function completionScripts(): Map<string, string> {
  const model = completionModel();
  return new Map([
    ['kms.bash', bashScript(model)],
    ['_kms', zshScript(model)],
    ['kms.fish', fishScript(model)],
  ]);
}
