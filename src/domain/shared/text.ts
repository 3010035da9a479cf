/** Rules for text that users give us and that must come back exactly as given. */

// A NUL cannot be stored in a PostgreSQL text column, and a lone UTF-16 surrogate cannot be encoded as UTF-8
// (it would silently come back as U+FFFD): refusing both up front means nothing is lost or altered on the way.
const UNSTORABLE = /\u0000|\p{Surrogate}/u;
// C0 and C1 control characters (incl. DEL): line breaks, escapes and the like have no place in a one-line value.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

export function hasUnstorableCharacters(text: string): boolean {
  return UNSTORABLE.test(text);
}

/** `allowTab` for human text, where a tab is ordinary white space pasted from a spreadsheet. */
export function hasControlCharacters(text: string, options: { allowTab?: boolean } = {}): boolean {
  return (options.allowTab ? CONTROL_BUT_TAB : CONTROL).test(text);
}

/** Length as people count it: code points, so an emoji is one character. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
