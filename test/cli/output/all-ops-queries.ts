// --query expressions for an operation, derived from its output shape: projections of lists,
// multiselects, nested members, functions. Imports only src/api.
import { type StructureShape } from '../../../src/api/model.js';
import { model, shape } from '../../../src/services/kms/model/index.js';

function members(s: StructureShape): Array<[string, string]> {
  return Object.entries(s.members).map(([name, m]) => [name, m.shape]);
}

/** The few queries an operation's output is checked under; at most `max`, in a fixed order. */
export function queriesFor(operation: string, max = 8): string[] {
  const out = shape(model.operations[operation]!.output!) as StructureShape;
  const ms = members(out);
  if (ms.length === 0) return ['Nothing', '@'];
  const first = ms[0]![0];
  const last = ms[ms.length - 1]![0];
  const qs = [first, `[${first}, ${last}]`, `{First: ${first}, Last: ${last}}`, 'keys(@)'];
  for (const [name, ref] of ms) {
    const s = shape(ref);
    if (s.type === 'list') {
      qs.push(`${name}[0]`, `length(${name})`);
      const item = shape(s.member);
      if (item.type === 'structure') {
        const im = members(item).map(([n]) => n);
        qs.push(`${name}[].${im[0]!}`, `${name}[].[${im.slice(0, 3).join(', ')}]`, `${name}[-1].{A: ${im[0]!}, Z: ${im[im.length - 1]!}}`);
      } else {
        qs.push(`${name}[]`);
      }
    } else if (s.type === 'structure') {
      const im = members(s);
      qs.push(name, `${name}.[${im.slice(0, 2).map(([n]) => n).join(', ')}]`);
      const inner = im.find(([, r]) => ['list', 'structure'].includes(shape(r).type));
      if (inner) qs.push(`${name}.${inner[0]}`);
    }
  }
  return [...new Set(qs)].slice(0, max);
}
