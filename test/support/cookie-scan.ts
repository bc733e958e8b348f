import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Every cookie name the source can set, read from the code rather than listed by hand, so a
 * test can hold each one to the cookies page even on a route no test walks.
 *
 * It starts from what writes a `Set-Cookie`: @fastify/cookie's `reply.setCookie` / `cookie` /
 * `clearCookie`, and @fastify/csrf-protection's `cookieKey` option. A call's name argument is
 * followed back through constants, templates (an unknown part becomes `*`), conditionals and the
 * returns of functions it calls; when it is a parameter of the function around the call, that
 * function becomes a setter too and its own callers are read the same way (so `setCookie`,
 * `setSecurityCookie` and any new wrapper are found, not listed); when it is a property of a
 * parameter (`kind.cookie`), every object literal of that parameter's type gives its value of
 * the property (the shown-once kinds). Anything it cannot follow is reported, never skipped, and
 * a `set-cookie` header written by hand is reported too.
 */

export interface FoundCookie {
  /** The name, `*` standing for a part only known at run time (the council's slug). */
  name: string;
  /** file:line of the call or object that names it. */
  where: string;
}

export interface CookieScan {
  found: FoundCookie[];
  /** Places that set a cookie whose name could not be followed. */
  unknown: string[];
}

/** A parameter passed on as a cookie's name, with what the function puts around it (`__Host-${name}`). */
interface Passed {
  index: number;
  prefix: string;
  suffix: string;
}
type Value = { kind: 'name'; text: string } | ({ kind: 'param'; fn: ts.SignatureDeclaration } & Passed) | { kind: 'prop'; type: ts.Symbol; prop: string } | { kind: 'unknown' };

