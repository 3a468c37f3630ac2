import fs from 'node:fs';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
const tools = JSON.parse(fs.readFileSync('/tmp/step4.json'));
const size = (l) => [JSON.stringify(l).length, encode(JSON.stringify({tools:l})).length];
const isStructured = (s) => s.properties !== undefined || s.items?.properties !== undefined;
function cap(t, m) { if (t.length <= m) return t; const first = t.split(/(?<=\.)\s/)[0]; return first.length <= m ? first : t.slice(0, m - 1).trimEnd() + '…'; }
function lean(s, d, maxDepth, maxDesc) {
  if (d > maxDepth && isStructured(s)) { const arr = s.type === 'array'; const f = Object.keys((arr ? s.items : s).properties); const text = `${arr ? 'List of objects' : 'Object'} with fields ${f.join(', ')}.`; return arr ? { type: 'array', items: { type: 'object' }, description: (s.description ? cap(s.description, maxDesc) + ' ' : '') + text } : { type: 'object', description: (s.description ? cap(s.description, maxDesc) + ' ' : '') + text }; }
  const o = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'description') o[k] = cap(v, maxDesc);
    else if (k === 'properties') o[k] = Object.fromEntries(Object.entries(v).map(([n, c]) => [n, lean(c, d + 1, maxDepth, maxDesc)]));
    else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) o[k] = lean(v, d, maxDepth, maxDesc);
    else o[k] = v;
  }
  return o;
}
for (const B of [1000, 1500, 2000, 3000]) {
  const out = tools.map((t) => { let best = t; for (const [md, mx] of [[2, 160], [2, 100], [1, 100], [1, 60]]) { best = { ...t, inputSchema: lean(t.inputSchema, 0, md, mx) }; if (JSON.stringify(best).length <= B) break; } return best; });
  console.log(B, size(out));
}
for (const [md, mx] of [[2, 100], [2,80], [1, 160], [1, 100], [1,80]]) console.log(md, mx, size(tools.map((t) => ({ ...t, inputSchema: lean(t.inputSchema, 0, md, mx) }))));
