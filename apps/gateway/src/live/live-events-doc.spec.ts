import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LIVE_CHANNELS, LIVE_EVENTS } from '@vantage/contracts';

const DOC = path.resolve(__dirname, '../../../../docs/websocket.md');

/** The (channel, event) pairs of the table under `## Channels and events`, in order. */
function documentedEvents(markdown: string): [channel: string, event: string][] {
  const section = /^## Channels and events\n([\s\S]*?)\n## /m.exec(markdown)?.[1];
  if (section === undefined) throw new Error('docs/websocket.md has no "Channels and events"');
  return section
    .split('\n')
    .map((line) => /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1] ?? '', match[2] ?? '']);
}

describe('docs/websocket.md', () => {
  it('lists exactly the live events of the contracts, each on its channel', () => {
    const documented = documentedEvents(readFileSync(DOC, 'utf8'));
    const defined = LIVE_CHANNELS.flatMap((channel) =>
      LIVE_EVENTS[channel].map((event): [string, string] => [channel, event]),
    );

    expect(documented).toEqual(defined);
  });
});
