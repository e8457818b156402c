// Splits rendered `helm template` output by its `# Source: chart/templates/x.yaml` comments, so that findings name the
// template each object came from, at its position in that template's rendered text (as `--show-only` prints it).

export interface SourcePart {
  /** The template path of the `# Source:` comment, or null for text before the first one. */
  source: string | null;
  text: string;
}

/** Helm starts every rendered template with a `---` line and then this comment. */
const SOURCE_BOUNDARY = /^---[ \t]*\r?\n# Source: ([^\r\n]+?)[ \t]*\r?$/gm;

/**
 * The parts of each template, in the order helm printed them; several documents of one template (or of one template
 * printed twice, by a subchart) are joined into one text. Without `# Source:` comments: one part, source null.
 */
export function splitHelmSources(text: string): SourcePart[] {
  if (!text.includes('# Source: ')) return [{ source: null, text }];
  const parts = new Map<string | null, string[]>();
  const add = (source: string | null, chunk: string) => {
    if (chunk.trim() === '') return;
    if (!parts.has(source)) parts.set(source, []);
    parts.get(source)!.push(chunk);
  };
  let source: string | null = null;
  let start = 0;
  for (const match of text.matchAll(SOURCE_BOUNDARY)) {
    add(source, text.slice(start, match.index));
    source = match[1]!;
    start = match.index;
  }
  add(source, text.slice(start));
  if (parts.size === 1 && parts.has(null)) return [{ source: null, text }];
  return [...parts].map(([s, chunks]) => ({
    source: s,
    text: chunks.map((c) => (c.endsWith('\n') ? c : `${c}\n`)).join(''),
  }));
}
