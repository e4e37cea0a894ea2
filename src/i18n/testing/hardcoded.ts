/**
 * Finds words for people written into UI code (see ../hardcoded.test.ts for the rules): JSX text
 * with letters, a user-facing attribute given a literal, and a string literal outside JSX that reads
 * like English words. `i18n-exempt: <reason>` on the line or the line above lets one through.
 */
import { parse } from '@babel/parser';

/** Attributes a person reads or hears; any other attribute (class, id, type, data-*) holds codes. */
const SPOKEN_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'placeholder',
  'alt',
  'label',
  'legend',
]);

/** Reads like words: a capitalised word, or two lowercase words with a space between. */
const WORDS = /\p{Lu}\p{Ll}+|\p{Ll}{2,}[ \u00a0]+\p{Ll}{2,}/u;
/**
 * In the domains (no JSX; their strings are mostly codes: keys, error names, protocol words), a
 * sentence: two words with a space between. An error's own message (for developers and logs) is let be.
 */
const SENTENCE = /\p{L}{2,}[ \u00a0]+\p{L}{2,}/u;
const LETTER = /\p{L}/u;

export interface Finding {
  readonly line: number;
  readonly text: string;
}

/** The few fields of Babel's AST nodes this reads. */
interface Node {
  readonly type: string;
  readonly loc?: { readonly start: { readonly line: number } };
  readonly [field: string]: unknown;
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

const calleeName = (node: Node): string => {
  const callee = node.callee as Node;
  if (callee.type === 'Identifier') return callee.name as string;
  if (callee.type === 'MemberExpression')
    return `${calleeName({ type: 'x', callee: callee.object })}.${((callee.property as Node).name as string) ?? ''}`;
  return callee.type;
};

/** A call whose string arguments are not words for people: message keys, logs, developer errors. */
function isExemptCall(node: Node): boolean {
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return false;
  const name = calleeName(node);
  return name === 't' || name.startsWith('console.') || /Error$/.test(name) || name === 'Import' || name === 'Super';
}

/** Every hard-coded word in one source text. */
export function findHardcoded(source: string, fileName: string, kind: 'ui' | 'domain' = 'ui'): Finding[] {
  const words = kind === 'ui' ? WORDS : SENTENCE;
  const ast = parse(source, {
    sourceType: 'module',
    allowReturnOutsideFunction: true,
    plugins: fileName.endsWith('x') ? ['typescript', 'jsx'] : ['typescript'],
  });
  const lines = source.split('\n');
  const findings: Finding[] = [];
  const exempt = (line: number) => /i18n-exempt:/.test(lines[line - 1] ?? '') || /i18n-exempt:/.test(lines[line - 2] ?? '');
  const report = (node: Node, text: string) => {
    const line = node.loc?.start.line ?? 0;
    if (!exempt(line)) findings.push({ line, text: text.trim().slice(0, 80) });
  };
  const literalText = (node: Node): string | undefined =>
    node.type === 'StringLiteral'
      ? (node.value as string)
      : node.type === 'TemplateLiteral'
        ? (node.quasis as Node[]).map((q) => (q.value as { cooked: string }).cooked).join(' ')
        : undefined;

  const visit = (node: Node, inSpokenAttribute: boolean): void => {
    if (
      node.type === 'ImportDeclaration' ||
      (node.type.startsWith('Export') && node.source) ||
      isExemptCall(node) ||
      node.type === 'TSLiteralType'
    )
      return;
    if (node.type === 'JSXText') {
      if (LETTER.test(node.value as string)) report(node, node.value as string);
      return;
    }
    if (node.type === 'JSXAttribute') {
      const name = (node.name as Node).name as string;
      const value = node.value as Node | null;
      if (!SPOKEN_ATTRIBUTES.has(name) || !value) return;
      if (value.type === 'StringLiteral') {
        if (LETTER.test(value.value as string)) report(node, `${name}="${value.value as string}"`);
        return;
      }
      visit(value, true);
      return;
    }
    // A string compared with (an error's name, a phase's kind) or switched on is a code.
    if (node.type === 'BinaryExpression' && /^[!=]==?$/.test(node.operator as string)) {
      for (const side of [node.left, node.right] as Node[]) if (literalText(side) === undefined) visit(side, inSpokenAttribute);
      return;
    }
    if (node.type === 'SwitchCase') {
      for (const c of node.consequent as Node[]) visit(c, inSpokenAttribute);
      return;
    }
    const text = literalText(node);
    if (text !== undefined && (inSpokenAttribute ? LETTER.test(text) : words.test(text))) report(node, text);
    if (node.type === 'StringLiteral') return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments') continue;
      if (Array.isArray(child)) for (const c of child) isNode(c) && visit(c, inSpokenAttribute);
      else if (isNode(child)) visit(child, inSpokenAttribute);
    }
  };
  visit(ast.program as unknown as Node, false);
  return findings;
}
