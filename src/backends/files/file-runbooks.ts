import { findRunbook } from '../runbook-match.js';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ToolFailure } from '../../errors.js';
import type { Runbook, RunbooksPort } from '../ports/runbooks.js';

// Other keys (owner, tags…) are the team's business and are left alone.
const frontMatterSchema = z.object({
  title: z.string().min(1).optional(),
  alerts: z.array(z.string().min(1)).default([]),
  services: z.array(z.string().min(1)).default([]),
});

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.+?)\s*$/;

/**
 * Runbooks from a folder of Markdown files (`backends.runbooks.dir`), one each: a front matter with `title`,
 * `alerts: [...]` and `services: [...]`, and the list items of the body as steps. Read on every question, so an
 * edited file counts at once; a bad file is an error that names it rather than a runbook silently missing.
 */
export class FileRunbooks implements RunbooksPort {
  constructor(private readonly dir: string) {}

  async find(query: string): Promise<Runbook | null> {
    if (!query.trim()) return null;
    return findRunbook(await this.list(), query);
  }

  async list(): Promise<Runbook[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((file) => file.toLowerCase().endsWith('.md')).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ToolFailure(code === 'ENOENT' ? `The runbook folder ${this.dir} does not exist (backends.runbooks.dir).` : `The runbook folder ${this.dir} cannot be read (${code ?? String(error)}).`);
    }
    return Promise.all(files.map((file) => this.read(join(this.dir, file))));
  }

  private async read(path: string): Promise<Runbook> {
    const text = await readFile(path, 'utf8');
    const { frontMatter, body } = splitFrontMatter(text, path);
    const parsed = frontMatterSchema.safeParse(frontMatter ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'front matter'}: ${issue.message}`).join('; ');
      throw new ToolFailure(`Runbook ${path}: bad front matter (${problems}).`);
    }
    const steps = body
      .split('\n')
      .map((line) => LIST_ITEM.exec(line)?.[1])
      .filter((step): step is string => Boolean(step));
    if (steps.length === 0) throw new ToolFailure(`Runbook ${path}: no steps (write them as a Markdown list).`);
    const heading = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
    const name = basename(path).replace(/\.md$/i, '').toLowerCase();
    return { name, title: parsed.data.title ?? heading ?? name, appliesTo: [...parsed.data.alerts, ...parsed.data.services], steps, url: path };
  }
}

function splitFrontMatter(text: string, path: string): { frontMatter: unknown; body: string } {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  if (!normalised.startsWith('---\n')) return { frontMatter: null, body: normalised };
  const end = normalised.indexOf('\n---', 4);
  if (end < 0) throw new ToolFailure(`Runbook ${path}: the front matter starting at line 1 is never closed with ---.`);
  try {
    return { frontMatter: parseYaml(normalised.slice(4, end)) ?? {}, body: normalised.slice(end + 4) };
  } catch (error) {
    throw new ToolFailure(`Runbook ${path}: the front matter is not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
  }
}
