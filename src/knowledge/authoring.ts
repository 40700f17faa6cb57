/**
 * Authoring rules of knowledge/AUTHORING.md that only kb:lint enforces: a gap in them makes an answer less
 * complete, not unusable, so the running bot does not refuse a reload over them.
 * - "Do I need X?" entries carry the also-check line (`permit` + `alsoCheck`).
 * - Every law, regulation, notice or standard cited by article or number is in knowledge/sources.yaml, verified
 *   against its official text or marked secondary with a re-check date.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readDataFile } from './data-file.js';
import { knowledgePath, type KnowledgeProblem, type LoadedEntry } from './load.js';
import { SourcesFileSchema, type CitedDocument } from './schema.js';

/**
 * The wording of a "do I need a licence / filing / certificate?" question: a need word, then within a few
 * characters the permit (要办营业执照吗, 需要食品生产许可证吗, 还要去税务局登记吗), or "which permit"
 * (办什么证). Questions about doing something else with a permit (要公示哪些执照, 要上传检测报告, 执照要注销吗,
 * 办执照要准备哪些材料) do not match: such a verb between the need word and the permit breaks it.
 */
export const NEEDS_PERMIT = /(?:要|需要|得|必须)(?:(?!公示|展示|上传|注销|变更|准备)[^，。？?、]){0,10}?(?:许可|执照|备案|登记|合格证|检疫)|(?:办|要)(?:什么|啥|哪些)证/u;

/** Problems with the also-check line: missing `permit` where the wording asks, missing `alsoCheck` where `permit` says so. */
export function alsoCheckProblems(entries: readonly LoadedEntry[]): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  for (const { entry, file, line } of entries) {
    const at = (message: string) => problems.push({ file, line, message: `${entry.id}: ${message}` });
    if (!entry.permit) {
      if (NEEDS_PERMIT.test(entry.question)) {
        at('the question asks whether a permit is needed: set permit (licence, filing or certificate) and alsoCheck, or permit: none if it does not');
      }
      continue;
    }
    if (entry.permit === 'none') continue;
    if (!entry.alsoCheck) at(`permit: ${entry.permit} needs an alsoCheck line (the adjacent rule that most often catches merchants)`);
    else if (entry.en && !entry.en.alsoCheck) at('the English version needs en.alsoCheck too');
  }
  return problems;
}

/** One article- or number-bearing citation on a line of a knowledge file. */
export interface Citation {
  /** A law's title from 《》 (as titleKey gives it), or a number: 国家市场监督管理总局令第121号, GB 43284-2023. */
  cited: string;
  numbered: boolean;
  file: string;
  line: number;
}

const ARTICLE = /第[零〇一二三四五六七八九十百千\d]+条/u;
// Numbers that identify a document without its title: orders (with their issuer), notices, documents, standards.
const NUMBERED = /[^\s，。；、：（(《》]{0,12}(?:令第\d+号|公告\d{4}年第\d+号|〔\d{4}〕\d+号)|(?:GB\/T|GB|NY\/T|MR\/T)\s?\d+(?:\.\d+)?[-—–]\d{4}/gu;

/** A law's title the way sources.yaml keys it: without 中华人民共和国 and a trailing version in brackets. */
function titleKey(title: string): string {
  return title.replace(/\s+/gu, '').replace(/^中华人民共和国/u, '').replace(/[（(][^）)]*[）)]$/u, '');
}

/**
 * The citations in a text: each 《title》 followed in the same sentence by an article number, and every order,
 * notice, document or standard number. A bare 第N条 that refers back to an earlier sentence is not attributed.
 */
export function citationsIn(text: string): { cited: string; numbered: boolean }[] {
  const found: { cited: string; numbered: boolean }[] = [];
  for (const m of text.matchAll(/《([^》]+)》([^《。；;]*)/gu)) {
    if (ARTICLE.test(m[2]!)) found.push({ cited: titleKey(m[1]!), numbered: false });
  }
  for (const m of text.matchAll(NUMBERED)) found.push({ cited: m[0].replace(/\s+/gu, ''), numbered: true });
  return found;
}

