import { pageScript, shellBlocks } from './shell-blocks';

const page = [
  '# Title',
  '```sh',
  'npm ci',
  'echo one',
  '```',
  'Output looks like:',
  '```console',
  '$ echo not run',
  '```',
  '```json',
  '{"not": "run"}',
  '```',
  '```sh',
  'echo two',
  '```',
].join('\n');

describe('shellBlocks', () => {
  it('takes the sh fences in order and leaves the other languages', () => {
    expect(shellBlocks(page)).toEqual(['npm ci\necho one\n', 'echo two\n']);
  });

  it('finds nothing on a page without sh fences', () => {
    expect(shellBlocks('```bash\nls\n```\n')).toEqual([]);
  });
});

describe('pageScript', () => {
  it('stops at the first failure and leaves out the lines already done', () => {
    const script = pageScript(shellBlocks(page), ['npm ci']);
    expect(script.split('\n')).toEqual(['set -euo pipefail', 'echo one', '', 'echo two', '']);
  });
});
