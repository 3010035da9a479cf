/**
 * Every relative link in the project's markdown points at something that exists: a file or folder, and for an
 * `#anchor` into a markdown file, one of its headings as GitHub names them. Links to web pages are not followed;
 * code spans and fenced code are not links, so a path written as `src/main.ts` is prose, not a link.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** README.md, docs/**, client/README.md and the examples' READMEs, as paths relative to the project. */
function documentationFiles(): string[] {
  const files = ['README.md', 'client/README.md'].filter((file) => existsSync(path.join(ROOT, file)));
  files.push(...markdownUnder('docs', () => true), ...markdownUnder('examples', (name) => name === 'README.md'));
  return files;
}

function markdownUnder(folder: string, wanted: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.md') && wanted(entry.name)) found.push(child);
    }
  };
  if (existsSync(path.join(ROOT, folder))) walk(folder);
  return found.sort();
}

export interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

/** A markdown file's lines with fenced code blanked out, so that nothing in it is taken for a link or heading. */
function proseLines(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split(/\r?\n/).map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && marker) {
      fence = marker;
      return '';
    }
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
      return '';
    }
    return line;
  });
}

/** A line without its code spans (`…`, ``…``), each replaced by its content or by blanks. */
function withoutCodeSpans(line: string, keepContent: boolean): string {
  return line.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_span, _ticks: string, content: string) =>
    keepContent ? content.trim() : ' '.repeat(content.length),
  );
}

/**
 * `[text](target "title")` or `![alt](target)`: the text may hold one level of brackets, the target may be in
 * `<…>` or hold balanced parentheses, and a title may follow it.
 */
