import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { CliOutput, printable } from '../../../../src/interfaces/cli/cli-output.js';

function capture(): { output: CliOutput; text: () => string } {
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { output: new CliOutput({ stdout, stderr: new PassThrough() }), text: () => chunks.join('') };
}

describe('CliOutput', () => {
  it('escapes control characters and bidirectional overrides, and leaves other text alone', () => {
    expect(printable('a\nb\tc\u001b[2J\u0007\u202eé🙂')).to.equal('a\\nb\\tc\\u001b[2J\\u0007\\u202eé🙂');
  });

  it('pads table columns to their widest cell, counted in characters rather than UTF-16 units', () => {
    const { output, text } = capture();

    output.table(['ID', 'TITLE'], [['1', 'Short'], ['🙂🙂🙂', 'Line\nbreak']]);

    expect(text()).to.equal('ID   TITLE\n1    Short\n🙂🙂🙂  Line\\nbreak\n');
  });

  it('prints JSON as one document followed by a newline', () => {
    const { output, text } = capture();

    output.json({ a: [1, 'x\u001b'] });

    expect(JSON.parse(text())).to.deep.equal({ a: [1, 'x\u001b'] });
    expect(text().endsWith('}\n')).to.equal(true);
  });
});
