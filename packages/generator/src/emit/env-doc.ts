import {
  httpVariables,
  listHttpVariables,
  listServerVariables,
  serverVariables,
  type TargetSpec,
  type Variable,
} from '@mcpgen/runtime';

/** One environment variable as the generated README documents it. */
export interface VariableDoc {
  readonly name: string;
  readonly fallback: string;
  readonly meaning: string;
}

/** Every variable the server reads, from the runtime's own table: names, defaults and meanings are not retyped here. */
export function documentVariables(target: TargetSpec): VariableDoc[] {
  return listServerVariables(serverVariables(target)).map(documentVariable);
}

/** The HTTP serving variables, from the runtime's table for the HTTP front. */
export function documentHttpVariables(target: TargetSpec): VariableDoc[] {
  if (!target.http) return [];
  return listHttpVariables(httpVariables({ spec: target.http, target })).map(documentVariable);
}

function documentVariable(variable: Variable): VariableDoc {
  return { name: variable.name, fallback: defaultCell(variable), meaning: variable.description };
}

/** `(required)`, the default as it would be written, or `(none)`. */
export function defaultCell(variable: Variable): string {
  if (variable.requirement) return `(${variable.requirement})`;
  return variable.fallback === undefined ? '(none)' : `\`${variable.fallback}\``;
}

/** Variables shown in the client set-up snippets: the URL and the credentials that have an example value. */
export function setupVariables(options: { target: TargetSpec; exampleUrl: string }): { name: string; value: string }[] {
  const vars = serverVariables(options.target);
  const credentials = vars.credentials.filter((variable) => variable.example !== undefined);
  return [
    { name: vars.url.name, value: options.exampleUrl },
    ...credentials.map((variable) => ({ name: variable.name, value: variable.example! })),
  ];
}
