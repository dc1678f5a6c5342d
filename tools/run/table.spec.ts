import { formatTable } from './table';

describe('formatTable', () => {
  it('pads columns to their widest cell', () => {
    expect(
      formatTable(
        ['app', 'url'],
        [
          ['gateway', 'http://127.0.0.1:3000'],
          ['billing', 'x'],
        ],
      ),
    ).toBe(
      [
        'app      url',
        '-------  ---------------------',
        'gateway  http://127.0.0.1:3000',
        'billing  x',
      ].join('\n'),
    );
  });
});
