import { webhookUrlProblem } from './webhook-url';

describe('webhookUrlProblem', () => {
  it('accepts an https webhook everywhere', () => {
    const slack = 'https://hooks.slack.com/services/T000/B000/XXXX';

    expect(webhookUrlProblem(slack, true)).toBeNull();
    expect(webhookUrlProblem(slack, false)).toBeNull();
  });

  it('accepts plain http to localhost outside production only', () => {
    for (const url of ['http://localhost:4000/hook', 'http://127.0.0.1:9/x', 'http://[::1]:80/']) {
      expect(webhookUrlProblem(url, false)).toBeNull();
      expect(webhookUrlProblem(url, true)).toBe('webhookUrl must use https');
    }
  });

  it('refuses plain http to any other host, even outside production', () => {
    expect(webhookUrlProblem('http://hooks.slack.com/services/x', false)).toMatch(/https/);
  });

  it('refuses other schemes and credentials in the URL', () => {
    expect(webhookUrlProblem('ftp://example.com/x', false)).toBe('webhookUrl must use https');
    expect(webhookUrlProblem('https://user:pw@example.com/x', true)).toBe(
      'webhookUrl must not carry credentials',
    );
    expect(webhookUrlProblem('not a url', true)).toBe('webhookUrl must be an absolute URL');
  });

  it('refuses private and loopback addresses in production', () => {
    for (const host of [
      'localhost',
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '[::1]',
      '[fd00::1]',
    ]) {
      expect(webhookUrlProblem(`https://${host}/hook`, true)).toBe(
        'webhookUrl must point to a public host',
      );
    }
    expect(webhookUrlProblem('https://203.0.113.9/hook', true)).toBeNull();
  });
});
