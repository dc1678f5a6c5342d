// A documentation page's shell commands, as a reader would copy them: every ```sh fence, in
// order. Fences of other languages (console output, JSON) are illustrations and are not run.

/** The ```sh blocks of `markdown`, each without its fences. */
export function shellBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  for (const match of markdown.matchAll(/^```sh[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)) {
    blocks.push(match[1] ?? '');
  }
  return blocks;
}

/**
 * One bash script running `blocks` in order, stopping at the first failure, without the lines
 * `skip` names (exactly, after trimming): what the caller has done already.
 */
export function pageScript(blocks: readonly string[], skip: readonly string[] = []): string {
  const lines = blocks
    .flatMap((block) => block.split('\n'))
    .filter((line) => !skip.includes(line.trim()));
  return ['set -euo pipefail', ...lines].join('\n');
}
