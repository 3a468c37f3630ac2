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
import { indexEntry, precomputeListing, type SearchIndexData, type TargetSpec, type ToolSpec } from '@mcpgen/runtime';
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
  search: SearchIndexData;
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
    dataFile({
      path: 'src/index.gen.ts',
      typeName: 'ToolIndexEntry',
      name: 'index',
      type: 'readonly ToolIndexEntry[]',
      value: options.tools.map(indexEntry),
      header,
    }),
    toolsFile({ header, tools: options.tools }),
    listingFile({ header, tools: options.tools }),
    searchFile({ header, search: options.search }),
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
 * Every tool's full spec, typed, built when the function is first called: start-up works
 * from index.gen.ts, and a server builds its several hundred schemas only once a tool is used.
 */
function toolsFile(options: { header: string; tools: readonly ToolSpec[] }): FileStructure {
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
      {
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Let,
        declarations: [{ name: 'built', type: 'readonly ToolSpec[] | undefined' }],
      },
      {
        kind: StructureKind.Function,
        isExported: true,
        name: 'tools',
        docs: ['Every tool of the package, built on first call.'],
        returnType: 'readonly ToolSpec[]',
        statements: (writer) => writer.write(`return (built ??= ${codeLiteral(options.tools, 2)});`),
      },
    ],
  };
}

/**
 * The `tools/list` entry of every tool, as the runtime makes it, kept as JSON text: the
 * server parses it at start instead of rebuilding lean schemas, and JSON.parse is the
 * fastest way V8 has to build a large object.
 */
function listingFile(options: { header: string; tools: readonly ToolSpec[] }): FileStructure {
  const text = JSON.stringify(precomputeListing(options.tools));
  return {
    path: 'src/listing.gen.ts',
    statements: [
      options.header,
      '/** JSON of precomputeListing(tools) from @mcpgen/runtime: name -> tools/list entry. */',
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: 'listing', type: 'string', initializer: (writer) => writer.write(codeLiteral(text)) }],
      },
    ],
  };
}

/**
 * The search index as JSON text inside a function: V8 compiles the function (and so the
 * text) only when the first search calls it, so start-up does not pay for it.
 */
function searchFile(options: { header: string; search: SearchIndexData }): FileStructure {
  return {
    path: 'src/search.gen.ts',
    statements: [
      options.header,
      {
        kind: StructureKind.Function,
        isExported: true,
        name: 'search',
        docs: ['JSON of the search index (buildSearchIndexData from @mcpgen/runtime), read on the first search.'],
        returnType: 'string',
        statements: (writer) => writer.write(`return ${JSON.stringify(JSON.stringify(options.search))};`),
      },
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
        namedImports: ['runServer', 'type StartHooks'],
        moduleSpecifier: RUNTIME_MODULE,
      },
      { kind: StructureKind.ImportDeclaration, namedImports: ['target'], moduleSpecifier: './target.gen.js' },
      { kind: StructureKind.ImportDeclaration, namedImports: ['index'], moduleSpecifier: './index.gen.js' },
      { kind: StructureKind.ImportDeclaration, namedImports: ['tools'], moduleSpecifier: './tools.gen.js' },
      { kind: StructureKind.ImportDeclaration, namedImports: ['listing'], moduleSpecifier: './listing.gen.js' },
      { kind: StructureKind.ImportDeclaration, namedImports: ['search'], moduleSpecifier: './search.gen.js' },
      '/** Called by the launcher (launch.gen.ts), which loads this module through the code cache. */',
      'export function start(hooks: StartHooks = {}): Promise<void> {\n  return runServer({ target, tools: { index, load: tools }, listing, search, ...hooks });\n}',
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
