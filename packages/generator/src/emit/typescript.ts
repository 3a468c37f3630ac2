import { format } from 'prettier';
import {
  IndentationText,
  NewLineKind,
  Project,
  QuoteKind,
  StructureKind,
  VariableDeclarationKind,
  type StatementStructures,
} from 'ts-morph';
import type { TargetSpec, ToolSpec } from '@mcpgen/runtime';
import { codeLiteral } from './code-text.js';
import { codeHeader, type Provenance } from './provenance.js';

/**
 * The TypeScript sources of a generated server, built as ts-morph structures and
 * passed through one pinned formatter. Data is emitted as typed literals so that
 * the TypeScript compiler checks every generated tool against the runtime's types.
 */
export interface EmittedSource {
  readonly path: string;
  readonly text: string;
}

/** The package that generated code imports the runtime from; the bundler resolves it. */
export const RUNTIME_MODULE = '@mcpgen/runtime';
/** The runtime's launcher, bundled on its own as the package's `bin`. */
export const LAUNCH_MODULE = '@mcpgen/runtime/launch';

export async function emitSources(options: {
  target: TargetSpec;
  tools: readonly ToolSpec[];
  provenance: Provenance;
  serverFile: string;
}): Promise<EmittedSource[]> {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Single,
      newLineKind: NewLineKind.LineFeed,
      useTrailingCommas: true,
    },
  });
  const header = codeHeader(options.provenance);
  const files = [
    dataFile({
      path: 'src/target.gen.ts',
      typeName: 'TargetSpec',
      name: 'target',
      type: 'TargetSpec',
      value: options.target,
      header,
    }),
    toolsFile({ header, tools: options.tools }),
    mainFile(header),
    launchFile({ header, serverFile: options.serverFile, cacheName: options.target.packageName }),
  ];
  return Promise.all(
    files.map(async ({ path, statements }) => {
      const text = project.createSourceFile(path, { statements }, { overwrite: true }).getFullText();
      return { path, text: await formatTypeScript(text) };
    }),
  );
}

interface FileStructure {
  readonly path: string;
  readonly statements: (string | StatementStructures)[];
}

function dataFile(options: {
  path: string;
  typeName: string;
  name: string;
  type: string;
  value: unknown;
  header: string;
}): FileStructure {
  return {
    path: options.path,
    statements: [
      options.header,
      {
        kind: StructureKind.ImportDeclaration,
        isTypeOnly: true,
        namedImports: [options.typeName],
        moduleSpecifier: RUNTIME_MODULE,
      },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [
          {
            name: options.name,
            type: options.type,
            initializer: (writer) => writer.write(codeLiteral(options.value, 2)),
          },
        ],
      },
    ],
  };
}

/**
 * Every tool's full spec, typed, one tool per line: the file a reviewer reads and the
 * compiler checks. The server does not bundle it; it reads the same lines from
 * `dist/tools.jsonl` (see packaged-data.ts), one tool at a time, when a tool is used.
 */
function toolsFile(options: { header: string; tools: readonly ToolSpec[] }): FileStructure {
  const lines = options.tools.map((spec) => `  ${codeLiteral(spec)},`).join('\n');
  return {
    path: 'src/tools.gen.ts',
    statements: [
      options.header,
      {
        kind: StructureKind.ImportDeclaration,
        isTypeOnly: true,
        namedImports: ['ToolSpec'],
        moduleSpecifier: RUNTIME_MODULE,
      },
      '/** Every tool of the package; `dist/tools.jsonl` holds the same entries, line for line. */',
      '// prettier-ignore',
      `export const tools: readonly ToolSpec[] = [\n${lines}\n];`,
    ],
  };
}

function mainFile(header: string): FileStructure {
  return {
    path: 'src/main.gen.ts',
    statements: [
      header,
      {
        kind: StructureKind.ImportDeclaration,
        namedImports: ['dialectFiles', 'readPackagedCatalog', 'runServer', 'type StartHooks'],
        moduleSpecifier: RUNTIME_MODULE,
      },
      { kind: StructureKind.ImportDeclaration, namedImports: ['target'], moduleSpecifier: './target.gen.js' },
      '/**',
      ' * Called by the launcher (launch.gen.ts), which loads this module through the code cache.',
      ' * The tools (index, listing, specs, search) are data files beside the bundle, in `dist/`, and so are',
      ' * the schema dialects (read only when one is chosen).',
      ' */',
      'export function start(hooks: StartHooks = {}): Promise<void> {\n  return runServer({ target, ...readPackagedCatalog(__dirname), dialects: dialectFiles(__dirname), ...hooks });\n}',
    ],
  };
}

function launchFile(options: { header: string; serverFile: string; cacheName: string }): FileStructure {
  return {
    path: 'src/launch.gen.ts',
    statements: [
      options.header,
      { kind: StructureKind.ImportDeclaration, namedImports: ['launch'], moduleSpecifier: LAUNCH_MODULE },
      `void launch({ directory: __dirname, serverFile: ${codeLiteral(options.serverFile)}, cacheName: ${codeLiteral(options.cacheName)} });`,
    ],
  };
}

/** The one formatter for generated code, pinned in package.json; options fixed here. */
export function formatTypeScript(text: string): Promise<string> {
  return format(text, {
    parser: 'typescript',
    singleQuote: true,
    printWidth: 120,
    trailingComma: 'all',
    endOfLine: 'lf',
  });
}
