import { upstreamUrl } from '../http/url.js';
import type { CallContext } from './context.js';
import { parseBody, redactorOf, unwrap, upstreamErrorResult } from './result.js';

/** GET one JSON value (unwrapped), for the runtime's own follow-up reads such as task status. */
export async function fetchJson(options: {
  context: CallContext;
  path: string;
  query?: Record<string, string>;
}): Promise<unknown> {
  const { context } = options;
  const url = upstreamUrl({ baseUrl: context.baseUrl, path: options.path });
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const response = await context.send({
    method: 'GET',
    url,
    headers: { accept: 'application/json', ...(await context.auth.headers({ method: 'GET' })) },
  });
  if (response.status >= 400)
    throw new Error(
      upstreamErrorResult({
        response,
        what: `GET ${url.pathname}`,
        statusNotes: context.shape.statusNotes,
        redactor: redactorOf(context.shape),
      }).content[0]!.text,
    );
  const parsed = parseBody(response);
  return parsed.json ? unwrap({ value: parsed.value, shape: context.shape }) : parsed.text;
}
