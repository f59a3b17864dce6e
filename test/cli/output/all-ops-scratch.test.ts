import {it} from 'vitest'; it('x',()=>{});
import { model, shape } from '../../../src/api/index.js';
const ops = Object.values(model.operations).filter(o => o.output);
console.log(ops.length, Object.keys(model.operations).length);
const seen = new Set<string>();
function walk(r: string, d: number) { if (seen.has(r)) return; seen.add(r); const s = shape(r); if (s.type==='structure') for (const m of Object.values(s.members)) walk(m.shape, d+1); if (s.type==='list') walk(s.member,d+1); if (s.type==='map'){walk(s.key,d+1);walk(s.value,d+1);} }
for (const o of ops) walk(o.output!, 0);
for (const r of [...seen].sort()) { const s = shape(r); console.log(r, s.type, s.type==='string' && s.enum ? 'enum' : '', 'min' in s ? s.min : '', 'max' in s ? s.max : ''); }
for (const o of ops) console.log(o.name, Object.keys((shape(o.output!) as any).members).join(','));
