import { TreeInterpreter } from '@jmespath-community/jmespath';

/**
 * JMESPath evaluation within a budget. The library's tree interpreter is kept
 * (one implementation of the language), and every node it visits passes
 * through `visit` here, which charges work, checks the clock, refuses strings
 * and lists past a size before they are built (`pad_left('a', 400000000)`), and
 * reads only own fields (`constructor` or `__proto__` never reach Object's).
 */
export const SELECT_LIMITS = {
  /** Wall-clock time one evaluation may take. */
  timeMs: 1000,
  /** Work units: one per node visited, per list item produced, per character-ish of values compared or passed to functions. */
  work: 50_000_000,
  /** Longest string a function may build. */
  maxString: 4_000_000,
  /** Longest list an expression may build. */
  maxArray: 4_000_000,
  /** Largest result, in estimated JSON characters (shared sub-values counted each time they appear). */
  maxOutputChars: 32_000_000,
} as const;

export class SelectBudgetError extends Error {}

/** The clock is read once per this many work units. */
const CHECK_EVERY = 4096;

class Budget {
  private used = 0;
  private nextCheck = CHECK_EVERY;
  private readonly deadline = performance.now() + SELECT_LIMITS.timeMs;

  charge(units: number): void {
    this.used += units;
    if (this.used > SELECT_LIMITS.work)
      throw new SelectBudgetError(`it needed more than ${SELECT_LIMITS.work.toLocaleString('en')} steps`);
    if (this.used < this.nextCheck) return;
    if (performance.now() > this.deadline)
      throw new SelectBudgetError(`it ran longer than ${SELECT_LIMITS.timeMs / 1000} s`);
    this.nextCheck = this.used + CHECK_EVERY;
  }

  /** Estimated JSON size of a value, walked once per appearance, charged as it goes and stopped past `cap`. */
  weigh(value: unknown, cap: number): number {
    let total = 0;
    const stack: unknown[] = [value];
    while (stack.length > 0) {
      const item = stack.pop();
      const own = item === null || typeof item !== 'object' ? scalarWeight(item) : containerWeight(item, stack);
      total += own;
      this.charge(own);
      if (total > cap)
        throw new SelectBudgetError(`a value of more than ${cap.toLocaleString('en')} characters would be built`);
    }
    return total;
  }
}

function scalarWeight(value: unknown): number {
  return typeof value === 'string' ? value.length + 2 : 8;
}

function containerWeight(value: object, stack: unknown[]): number {
  if (Array.isArray(value)) {
    for (const item of value) stack.push(item);
    return 2 + value.length;
  }
  let weight = 2;
  for (const key of Object.keys(value)) {
    stack.push((value as Record<string, unknown>)[key]);
    weight += key.length + 4;
  }
  return weight;
}

interface AstNode {
  readonly type: string;
  readonly name?: string;
  readonly left?: AstNode;
  readonly right?: AstNode;
  readonly children?: AstNode[];
}

type FunctionTable = Record<string, { _func: (args: unknown[]) => unknown }>;

interface InterpreterBase {
  runtime: { _functionTable: FunctionTable; callFunction(name: string, args: unknown[]): unknown };
  _rootValue: unknown;
  _scope: { withScope(scope: unknown): unknown };
  search(node: AstNode, value: unknown): unknown;
  visit(node: AstNode, value: unknown): unknown;
}

/** The library exports an instance; its class is what is extended. */
const Base = (TreeInterpreter as unknown as { constructor: new () => InterpreterBase }).constructor;

/** The budget of the evaluation under way (evaluation is synchronous: one at a time). */
let budget = new Budget();

class BoundedInterpreter extends Base {
  override visit(node: AstNode, value: unknown): unknown {
    budget.charge(1);
    if (node.type === 'Field') return ownField({ value, name: node.name! });
    if (node.type === 'Function') return checked(this.callBounded({ node, value }));
    if (node.type === 'Comparator' && (node.name === 'EQ' || node.name === 'NE'))
      return this.compareBounded({ node, value });
    return checked(super.visit(node, value));
  }

