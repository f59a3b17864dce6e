// Which resources a template's resources depend on (Ref, Fn::GetAtt, Fn::Sub, DependsOn), the order
// to create them in, and the cycles that forbid one. Imports ../../../errors.js and this folder's
// parse.ts and intrinsics.ts only.
import { KmsError } from '../../../errors.js';
import { intrinsicName, isPlainObject, splitAtt, subParts } from './intrinsics.js';
import type { ResourceDecl, Template } from './parse.js';

/** One name a value refers to: a parameter, a pseudo parameter or a resource, as yet unchecked. */
export interface Reference {
  target: string;
  /** Set for Fn::GetAtt and `${Res.Attr}`: the target must then be a resource */
  attribute?: string;
  via: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub';
}

/** Every Ref, Fn::GetAtt and Fn::Sub target in `value`, in document order. */
export function references(value: unknown): Reference[] {
  const out: Reference[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isPlainObject(v)) return;
    const fn = intrinsicName(v);
    const arg = fn ? v[fn] : undefined;
    if (fn === 'Ref' && typeof arg === 'string') {
      out.push({ target: arg, via: 'Ref' });
    } else if (fn === 'Fn::GetAtt' && typeof arg === 'string' && arg.includes('.')) {
      const [target, attribute] = splitAtt(arg);
      out.push({ target, attribute, via: 'Fn::GetAtt' });
    } else if (fn === 'Fn::GetAtt' && Array.isArray(arg) && typeof arg[0] === 'string') {
      out.push({ target: arg[0], ...(typeof arg[1] === 'string' ? { attribute: arg[1] } : {}), via: 'Fn::GetAtt' });
      walk(arg[1]);
    } else if (fn === 'Fn::Sub' && (typeof arg === 'string' || (Array.isArray(arg) && typeof arg[0] === 'string'))) {
      const [text, vars] = typeof arg === 'string' ? [arg, {}] : [arg[0] as string, isPlainObject(arg[1]) ? arg[1] : {}];
      for (const p of subParts(text)) {
        if (typeof p === 'string' || Object.hasOwn(vars, p.variable)) continue;
        if (p.variable.includes('.')) {
          const [target, attribute] = splitAtt(p.variable);
          out.push({ target, attribute, via: 'Fn::Sub' });
        } else out.push({ target: p.variable, via: 'Fn::Sub' });
      }
      Object.values(vars).forEach(walk);
    } else {
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return out;
}

/** DependsOn as a list (it may be one name or several). */
export function dependsOn(r: ResourceDecl): unknown[] {
  return r.DependsOn === undefined ? [] : Array.isArray(r.DependsOn) ? r.DependsOn : [r.DependsOn];
}

const resourcesOf = (t: Template): Record<string, ResourceDecl> => (isPlainObject(t.Resources) ? t.Resources : {});

/** For each resource, the logical ids it depends on (Ref, Fn::GetAtt, Fn::Sub references to resources, DependsOn; not parameters). */
export function dependencies(t: Template): Map<string, Set<string>> {
  const resources = resourcesOf(t);
  const isResource = (name: unknown): name is string => typeof name === 'string' && Object.hasOwn(resources, name);
  const out = new Map<string, Set<string>>();
  for (const [id, r] of Object.entries(resources)) {
    const deps = new Set<string>();
    if (isPlainObject(r)) {
      // Ref/GetAtt/Sub anywhere in the resource (Properties, Metadata, policies) make an edge
      const { DependsOn: _explicit, ...rest } = r;
      for (const ref of references(rest)) if (isResource(ref.target)) deps.add(ref.target);
      for (const name of dependsOn(r)) if (isResource(name)) deps.add(name);
    }
    out.set(id, deps);
  }
  return out;
}

/**
 * Creation order of the given resources: a Kahn sort that, among the resources ready, always takes
 * the first in template order. Deletion is the reverse. Edges to resources outside `include` are ignored.
 */
export function creationOrder(t: Template, include?: ReadonlySet<string>): string[] {
  const deps = dependencies(t);
  const nodes = [...deps.keys()].filter((id) => !include || include.has(id));
  const inSet = new Set(nodes);
  const waiting = new Map(nodes.map((id) => [id, new Set([...deps.get(id)!].filter((d) => inSet.has(d)))]));
  const order: string[] = [];
  for (;;) {
    const next = nodes.find((id) => waiting.get(id)?.size === 0);
    if (next === undefined) break;
    waiting.delete(next);
    order.push(next);
    for (const left of waiting.values()) left.delete(next);
  }
  if (waiting.size > 0) {
    const cyclic = inCycles(waiting);
    const names = nodes.filter((id) => cyclic.has(id));
    throw new KmsError('ValidationError', `Circular dependency between resources: [${names.join(', ')}]`);
  }
  return order;
}

/** The nodes on some cycle (Tarjan's strongly connected components of size > 1, or a self-edge). */
export function inCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out = new Set<string>();
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges.get(v)?.has(v)) component.forEach((c) => out.add(c));
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) connect(v);
  return out;
}
