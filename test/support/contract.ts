/**
 * The API contract, enforced: every response a test receives from /api/v1 is checked against
 * docs/openapi.yaml — its path and method are documented, its status is (or the operation's
 * `default`, the error body), and a JSON body matches the schema given for it. A test file that
 * received anything else fails, naming each mismatch.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ROOT } from './spawn.ts';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type PathItem = Record<string, Operation>;

const doc = parse(fs.readFileSync(path.join(ROOT, 'docs/openapi.yaml'), 'utf8')) as {
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
};

// CommonJS packages: their class and function are the module's default export, or under `default`.
const unwrap = <T>(m: T): T => ((m as { default?: T }).default ?? m) as T;
const ajv = new (unwrap(Ajv2020))({ strict: false, allErrors: true });
unwrap(addFormats)(ajv);
ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');

/** `{id}` matches one path segment; fixed segments win over templated ones (as express routes them). */
const routes = Object.entries(doc.paths)
  .map(([p, item]) => ({
    template: p,
    re: new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    fixed: p.split('/').filter((s) => !s.startsWith('{')).length,
    item,
  }))
  .sort((a, b) => b.fixed - a.fixed);

/** The JSON schema of a response, with $refs pointing into the document's components. */
function schemaOf(s: unknown): unknown {
  return JSON.parse(JSON.stringify(s).replace(/"#\/components\//g, '"openapi#/components/'));
}

const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function validator(key: string, schema: unknown) {
  let v = validators.get(key);
  if (!v) validators.set(key, (v = ajv.compile(schemaOf(schema) as object)));
  return v;
}

function resolveResponse(r: unknown): { content?: Record<string, { schema?: unknown }> } {
  const ref = (r as { $ref?: string }).$ref;
  return ref ? (doc.components.responses[ref.split('/').pop() as string] as never) : (r as never);
}

/** What is wrong with one response, or null. */
export function contractProblem(
  method: string,
  url: string,
  status: number,
  contentType: string | undefined,
  body: unknown,
): string | null {
  const pathname = url.split('?')[0];
  if (!pathname.startsWith('/api/v1/')) return null;
  const at = `${method.toUpperCase()} ${pathname} → ${status}`;
  const route = routes.find((r) => r.re.test(pathname));
  const op = route?.item[method.toLowerCase()];
  const isError = (b: unknown) => validator('error', { $ref: '#/components/schemas/Error' })(b);
  // Anything not documented answers 404 (or 405) with the error body.
  if (!op)
    return (status === 404 || status === 405) && isError(body) ? null : `${at}: ${route ? 'method' : 'path'} not in docs/openapi.yaml`;
  const documented = op.responses[String(status)] ?? (status >= 400 ? op.responses.default : undefined);
  if (!documented) return `${at}: status not documented for ${route?.template}`;
  const response = resolveResponse(documented);
  if (status === 304 || status === 204) return null;
  const type = (contentType ?? '').split(';')[0].trim();
  if (!type) return null;
  const content = response.content?.[type];
  if (!content) return `${at}: ${type} not documented for ${route?.template}`;
  if (type !== 'application/json' || !content.schema) return null;
  const v = validator(`${route?.template} ${method} ${status}`, content.schema);
  if (v(body)) return null;
  return `${at}: body does not match the schema: ${ajv.errorsText(v.errors, { separator: '; ' }).slice(0, 400)}`;
}

export interface ContractLog {
  /** API responses checked. */
  checked: number;
  /** What broke the contract. */
  problems: string[];
}

/** Watches a supertest agent's responses into `log`. */
export function contractChecked<T extends object>(agent: T, log: ContractLog): T {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || !['get', 'post', 'put', 'delete', 'patch', 'head'].includes(String(prop))) return value;
      return (url: string, ...rest: unknown[]) => {
        const test = value.call(target, url, ...rest);
        test.on('response', (res: { status: number; headers: Record<string, string>; body: unknown }) => {
          if (url.startsWith('/api/v1/')) log.checked++;
          const p = contractProblem(String(prop), url, res.status, res.headers['content-type'], res.body);
          if (p) log.problems.push(p);
        });
        return test;
      };
    },
  });
}
