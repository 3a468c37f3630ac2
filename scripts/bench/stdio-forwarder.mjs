// The call-overhead floor of `pnpm bench`: a stdio server of a few lines, with no MCP library,
// that answers `initialize` and `tools/list` with one tool and forwards each `tools/call` to the
// upstream as one GET (keep-alive, as the servers measured beside it). What any Node stdio server
// pays on this machine for the two pipe hops and one upstream request; not an MCP server to use.
import http from 'node:http';
import process from 'node:process';
import { URL } from 'node:url';

const upstream = new URL(process.env.FORWARD_TO ?? 'http://127.0.0.1:9/api');
const agent = new http.Agent({ keepAlive: true });
const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
const TOOL = { name: 'endpoint_inspect', inputSchema: { type: 'object', properties: { id: { type: 'integer' } } } };

function forward(id, args) {
  const path = `${upstream.pathname}/endpoints/${encodeURIComponent(String(args?.id))}`;
  const request = http.get({ host: upstream.hostname, port: upstream.port, path, agent }, (response) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => (body += chunk));
    response.on('end', () => send({ id, result: { content: [{ type: 'text', text: body }] } }));
  });
  request.on('error', (error) =>
    send({ id, result: { content: [{ type: 'text', text: error.message }], isError: true } }),
  );
}

function answer(message) {
  if (message.method === 'initialize')
    send({
      id: message.id,
      result: {
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: 'forwarder', version: '0' },
      },
    });
  else if (message.method === 'tools/list') send({ id: message.id, result: { tools: [TOOL] } });
  else if (message.method === 'tools/call') forward(message.id, message.params?.arguments);
  else if (message.id !== undefined) send({ id: message.id, error: { code: -32601, message: 'not served' } });
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    if (line.trim() !== '') answer(JSON.parse(line));
  }
});