  /** `let` expressions evaluate in a scoped copy; it must stay bounded too. */
  withScope(scope: unknown): BoundedInterpreter {
    const scoped = new BoundedInterpreter();
    scoped.runtime._functionTable = this.runtime._functionTable;
    scoped._rootValue = this._rootValue;
    scoped._scope = this._scope.withScope(scope) as InterpreterBase['_scope'];
    return scoped;
  }

  evaluate(options: { ast: unknown; value: unknown }): unknown {
    budget = new Budget();
    const result = this.search(options.ast as AstNode, options.value);
    budget.weigh(result, SELECT_LIMITS.maxOutputChars);
    return result;
  }

  /** The first function the expression names that does not exist, found before anything is sent. */
  unknownFunction(ast: unknown): string | undefined {
    const stack: unknown[] = [ast];
    while (stack.length > 0) {
      const node = stack.pop() as Record<string, unknown> | undefined;
      if (!node || typeof node !== 'object' || node.type === 'Literal') continue;
      if (node.type === 'Function' && !Object.hasOwn(this.runtime._functionTable, String(node.name)))
        return String(node.name);
      for (const child of Object.values(node))
        if (child && typeof child === 'object') stack.push(...(Array.isArray(child) ? child : [child]));
    }
    return undefined;
  }

  private callBounded(options: { node: AstNode; value: unknown }): unknown {
    const args = (options.node.children ?? []).map((child) => this.visit(child, options.value));
    refuseGrowth({ name: options.node.name!, args });
    for (const arg of args) if (arg !== null && typeof arg === 'object') budget.weigh(arg, SELECT_LIMITS.work);
    return this.runtime.callFunction(options.node.name!, args);
  }

  /** Deep equality walks both sides without visiting nodes: weigh them first. */
  private compareBounded(options: { node: AstNode; value: unknown }): unknown {
    const left = this.visit(options.node.left!, options.value);
    const right = this.visit(options.node.right!, options.value);
    budget.weigh(left, SELECT_LIMITS.work);
    budget.weigh(right, SELECT_LIMITS.work);
    return super.visit({ ...options.node, left: literal(left), right: literal(right) }, options.value);
  }
}

function literal(value: unknown): AstNode {
  return { type: 'Literal', value } as AstNode;
}

function ownField(options: { value: unknown; name: string }): unknown {
  const { value, name } = options;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) return null;
  return (value as Record<string, unknown>)[name] ?? null;
}

function checked(result: unknown): unknown {
  if (typeof result === 'string' && result.length > SELECT_LIMITS.maxString) throw tooLong(result.length);
  if (Array.isArray(result)) {
    if (result.length > SELECT_LIMITS.maxArray)
      throw new SelectBudgetError(
        `a list of more than ${SELECT_LIMITS.maxArray.toLocaleString('en')} items would be built`,
      );
    budget.charge(result.length);
  }
  return result;
}

function tooLong(length: number): SelectBudgetError {
  return new SelectBudgetError(
    `a string of ${length.toLocaleString('en')} characters would be built (at most ${SELECT_LIMITS.maxString.toLocaleString('en')})`,
  );
}

/** The functions whose result can be far larger than their arguments, refused before they run. */
function refuseGrowth(options: { name: string; args: readonly unknown[] }): void {
  const length = grownLength(options);
  if (length > SELECT_LIMITS.maxString) throw tooLong(length);
}

function grownLength(options: { name: string; args: readonly unknown[] }): number {
  const [first, second, third] = options.args;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (options.name) {
    case 'pad_left':
    case 'pad_right':
      return typeof second === 'number' ? second : 0;
    case 'replace': {
      const subject = text(first);
      const search = text(second);
      const occurrences = search.length === 0 ? subject.length + 1 : Math.floor(subject.length / search.length);
      return subject.length + occurrences * text(third).length;
    }
    case 'join':
      return Array.isArray(second)
        ? second.reduce<number>((sum, item) => sum + text(item).length + text(first).length, 0)
        : 0;
    case 'to_string':
      return typeof first === 'string' ? first.length : budget.weigh(first, SELECT_LIMITS.maxString);
    default:
      return 0;
  }
}

export const boundedInterpreter = new BoundedInterpreter();
