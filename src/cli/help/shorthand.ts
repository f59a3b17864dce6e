// How a shape reads in help: its type name, its limits in words, and the AWS CLI shorthand
// syntax of structures, lists of structures and maps. Pure functions over src/api only.

import { shapeOf } from '../../api/model.js';
import type { ServiceModel, Shape } from '../../api/types.js';

/** The type a user types: long reads as integer; the rest are the model's own type names. */
export function typeLabel(target: Shape): string {
  return target.type === 'long' ? 'integer' : target.type;
}

/** 'list of string', 'list of structure', or the plain type label. */
export function fullTypeLabel(model: ServiceModel, target: Shape): string {
  return target.type === 'list' ? `list of ${typeLabel(shapeOf(model, target.member))}` : typeLabel(target);
}

function range(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  const u = unit ? ` ${unit}` : '';
  if (min !== undefined && max !== undefined) return `${min} to ${max}${u}`;
  if (min !== undefined) return `at least ${min}${u}`;
  if (max !== undefined) return `at most ${max}${u}`;
  return undefined;
}

/** The model's min/max in words: "length 1 to 2048 characters", "range 1 to 1000", "1 to 10 items". */
export function limitsOf(model: ServiceModel, target: Shape, prefix = ''): string[] {
  const out: string[] = [];
  const add = (text: string | undefined): void => {
    if (text) out.push(prefix + text);
  };
  switch (target.type) {
    case 'string':
      add(range(target.min, target.max, 'characters') && `length ${range(target.min, target.max, 'characters')}`);
      break;
    case 'blob':
      add(range(target.min, target.max, 'bytes') && `size ${range(target.min, target.max, 'bytes')}`);
      break;
    case 'integer':
    case 'long':
      add(range(target.min, target.max, '') && `range ${range(target.min, target.max, '')}`);
      break;
    case 'list':
      add(range(target.min, target.max, 'items'));
      if (!prefix) out.push(...limitsOf(model, shapeOf(model, target.member), 'each item: '));
      break;
    case 'map':
      add(range(target.min, target.max, 'entries'));
      break;
    default:
      break;
  }
  return out;
}

// The AWS CLI gives up on shorthand past this nesting depth (argprocess._MAX_STACK).
const MAX_DEPTH = 3;

function docs(model: ServiceModel, target: Shape, depth: number): string {
  if (depth > MAX_DEPTH) throw new RangeError('too deep');
  switch (target.type) {
    case 'structure': {
      const inner = Object.entries(target.members)
        .map(([name, m]) => `${name}=${docs(model, shapeOf(model, m.shape), depth + 1)}`)
        .join(',');
      return depth === 0 ? inner : `{${inner}}`;
    }
    case 'list': {
      const item = shapeOf(model, target.member);
      const one = docs(model, item, depth + 1);
      return item.type === 'structure' || item.type === 'map' || item.type === 'list' || depth > 0 ? `[${one},${one}]` : `${one},${one}`;
    }
    case 'map': {
      const value = docs(model, shapeOf(model, target.value), depth + 1);
      const pairs = `KeyName1=${value},KeyName2=${value}`;
      return depth === 0 ? pairs : `{${pairs}}`;
    }
    default:
      return typeLabel(target);
  }
}

/**
 * The shorthand syntax of a structure (`A=string,B=blob`), a list of structures
 * (`TagKey=string,TagValue=string ...`) or a map (`KeyName1=string,KeyName2=string`);
 * undefined for scalars and lists of scalars, which take plain values.
 */
export function shorthandOf(model: ServiceModel, target: Shape): string | undefined {
  try {
    if (target.type === 'structure' || target.type === 'map') return docs(model, target, 0);
    if (target.type === 'list') {
      const item = shapeOf(model, target.member);
      if (item.type === 'structure') return `${docs(model, item, 0)} ...`;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
