import fs from 'node:fs';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
const tools = JSON.parse(fs.readFileSync(process.argv[2])).result.tools;
const size = (l) => [JSON.stringify(l).length, encode(JSON.stringify({tools:l})).length];
console.log('now', size(tools));
const SYN = { identifier: 'id', identifiers: 'ids' };
const STOP = new Set(['the','a','an','of','to','for','this','that','is','be','used','will','in','on','with','its','it']);
const words = (t) => t.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).map((w) => SYN[w] ?? w);
function restates(name, desc) { const n = new Set(words(name)); const d = words(desc).filter((w) => !STOP.has(w)); return d.length > 0 && d.every((w) => n.has(w) || n.has(w.replace(/s$/, ''))); }
let dropped = 0;
function walk(s) { if (!s || typeof s !== 'object') return s; const out = Array.isArray(s) ? s.map(walk) : {}; if (Array.isArray(s)) return out;
  for (const [k, v] of Object.entries(s)) { if (k === 'properties') { out[k] = {}; for (const [pn, ps] of Object.entries(v)) { const c = walk(ps); if (typeof c.description === 'string' && restates(pn, c.description)) { delete c.description; dropped++; } out[k][pn] = c; } } else out[k] = typeof v === 'object' ? walk(v) : v; } return out; }
const hints = (a) => a.readOnlyHint ? { readOnlyHint: true, ...(a.openWorldHint === false ? { openWorldHint: false } : {}) } : { ...(a.destructiveHint === false ? { destructiveHint: false } : {}), ...(a.idempotentHint ? { idempotentHint: true } : {}), ...(a.openWorldHint === false ? { openWorldHint: false } : {}) };
const step1 = tools.map(({ title, ...t }) => t); console.log('no title', size(step1));
const step2 = step1.map((t) => ({ ...t, annotations: hints(t.annotations) })); console.log('+hints', size(step2));
const step3 = step2.map((t) => ({ ...t, inputSchema: { ...t.inputSchema, properties: { ...t.inputSchema.properties, select: { type: 'string', description: 'JMESPath' } } } })); console.log('+select', size(step3));
const step4 = step3.map((t) => ({ ...t, inputSchema: walk(t.inputSchema) })); console.log('+restate', size(step4), dropped);
fs.writeFileSync('/tmp/step4.json', JSON.stringify(step4));
