import { expect } from 'chai';
import { DomainValidationError, TaskDescription, TaskTitle, UserId } from '../../../../src/domain/index.js';
import { characterCount, hasControlCharacters, hasUnstorableCharacters } from '../../../../src/domain/shared/text.js';

describe('text rules', () => {
  it('finds NUL and lone surrogates, but not paired ones', () => {
    expect(hasUnstorableCharacters('a\u0000b')).to.equal(true);
    expect(hasUnstorableCharacters('broken \ud800 half')).to.equal(true);
    expect(hasUnstorableCharacters('lone low \udc00')).to.equal(true);
    expect(hasUnstorableCharacters('emoji 😀 and 中文')).to.equal(false);
  });

  it('finds C0 and C1 control characters, tab included unless allowed', () => {
    for (const character of ['\n', '\r', '\u0000', '\u001b', '\u007f', '\u0085']) {
      expect(hasControlCharacters(`a${character}b`)).to.equal(true);
      expect(hasControlCharacters(`a${character}b`, { allowTab: true })).to.equal(true);
    }
    expect(hasControlCharacters('a\tb')).to.equal(true);
    expect(hasControlCharacters('a\tb', { allowTab: true })).to.equal(false);
    expect(hasControlCharacters('plain text – with dashes')).to.equal(false);
  });

  it('counts code points', () => {
    expect(characterCount('😀😀')).to.equal(2);
    expect(characterCount('abc')).to.equal(3);
  });

  it('titles refuse control characters and broken Unicode; descriptions allow line breaks but not NUL', () => {
    for (const title of ['line\nbreak', 'nul\u0000', 'half \ud83d']) {
      expect(() => TaskTitle.from(title), JSON.stringify(title)).to.throw(DomainValidationError);
    }
    expect(TaskDescription.from('line one\nline two\ttabbed').value).to.equal('line one\nline two\ttabbed');
    for (const description of ['nul\u0000', 'half \ud83d']) {
      expect(() => TaskDescription.from(description), JSON.stringify(description)).to.throw(DomainValidationError);
    }
    expect(() => UserId.from('user\ud800')).to.throw(DomainValidationError);
    expect(() => UserId.from('user\tname')).to.throw(DomainValidationError);
  });
});
