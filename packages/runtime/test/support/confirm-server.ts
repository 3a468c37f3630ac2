/**
 * A PVE server over stdio for the elicitation client matrix: the fixture catalogue,
 * full access, the raw tool on, pointed at the logging fake upstream in UPSTREAM_URL.
 * Started by the test (node --import tsx) and stopped when its client closes stdin.
 */
import { runServer } from '../../src/server/start.js';
import { pveEnv, pveTarget, pveTools } from '../fixtures.js';

await runServer(
  { target: pveTarget, tools: pveTools },
  pveEnv({ PVE_BASE_URL: process.env.UPSTREAM_URL, PVE_ACCESS_TIER: 'full', PVE_LOG_LEVEL: 'error' }),
);
