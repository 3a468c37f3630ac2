import type { TargetSpec } from '../catalog/target.js';
import { ConfigError } from '../config/errors.js';
import { type ServedDialect, serveDialect } from './served.js';
import type { DialectSource, SchemaDialect, ServedDialectName } from './types.js';

/**
 * The dialect a server serves, or undefined for the default (which costs nothing: no
 * dialect data is read). A dialect the package has no data for is a configuration error.
 */
export function servedDialect(options: {
  target: TargetSpec;
  chosen: SchemaDialect;
  sources: Readonly<Partial<Record<ServedDialectName, DialectSource>>> | undefined;
}): ServedDialect | undefined {
  const { chosen } = options;
  if (chosen === 'default') return undefined;
  const source = options.sources?.[chosen];
  if (!source)
    throw new ConfigError(
      options.target.env.schemaDialect ?? 'schema dialect',
      `this package has no generated data for the '${chosen}' dialect`,
    );
  return serveDialect({ name: chosen, source });
}
