/**
 * The admin CLI's page names what the CLI has: every command and every flag that `tasks-admin` defines appears in
 * docs/operate/admin-cli.md, so that a new command or flag cannot ship undocumented.
 */
import { expect } from 'chai';
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { tasksAdminProgram } from '../../src/interfaces/cli/tasks-admin.js';

const PAGE = readFileSync(path.join(fileURLToPath(new URL('../../', import.meta.url)), 'docs/operate/admin-cli.md'), 'utf8');

interface DefinedCommand {
  /** `tasks move`: the words that run it after `tasks-admin`. */
  name: string;
  flags: string[];
}

function commandsOf(command: Command, prefix: string[] = []): DefinedCommand[] {
  return command.commands.flatMap((sub) => {
    const words = [...prefix, sub.name()];
    const flags = sub.options.map((option) => option.long).filter((flag) => flag !== undefined);
    return [{ name: words.join(' '), flags }, ...commandsOf(sub, words)];
  });
}

describe('docs: the admin CLI page', () => {
  const { program } = tasksAdminProgram({ env: {}, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
  const commands = commandsOf(program);

  it('finds the commands it checks', () => {
    expect(commands.map((command) => command.name)).to.include.members(['tasks list', 'tasks move', 'export', 'import']);
  });

  it('names every command', () => {
    expect(commands.map((command) => command.name).filter((name) => !PAGE.includes(`tasks-admin ${name}`))).to.deep.equal([]);
  });

  it('names every flag of every command', () => {
    const missing = commands.flatMap(({ name, flags }) => flags.filter((flag) => !PAGE.includes(flag)).map((flag) => `${name} ${flag}`));
    expect(missing).to.deep.equal([]);
  });
});