// The files whose text users read: the FAQ and the tools' rules (the copy check quotes the law it applies).
const RULE_FILES = ['copy-rules.yaml', 'kaidian.yaml'];

// A missing file or folder is its loader's problem, reported there; anything else stops the lint.
function orIfMissing<T>(fallback: T): (err: NodeJS.ErrnoException) => T {
  return (err) => {
    if (err.code === 'ENOENT') return fallback;
    throw err;
  };
}

/** Every citation in the lines of the knowledge folder's files, comment lines excepted (notes to authors). */
async function readCitations(dir: string): Promise<Citation[]> {
  const names = await readdir(path.join(dir, 'faq')).catch(orIfMissing<string[]>([]));
  const faq = names.filter((n) => /\.ya?ml$/u.test(n)).sort().map((n) => path.join('faq', n));
  const citations: Citation[] = [];
  for (const name of [...faq, ...RULE_FILES]) {
    const source = await readFile(path.join(dir, name), 'utf8').catch(orIfMissing(''));
    source.split('\n').forEach((text, i) => {
      if (/^\s*#/u.test(text)) return;
      for (const c of citationsIn(text)) citations.push({ ...c, file: knowledgePath(dir, name), line: i + 1 });
    });
  }
  return citations;
}

/** Whether a citation names a document: its title, or one of its names or numbers (a number may follow its issuer's full name). */
function cites(c: Citation, document: CitedDocument): boolean {
  return [document.title, ...document.aliases].some((name) => {
    const key = titleKey(name);
    return c.numbered ? /\d/u.test(key) && c.cited.endsWith(key) : key === c.cited;
  });
}

/** A document of sources.yaml, its line there, and where the knowledge cites it. */
export interface DocumentUse {
  document: CitedDocument;
  line: number;
  citedAt: Citation[];
}

/** Matches citations to the documents of sources.yaml; those no document names are `unknown`. */
function matchCitations(documents: readonly CitedDocument[], citations: readonly Citation[], lineOf: (index: number) => number): { uses: DocumentUse[]; unknown: Citation[] } {
  const uses = documents.map((document, i) => ({ document, line: lineOf(i), citedAt: [] as Citation[] }));
  const unknown: Citation[] = [];
  for (const c of citations) {
    const use = uses.find((u) => cites(c, u.document));
    if (use) use.citedAt.push(c);
    else unknown.push(c);
  }
  return { uses, unknown };
}

/** The FAQ entry a line of a file belongs to (the last one starting at or before it), to name where a citation is. */
export function entryAt(entries: readonly LoadedEntry[], file: string, line: number): string | undefined {
  const before = entries.filter((e) => e.file === file && e.line <= line);
  return before.reduce<LoadedEntry | undefined>((best, e) => (!best || e.line > best.line ? e : best), undefined)?.entry.id;
}

/** The registry read and matched against the knowledge's citations, with the problems found. */
export interface SourcesReview {
  uses: DocumentUse[];
  problems: KnowledgeProblem[];
}

/**
 * Reads `dir`/sources.yaml and checks it against the citations in the folder's files: a citation of a document
 * the registry lacks, a document listed twice, and a document nobody cites are problems.
 */
export async function reviewSources(dir: string): Promise<SourcesReview> {
  const data = await readDataFile(dir, 'sources.yaml', SourcesFileSchema);
  const problems = [...data.problems];
  const documents = data.value?.documents ?? [];
  const { uses, unknown } = matchCitations(documents, await readCitations(dir), (i) => data.lineAt(['documents', i]));
  for (const c of unknown) {
    problems.push({ file: c.file, line: c.line, message: `"${c.cited}" is cited but not in ${data.file}: add it with official (the text checked) or secondary and recheck` });
  }
  const seen = new Set<string>();
  for (const u of uses) {
    const key = titleKey(u.document.title);
    // A second listing never gets a citation (the first takes them all): saying it is unused would say it twice.
    if (seen.has(key)) problems.push({ file: data.file, line: u.line, message: `"${u.document.title}" is listed twice` });
    else if (!u.citedAt.length) problems.push({ file: data.file, line: u.line, message: `"${u.document.title}" is cited nowhere: remove it` });
    seen.add(key);
  }
  return { uses, problems };
}
