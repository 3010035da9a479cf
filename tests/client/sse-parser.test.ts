/** The client's event-stream parser, on the framings the standard allows, whatever the chunk boundaries. */
import { expect } from 'chai';
import fc from 'fast-check';
import { SseParser, type SseMessage } from '../../client/src/sse-parser.js';

const parseAll = (chunks: string[], lastEventId?: string): { messages: SseMessage[]; parser: SseParser } => {
  const parser = new SseParser(lastEventId);
  return { messages: chunks.flatMap((chunk) => parser.push(chunk)), parser };
};

describe('client: SseParser', () => {
  it('reads id, event and data, and ignores comments and unknown fields', () => {
    const { messages } = parseAll([': heartbeat\n\nid: 7\nevent: task.created\nfoo: bar\ndata: {"a":1}\n\n']);
    expect(messages).to.deep.equal([{ event: 'task.created', data: '{"a":1}', lastEventId: '7', hasId: true }]);
  });

  it('joins data lines with a line feed and defaults the event to "message"', () => {
    const { messages } = parseAll(['data: one\ndata:two\ndata\n\n']);
    expect(messages).to.deep.equal([{ event: 'message', data: 'one\ntwo\n', lastEventId: undefined, hasId: false }]);
  });

  it('accepts CRLF, CR and LF line endings, also when a CRLF is split across chunks', () => {
    const { messages } = parseAll(['id: 1\r\ndata: a\r', '\n\r\nid: 2\rdata: b\r\r', 'id: 3\ndata: c\n\n']);
    expect(messages.map((message) => [message.lastEventId, message.data])).to.deep.equal([
      ['1', 'a'],
      ['2', 'b'],
      ['3', 'c'],
    ]);
  });

  it('keeps the last id for messages without one, and does not dispatch a frame without data', () => {
    const { messages } = parseAll(['id: 5\n\n', 'event: reset\ndata: {}\n\n'], '4');
    expect(messages).to.deep.equal([{ event: 'reset', data: '{}', lastEventId: '5', hasId: false }]);
  });

  it('takes retry only when it is all digits, and ignores ids with NUL', () => {
    const { messages, parser } = parseAll(['retry: 2000\n\nretry: 5s\n\nid: a\u0000b\ndata: x\n\n'], '9');
    expect(parser.retryMs).to.equal(2000);
    expect(messages).to.deep.equal([{ event: 'message', data: 'x', lastEventId: '9', hasId: false }]);
  });

  it('holds an unfinished message until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('id: 1\ndata: par')).to.deep.equal([]);
    expect(parser.push('tial\n')).to.deep.equal([]);
    expect(parser.push('\n')).to.deep.equal([{ event: 'message', data: 'partial', lastEventId: '1', hasId: true }]);
  });

  it('gives the same messages however the stream is cut into chunks', () => {
    const frame = fc.record({
      id: fc.stringMatching(/^[0-9]{1,16}$/),
      event: fc.constantFrom('task.created', 'task.updated', 'task.deleted'),
      data: fc.string({ unit: fc.constantFrom('a', 'é', '{', '"', ' ', ':', '😀'), maxLength: 20 }),
    });
    fc.assert(
      fc.property(
        fc.array(frame, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 8 }),
        (frames, eol, cuts) => {
          const text = frames.map((f) => `: hb${eol}id: ${f.id}${eol}event: ${f.event}${eol}data: ${f.data}${eol}${eol}`).join('');
          const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...positions].map((start, index, all) => text.slice(start, all[index + 1] ?? text.length));
          const { messages } = parseAll(chunks);
          expect(messages).to.deep.equal(frames.map((f) => ({ event: f.event, data: f.data, lastEventId: f.id, hasId: true })));
        },
      ),
    );
  });
});
