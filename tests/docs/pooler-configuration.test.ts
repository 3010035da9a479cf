/**
 * The pooler section of docs/operate/deploy-and-scale.md shows the setup tests/http/transaction-pooler.test.ts runs:
 * the pgbouncer.ini that tests/support/pgbouncer.ts renders (with the page's addresses and paths), the statement
 * timeout on the database, and the service's variables.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DATABASE_STATEMENT_TIMEOUT_SETTING, pgBouncerIni, POOLED_SERVICE_SETTINGS } from '../support/pgbouncer.js';

const PAGE = 'docs/operate/deploy-and-scale.md';
const SECTION = '## Behind a transaction-pooling proxy';

/** The page's pooler section, up to the next `## ` heading. */
function poolerSection(): string {
  const page = readFileSync(fileURLToPath(new URL(`../../${PAGE}`, import.meta.url)), 'utf8');
  const start = page.indexOf(`\n${SECTION}\n`);
  expect(start, `${PAGE} has a section "${SECTION}"`).to.be.greaterThan(-1);
  const end = page.indexOf('\n## ', start + SECTION.length + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** The contents of the section's fenced blocks in `language`. */
function blocks(section: string, language: string): string[] {
  return [...section.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!);
}

describe(`${PAGE}: the pooler setup the tests run`, () => {
  const section = poolerSection();

  it('shows the pgbouncer.ini the tests run PgBouncer with', () => {
    const documented = pgBouncerIni({
      listenAddress: '0.0.0.0',
      listenPort: 6432,
      serverHost: 'postgres.internal',
      serverPort: 5432,
      database: 'tasks',
      authFile: '/etc/pgbouncer/userlist.txt',
    });
    expect(blocks(section, 'ini')).to.deep.equal([documented]);
  });

  it('puts the statement timeout on the database, as the tests do', () => {
    expect(blocks(section, 'sql')).to.deep.equal([`ALTER DATABASE tasks SET statement_timeout = '${DATABASE_STATEMENT_TIMEOUT_SETTING}';\n`]);
  });

  it('sets the variables the tests start the service with', () => {
    const [environment] = blocks(section, 'sh');
    const set = new Map([...(environment ?? '').matchAll(/^([A-Z_]+)=(\S*)/gm)].map((match) => [match[1]!, match[2]!]));
    expect([...set.keys()].sort()).to.deep.equal(['DATABASE_LISTEN_URL', 'DATABASE_URL', ...Object.keys(POOLED_SERVICE_SETTINGS)].sort());
    for (const [name, value] of Object.entries(POOLED_SERVICE_SETTINGS)) expect(set.get(name), name).to.equal(value);
    expect(set.get('DATABASE_URL')).to.match(/:6432\/tasks$/);
    expect(set.get('DATABASE_LISTEN_URL')).to.match(/^postgresql:\/\/[^@]+@postgres\.internal:5432\/tasks$/);
  });
});