const INLINE_LINK = /!?\[(?:[^[\]]|\[[^[\]]*\])*\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;

/** Inline links and images `[text](target "title")`, and reference definitions `[label]: target`. */
export function linksIn(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseLines(markdown).forEach((raw, index) => {
    const line = withoutCodeSpans(raw, false);
    for (const match of line.matchAll(INLINE_LINK)) {
      links.push({ line: index + 1, target: match[1]!.replace(/^<|>$/g, '') });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (definition) links.push({ line: index + 1, target: definition[1]!.replace(/^<|>$/g, '') });
  });
  return links;
}

/** The anchors GitHub gives a markdown file's headings (and any `id`/`name` written in its HTML). */
export function anchorsIn(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  const lines = proseLines(markdown);
  lines.forEach((line, index) => {
    const atx = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    const next = lines[index + 1] ?? '';
    const setext = line.trim() !== '' && !/^\s{0,3}([-*_>|#]|\d+\.)/.test(line) && /^\s{0,3}(=+|-+)\s*$/.test(next) ? line : undefined;
    const heading = atx ?? setext;
    if (heading !== undefined) {
      const slug = githubSlug(heading);
      const seen = counts.get(slug) ?? 0;
      counts.set(slug, seen + 1);
      anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
    }
    for (const match of withoutCodeSpans(line, false).matchAll(/<[a-z][^>]*\s(?:id|name)="([^"]+)"/gi)) anchors.add(match[1]!);
  });
  return anchors;
}

/**
 * GitHub's anchor for a heading: its text as rendered (links and images by their text, code spans by their
 * content, emphasis and HTML dropped), lowercased, punctuation other than `-` and `_` removed, each space a `-`.
 */
export function githubSlug(heading: string): string {
  const text = heading
    .split(/(`+[\s\S]*?`+)/)
    .map((part, index) => {
      if (index % 2 === 1) return withoutCodeSpans(part, true);
      return part
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]+>/g, '')
        .replace(/(^|[^\p{L}\p{N}])_+([^_]+?)_+(?=[^\p{L}\p{N}]|$)/gu, '$1$2');
    })
    .join('');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** What is wrong with one link of `file`: null when it holds, else why not. */
function problemWith(file: string, target: string, readFile: (file: string) => string | null): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return null; // a web page, mail address, …
  const hash = target.indexOf('#');
  const rawPath = hash < 0 ? target : target.slice(0, hash);
  const anchor = hash < 0 ? null : target.slice(hash + 1);
  let linked: string;
  try {
    const decoded = decodeURIComponent(rawPath.split('?')[0]!);
    linked = decoded === '' ? file : decoded.startsWith('/') ? path.posix.normalize(decoded.slice(1)) : path.posix.join(path.posix.dirname(file), decoded);
  } catch {
    return 'is not a valid URL';
  }
  if (linked.startsWith('..')) return 'points outside the project';
  const content = readFile(linked);
  if (content === null && !isDirectory(linked)) return `points to ${linked}, which does not exist`;
  if (anchor === null || anchor === '' || !linked.endsWith('.md') || content === null) return null;
  return anchorsIn(content).has(decodeURIComponent(anchor)) ? null : `points to #${anchor}, which is no heading of ${linked}`;
}

function isDirectory(relative: string): boolean {
  try {
    return statSync(path.join(ROOT, relative)).isDirectory();
  } catch {
    return false;
  }
}

/** Every broken link in `files` (project-relative paths), as `file:line: [target] …why`. */
export function brokenLinks(files: readonly string[], readFile: (file: string) => string | null): string[] {
  const broken: string[] = [];
  for (const file of files) {
    const markdown = readFile(file) ?? '';
    for (const link of linksIn(markdown)) {
      const problem = problemWith(file, link.target, readFile);
      if (problem) broken.push(`${file}:${link.line}: (${link.target}) ${problem}`);
    }
  }
  return broken;
}

function readProjectFile(relative: string): string | null {
  try {
    const absolute = path.join(ROOT, relative);
    return statSync(absolute).isFile() ? readFileSync(absolute, 'utf8') : null;
  } catch {
    return null;
  }
}

describe('documentation links', () => {
  it('finds the documentation to check', () => {
    const files = documentationFiles();
    expect(files).to.include.members(['README.md', 'docs/operate/configuration.md', 'docs/develop/architecture.md']);
    expect(files.some((file) => file.includes('node_modules'))).to.equal(false);
  });

  it('every relative link and image points to a file, folder or heading that exists', () => {
    const broken = brokenLinks(documentationFiles(), readProjectFile);
    expect(broken, `broken links:\n  ${broken.join('\n  ')}\n`).to.deep.equal([]);
  });

  it('reports a missing file, a missing heading and a link out of the project, by file and line', () => {
    const pages: Record<string, string> = {
      'docs/a.md': [
        '# A page',
        '',
        'See [b](b.md#second-part), [gone](missing.md), [no such heading](b.md#third),',
        '![picture](img/none.png) and [outside](../../../etc/passwd).',
        '`[not a link](nowhere.md)` and',
        '```',
        '[also not a link](nowhere.md)',
        '```',
        '[web](https://example.com/x.md) [here](#a-page) [there](#nowhere)',
      ].join('\n'),
      'docs/b.md': '# B\n\n## Second part\n',
    };
    const broken = brokenLinks(['docs/a.md'], (file) => pages[file] ?? null);
    expect(broken).to.deep.equal([
      'docs/a.md:3: (missing.md) points to docs/missing.md, which does not exist',
      'docs/a.md:3: (b.md#third) points to #third, which is no heading of docs/b.md',
      'docs/a.md:4: (img/none.png) points to docs/img/none.png, which does not exist',
      'docs/a.md:4: (../../../etc/passwd) points outside the project',
      'docs/a.md:9: (#nowhere) points to #nowhere, which is no heading of docs/a.md',
    ]);
  });

  it('names headings as GitHub does', () => {
    expect(githubSlug('Sync, live updates and safe retries')).to.equal('sync-live-updates-and-safe-retries');
    expect(githubSlug('Old changes: 410 Gone')).to.equal('old-changes-410-gone');
    expect(githubSlug('The admin CLI: `tasks-admin`')).to.equal('the-admin-cli-tasks-admin');
    expect(githubSlug('`DATABASE_URL` and [links](x.md) — *emphasis*')).to.equal('database_url-and-links--emphasis');
    expect([...anchorsIn('# Notes\n\n## Notes\n\nSetext\n------\n')]).to.deep.equal(['notes', 'notes-1', 'setext']);
  });
});
