import { config } from 'zod/v4';

/**
 * The MCP SDK checks every incoming message with zod. zod 4 compiles a fast parser
 * for an object schema with `new Function` on its first use, which costs more than
 * it saves for a server that parses a handful of small messages per call, and is
 * eval besides. `jitless` keeps zod on its interpreted path. Imported for its effect
 * before the server starts.
 */
config({ jitless: true });
