import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { maildevArgs } from './maildev';
import { infraPaths } from './paths';
import { stripeMockArgs, stripeMockNeedsInstall, STRIPE_MOCK_VERSION } from './stripe-mock';

describe('stripe-mock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-stripe-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reinstalls when the binary is missing or was installed from another version', () => {
    const paths = infraPaths(dir);
    expect(stripeMockNeedsInstall(paths)).toBe(true);
    fs.mkdirSync(paths.binDir, { recursive: true });
    fs.writeFileSync(paths.stripeMockBinary, '');
    expect(stripeMockNeedsInstall(paths)).toBe(true);
    fs.writeFileSync(paths.stripeMockVersionFile, 'v0.1.0\n');
    expect(stripeMockNeedsInstall(paths)).toBe(true);
    fs.writeFileSync(paths.stripeMockVersionFile, `${STRIPE_MOCK_VERSION}\n`);
    expect(stripeMockNeedsInstall(paths)).toBe(false);
  });

  it('listens on loopback only, HTTPS included', () => {
    expect(stripeMockArgs(4242)).toEqual([
      '-http-addr',
      '127.0.0.1:4242',
      '-https-addr',
      '127.0.0.1:',
    ]);
  });
});

describe('maildev', () => {
  it('binds SMTP and the web API to loopback on the given ports', () => {
    const args = maildevArgs({ smtp: 2525, web: 8025 });
    const flag = (name: string): string | undefined => args[args.indexOf(name) + 1];
    expect([flag('--smtp'), flag('--ip'), flag('--web'), flag('--web-ip')]).toEqual([
      '2525',
      '127.0.0.1',
      '8025',
      '127.0.0.1',
    ]);
  });
});
