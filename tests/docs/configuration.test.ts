/**
 * The configuration pages say what the code reads: every environment variable `config.ts` reads is documented in
 * docs/operate/configuration.md and in .env.example, and every variable either documents is still read. The
 * variables are found in config.ts's source — the keys of the schema it parses the environment with, and any
 * `env.NAME` it reads directly — and checked against what `loadConfig` really asks the environment for.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../src/infrastructure/config/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG_SOURCE = 'src/infrastructure/config/config.ts';
const CONFIGURATION_PAGE = 'docs/operate/configuration.md';
const ENV_EXAMPLE = '.env.example';

const VARIABLE = /^[A-Z][A-Z0-9_]*$/;

const read = (relative: string) => readFileSync(path.join(ROOT, relative), 'utf8');

/**
 * The variables a config source reads: the keys of the object schema it calls `safeParse(env)` with, and every
 * `env.NAME` / `env['NAME']` (also `process.env.NAME`) in it.
 */
export function variablesReadBy(source: string): string[] {
  const names = new Set<string>();
  const schemaName = /(\w+)\.safeParse\(\s*env\s*\)/.exec(source)?.[1];
  if (schemaName) {
    const start = new RegExp(`\\b${schemaName}\\s*=\\s*z\\s*\\.\\s*object\\(\\s*\\{`).exec(source);
    if (start) for (const key of topLevelKeys(source, start.index + start[0].length)) names.add(key);
  }
  for (const match of source.matchAll(/\benv(?:\.([A-Za-z_]\w*)|\[\s*(['"])([^'"]+)\2\s*\])/g)) {
    const name = match[1] ?? match[3]!;
    if (VARIABLE.test(name)) names.add(name);
  }
  return [...names].sort();
}

/** The keys of the object literal whose body starts at `from` (just after its `{`), skipping nested code. */
function topLevelKeys(source: string, from: number): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectingKey = true;
  for (let index = from; index < source.length; index++) {
    const character = source[index]!;
    if (character === '/' && source[index + 1] === '/') {
      index = source.indexOf('\n', index);
      if (index < 0) break;
      continue;
    }
    if (character === '/' && source[index + 1] === '*') {
      index = source.indexOf('*/', index) + 1;
      continue;
    }
    if (character === "'" || character === '"' || character === '`') {
      const end = endOfString(source, index);
      if (depth === 0 && expectingKey && character !== '`') {
        const key = /^\s*:/.test(source.slice(end + 1)) ? source.slice(index + 1, end) : null;
        if (key) keys.push(key);
      }
      index = end;
      expectingKey = false;
      continue;
    }
    if ('({['.includes(character)) depth++;
    else if (')}]'.includes(character)) {
      if (depth === 0) break; // the end of the object
      depth--;
    } else if (depth === 0 && character === ',') expectingKey = true;
    else if (depth === 0 && expectingKey && /[A-Za-z_$]/.test(character)) {
      const identifier = /^[A-Za-z_$][\w$]*/.exec(source.slice(index))![0];
      if (/^\s*:/.test(source.slice(index + identifier.length))) keys.push(identifier);
      index += identifier.length - 1;
      expectingKey = false;
    }
  }
  return keys;
}

function endOfString(source: string, start: number): number {
  const quote = source[start];
  for (let index = start + 1; index < source.length; index++) {
    if (source[index] === '\\') index++;
    else if (source[index] === quote) return index;
  }
  return source.length;
}

/** Variables named in the first cell of the tables of a markdown page: `| \`PORT\` | 8000 | … |`. */
export function variablesInTables(markdown: string): string[] {
  const names = new Set<string>();
  for (const line of markdown.split(/\r?\n/)) {
    const firstCell = /^\s*\|([^|]*)\|/.exec(line)?.[1];
    if (!firstCell) continue;
    for (const match of firstCell.matchAll(/`([^`]+)`/g)) if (VARIABLE.test(match[1]!)) names.add(match[1]!);
  }
  return [...names].sort();
}

/** Variables set, or shown commented out, in an env file: `PORT=8000`, `# DATABASE_URL=postgresql://…`. */
export function variablesInEnvFile(text: string): string[] {
  return [...new Set([...text.matchAll(/^[ \t]*#?[ \t]*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!))].sort();
}

export interface Documentation {
  readonly file: string;
  readonly variables: readonly string[];
}

/** One line per disagreement between what the code reads and what each document lists. */
export function configurationDrift(source: string, readVariables: readonly string[], documents: readonly Documentation[]): string[] {
  const problems: string[] = [];
  for (const document of documents) {
    for (const name of readVariables) {
      if (!document.variables.includes(name)) problems.push(`${name} is read by ${source} but missing from ${document.file}`);
    }
    for (const name of document.variables) {
      if (!readVariables.includes(name)) problems.push(`${name} is documented in ${document.file} but ${source} does not read it`);
    }
  }
  return problems;
}

/** What `loadConfig` asks an environment for, whatever the source says. */
function variablesLoadConfigAsksFor(): string[] {
  const asked = new Set<string>();
  const environment = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_target, key) => {
      if (typeof key === 'string' && VARIABLE.test(key)) asked.add(key);
      return undefined;
    },
  });
  try {
    loadConfig(environment);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
  }
  return [...asked].sort();
}

describe('configuration documentation', () => {
  const readVariables = variablesReadBy(read(CONFIG_SOURCE));

  it(`finds every variable ${CONFIG_SOURCE} reads in its source`, () => {
    expect(readVariables).to.include.members(['PORT', 'DATABASE_URL', 'NODE_ENV']);
    expect(readVariables, 'the variables found in the source against those loadConfig asks for').to.deep.equal(
      variablesLoadConfigAsksFor(),
    );
  });

  it(`${CONFIGURATION_PAGE} and ${ENV_EXAMPLE} document exactly the variables it reads`, () => {
    const problems = configurationDrift(CONFIG_SOURCE, readVariables, [
      { file: CONFIGURATION_PAGE, variables: variablesInTables(read(CONFIGURATION_PAGE)) },
      { file: ENV_EXAMPLE, variables: variablesInEnvFile(read(ENV_EXAMPLE)) },
    ]);
    expect(problems, `configuration documentation out of date:\n  ${problems.join('\n  ')}\n`).to.deep.equal([]);
  });

  it('reports a variable missing from a document, and one documented but no longer read, naming both', () => {
    const source = [
      "const Schema = z.object({",
      "  PORT: z.coerce.number().default(8000), // a comment: NOT_A_KEY: here",
      "  'QUOTED_NAME': optionalText,",
      "  NESTED: z.object({ INNER: z.string() }).transform((value) => ({ OTHER: value })),",
      "  MESSAGE: optionalText.refine(() => true, { message: 'DECOY: in a string' }),",
      "});",
      "const parsed = Schema.safeParse(env);",
      "const direct = env.DIRECT_READ ?? env['BRACKET_READ'];",
    ].join('\n');
    const found = variablesReadBy(source);
    expect(found).to.deep.equal(['BRACKET_READ', 'DIRECT_READ', 'MESSAGE', 'NESTED', 'PORT', 'QUOTED_NAME']);

    const page = '| variable | default |\n|---|---|\n| `PORT` | `8000` |\n| `OLD_NAME` | unset, see `NESTED` |\n';
    const envFile = 'PORT=8000\n# NESTED=1\n# A comment naming MESSAGE\n';
    expect(variablesInTables(page)).to.deep.equal(['OLD_NAME', 'PORT']);
    expect(variablesInEnvFile(envFile)).to.deep.equal(['NESTED', 'PORT']);
    expect(
      configurationDrift('config.ts', ['NESTED', 'PORT'], [
        { file: 'configuration.md', variables: variablesInTables(page) },
        { file: '.env.example', variables: variablesInEnvFile(envFile) },
      ]),
    ).to.deep.equal([
      'NESTED is read by config.ts but missing from configuration.md',
      'OLD_NAME is documented in configuration.md but config.ts does not read it',
    ]);
  });
});