const SETTER_METHODS = new Set(['setCookie', 'cookie', 'clearCookie']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

export function scanCookieNames(root: string): CookieScan {
  const files = sourceFiles(join(root, 'src'));
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram(files, { ...(config?.options ?? {}), noEmit: true });
  const checker = program.getTypeChecker();
  const ours = program.getSourceFiles().filter((f) => f.fileName.startsWith(join(root, 'src')));
  const where = (node: ts.Node) => {
    const file = node.getSourceFile();
    return `${relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };
  const declaredIn = (symbol: ts.Symbol | undefined, pkg: string) => Boolean(symbol?.declarations?.some((d) => d.getSourceFile().fileName.includes(`/node_modules/${pkg}/`)));
  const symbolOf = (node: ts.Node) => {
    const symbol = checker.getSymbolAtLocation(node);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  };
  /** The function a symbol names, when it is one written in our source. */
  const functionOf = (symbol: ts.Symbol | undefined): ts.SignatureDeclaration | undefined => {
    const d = symbol?.valueDeclaration;
    if (!d || !d.getSourceFile().fileName.startsWith(join(root, 'src'))) return undefined;
    if (ts.isFunctionDeclaration(d) || ts.isMethodDeclaration(d)) return d;
    if (ts.isVariableDeclaration(d) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) return d.initializer;
    return undefined;
  };
  const returnsOf = (fn: ts.SignatureDeclaration): ts.Expression[] => {
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body) return [];
    if (!ts.isBlock(body)) return [body];
    const out: ts.Expression[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isFunctionLike(n)) return;
      if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
    return out;
  };

  function resolve(expr: ts.Expression, bindings: Map<ts.Symbol, Value[]>, depth = 0): Value[] {
    if (depth > 8) return [{ kind: 'unknown' }];
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr)) return resolve(expr.expression, bindings, depth);
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [{ kind: 'name', text: expr.text }];
    if (ts.isConditionalExpression(expr)) return [...resolve(expr.whenTrue, bindings, depth + 1), ...resolve(expr.whenFalse, bindings, depth + 1)];
    if (ts.isTemplateExpression(expr)) {
      const spans = expr.templateSpans.map((span) => resolve(span.expression, bindings, depth + 1));
      // A name passed in from outside with text around it (`__Host-${name}`): the callers give the name.
      const passed = spans.findIndex((parts) => parts.some((p) => p.kind === 'param'));
      if (passed >= 0) {
        if (spans.length > 1) return [{ kind: 'unknown' }];
        return spans[0].map((p) => (p.kind === 'param' ? { ...p, prefix: expr.head.text + p.prefix, suffix: p.suffix + expr.templateSpans[0].literal.text } : { kind: 'unknown' }));
      }
      let texts = [expr.head.text];
      expr.templateSpans.forEach((span, i) => {
        const parts = spans[i];
        const names = parts.every((p) => p.kind === 'name') ? parts.map((p) => (p as { text: string }).text) : ['*'];
        texts = texts.flatMap((t) => names.map((n) => t + n + span.literal.text));
      });
      return texts.map((text) => ({ kind: 'name', text }));
    }
    if (ts.isIdentifier(expr)) {
      const symbol = ts.isShorthandPropertyAssignment(expr.parent) ? checker.getShorthandAssignmentValueSymbol(expr.parent) : symbolOf(expr);
      if (!symbol) return [{ kind: 'unknown' }];
      const bound = bindings.get(symbol);
      if (bound) return bound;
      const d = symbol.valueDeclaration;
      if (d && ts.isParameter(d) && ts.isFunctionLike(d.parent)) return [{ kind: 'param', fn: d.parent as ts.SignatureDeclaration, index: d.parent.parameters.indexOf(d), prefix: '', suffix: '' }];
      if (d && ts.isVariableDeclaration(d) && d.initializer && ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const) return resolve(d.initializer, bindings, depth + 1);
      return [{ kind: 'unknown' }];
    }
    if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) {
      const owner = symbolOf(expr.expression)?.valueDeclaration;
      if (owner && ts.isParameter(owner)) {
        const type = checker.getTypeAtLocation(owner);
        const symbol = type.aliasSymbol ?? type.getSymbol();
        if (symbol) return [{ kind: 'prop', type: symbol, prop: expr.name.text }];
      }
      return [{ kind: 'unknown' }];
    }
    if (ts.isCallExpression(expr)) {
      const fn = functionOf(symbolOf(expr.expression));
      if (!fn) return [{ kind: 'unknown' }];
      const inner = new Map(bindings);
      fn.parameters.forEach((p, i) => {
        const s = checker.getSymbolAtLocation(p.name);
        if (s) inner.set(s, expr.arguments[i] ? resolve(expr.arguments[i], bindings, depth + 1) : [{ kind: 'unknown' }]);
      });
      return returnsOf(fn).flatMap((r) => resolve(r, inner, depth + 1));
    }
    return [{ kind: 'unknown' }];
  }

  const setters = new Map<ts.SignatureDeclaration, Passed[]>();
  const props: Array<{ type: ts.Symbol; prop: string }> = [];
  const found = new Map<string, FoundCookie>();
  const unknown = new Set<string>();

  /**
   * What a value that names a cookie set at `site` (inside `prefix…suffix`) tells: a name, a new
   * setter, a new property to read, or nothing known.
   */
  function take(values: Value[], site: ts.Node, prefix = '', suffix = ''): boolean {
    let grew = false;
    for (const v of values) {
      if (v.kind === 'name') {
        const name = prefix + v.text + suffix;
        found.set(`${name} ${where(site)}`, { name, where: where(site) });
      } else if (v.kind === 'param') {
        const passed = { index: v.index, prefix: prefix + v.prefix, suffix: v.suffix + suffix };
        const known = setters.get(v.fn) ?? [];
        if (!known.some((k) => k.index === passed.index && k.prefix === passed.prefix && k.suffix === passed.suffix)) {
          setters.set(v.fn, [...known, passed]);
          grew = true;
        }
      } else if (v.kind === 'prop') {
        if (!props.some((p) => p.type === v.type && p.prop === v.prop)) {
          props.push({ type: v.type, prop: v.prop });
          grew = true;
        }
      } else unknown.add(where(site));
    }
    return grew;
  }

  /** The name arguments of a call that sets a cookie (none when it is not one), with what the setter puts around each. */
  function nameArguments(call: ts.CallExpression): Array<{ arg: ts.Expression | undefined } & Passed> {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && SETTER_METHODS.has(callee.name.text) && declaredIn(checker.getSymbolAtLocation(callee), '@fastify/cookie')) {
      return [{ arg: call.arguments[0], index: 0, prefix: '', suffix: '' }];
    }
    const fn = functionOf(symbolOf(callee));
    return (fn ? (setters.get(fn) ?? []) : []).map((p) => ({ ...p, arg: call.arguments[p.index] }));
  }

  const visitAll = (visit: (n: ts.Node) => void) => {
    for (const file of ours) {
      const walk = (n: ts.Node) => {
        visit(n);
        ts.forEachChild(n, walk);
      };
      walk(file);
    }
  };

  // Until no new setter or property turns up: each round may make a wrapper's callers setters.
  for (let grew = true; grew; ) {
    grew = false;
    visitAll((n) => {
      if (ts.isCallExpression(n)) {
        for (const { arg, prefix, suffix } of nameArguments(n)) grew = take(arg ? resolve(arg, new Map()) : [{ kind: 'unknown' }], n, prefix, suffix) || grew;
        // A Set-Cookie header written by hand would pass every declaration by.
        const callee = n.expression;
        const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        if (['header', 'headers', 'setHeader', 'writeHead', 'appendHeader'].includes(method) && n.getText().toLowerCase().includes('set-cookie')) unknown.add(`${where(n)} (a Set-Cookie header written by hand)`);
      }
      if (ts.isObjectLiteralExpression(n)) {
        for (const p of n.properties) {
          const name = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
          if (name !== 'cookieKey') continue;
          const contextual = checker.getContextualType(n);
          const types = !contextual ? [] : contextual.isUnionOrIntersection() ? contextual.types : [contextual];
          if (!types.some((type) => declaredIn(type.getProperty('cookieKey'), '@fastify/csrf-protection'))) continue;
          const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
          if (value) grew = take(resolve(value, new Map()), p) || grew;
        }
      }
    });
    // Object literals of a type whose property a setter passes on (`{ cookie: '…' }` of a ShownOnce).
    visitAll((n) => {
      if (!ts.isObjectLiteralExpression(n)) return;
      const contextual = checker.getContextualType(n);
      const symbol = contextual && (contextual.aliasSymbol ?? contextual.getSymbol());
      for (const { type, prop } of props) {
        if (symbol !== type) continue;
        const p = n.properties.find((q) => q.name && ts.isIdentifier(q.name) && q.name.text === prop);
        const value = p && (ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined);
        if (value) grew = take(resolve(value, new Map()), p!) || grew;
        else unknown.add(`${where(n)} (no ${prop})`);
      }
    });
  }
  return { found: [...found.values()], unknown: [...unknown] };
}
