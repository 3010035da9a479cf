/** What every `tasks-admin` command shares: help, exit codes for bad usage and an unreachable database, clean stdout. */
import { expect } from 'chai';
import { freePort } from '../../src/infrastructure/system/free-port.js';
import { AdminCli, CLI_LAUNCHER, runCli } from '../support/built-cli.js';

const COMMANDS = [
  ['migrate'],
  ['token'],
  ['tasks'],
  ['tasks', 'list'],
  ['tasks', 'show'],
  ['tasks', 'create'],
  ['tasks', 'update'],
  ['tasks', 'complete'],
  ['tasks', 'reopen'],
  ['tasks', 'move'],
  ['tasks', 'delete'],
  ['labels'],
  ['labels', 'list'],
  ['labels', 'rename'],
  ['labels', 'delete'],
  ['stats'],
  ['export'],
  ['import'],
  ['purge'],
  ['compact'],
];

describe('CLI: usage, exit codes and output', function () {
  this.timeout(120_000);
  let cli: AdminCli;

  before(async () => {
    cli = await AdminCli.start();
  });
  after(async () => {
    await cli.stop();
  });

  it('has --help on every command, on stdout, with exit 0', async () => {
    const results = await Promise.all(COMMANDS.map((command) => cli.run(...command, '--help')));

    results.forEach((result, index) => {
      const command = COMMANDS[index]!.join(' ');
      expect(result.code, command).to.equal(0);
      expect(result.stdout, command).to.include(`Usage: tasks-admin ${command}`);
      expect(result.stderr, command).to.equal('');
    });
    expect(results[0]!.stdout).to.include('--status');
    expect(results[1]!.stdout).to.include('--ttl <duration>');
  });

  it('lists the commands and the exit codes in the top-level help', async () => {
    const help = await cli.run('--help');

    expect(help.code).to.equal(0);
    for (const command of ['migrate', 'token', 'tasks', 'labels', 'stats', 'export', 'import', 'purge', 'compact']) {
      expect(help.stdout).to.match(new RegExp(`^  ${command} `, 'm'));
    }
    expect(help.stdout).to.include('Exit codes: 0 success, 2 bad usage, 3 not found, 4 validation error, 5 database unavailable');
  });

  it('exits 2 with one line on stderr for bad usage', async () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage: tasks-admin/],
      [['frobnicate'], /^error: unknown command 'frobnicate'/],
      [['tasks', 'list'], /^error: required option '--user <id>' not specified\n$/],
      [['tasks', 'list', '--user', 'u', '--colour'], /^error: unknown option '--colour'/],
      [['tasks', 'show', '--user', 'u', '--id', 'x', 'extra'], /^error: too many arguments for 'show'/],
      [
        ['tasks', 'update', '--user', 'u', '--id', 'x'],
        /^error: Nothing to change: give --title, --description, --no-description, --due, --no-due, --priority, --label, --no-labels, --list, --repeat, --no-repeat or --repeat-from\n$/,
      ],
      [['tasks', 'update', '--user', 'u', '--id', 'x', '--label', 'a', '--no-labels'], /^error: Give either --label or --no-labels, not both\n$/],
      [['labels', 'rename', '--user', 'u', '--name', 'x'], /^error: required option '--to <name>' not specified\n$/],
      [['token', '--user', 'u', '--ttl', 'forever'], /^error: option '--ttl <duration>' argument 'forever' is invalid\. must be a duration from 1s to 30d/],
      [['import', '--user', 'u', 'no-such-file.json'], /^error: Cannot read no-such-file.json: no such file\n$/],
    ];

    const results = await Promise.all(cases.map(([args]) => cli.run(...args)));

    results.forEach((result, index) => {
      const [args, stderr] = cases[index]!;
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stdout, args.join(' ')).to.equal('');
      expect(result.stderr, args.join(' ')).to.match(stderr);
    });
  });

  it('exits 2 naming each bad environment variable, as the server does', async () => {
    const result = await cli.withEnv({ DATABASE_URL: 'mysql://nope', BETTER_AUTH_SECRET: 'short' }).run('stats');

    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^error: Invalid configuration: DATABASE_URL: .*; BETTER_AUTH_SECRET: .*\n$/);
  });

  it('exits 5 with the reason when the database cannot be reached', async () => {
    const port = await freePort(); // nothing listens there
    const unreachable = cli.withEnv({ DATABASE_URL: `postgresql://postgres:secret@127.0.0.1:${port}/tasks` });

    const results = await Promise.all([
      unreachable.run('stats'),
      unreachable.run('tasks', 'list', '--user', 'u'),
      unreachable.run('migrate', '--status'),
      unreachable.run('compact', '--dry-run'),
    ]);

    for (const result of results) {
      expect(result).to.deep.equal({ code: 5, stdout: '', stderr: `error: Database unavailable: connect ECONNREFUSED 127.0.0.1:${port}\n` });
    }
  });

  it('adds the stack trace of a failure only with --verbose', async () => {
    const args = ['tasks', 'show', '--user', 'u', '--id', '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f11'];
    const [quiet, verbose] = await Promise.all([cli.run(...args), cli.run('--verbose', ...args)]);

    expect(quiet).to.deep.equal({ code: 3, stdout: '', stderr: 'error: Task not found\n' });
    expect(verbose.code).to.equal(3);
    expect(verbose.stderr).to.match(/^error: Task not found\nTaskNotFoundError: Task not found\n\s+at /);
  });

  it('runs through the bin launcher that `npx tasks-admin` uses', async () => {
    const result = await runCli(cli.workDir, ['token', '--help'], { entry: CLI_LAUNCHER, env: cli.env });

    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('Usage: tasks-admin token');
  });
});
