import { webhookUrlProblem, type WebhookUrlPolicy } from './webhook-url';

const SLACK = ['hooks.slack.com'];
const production: WebhookUrlPolicy = { production: true, allowedHosts: SLACK };
const elsewhere: WebhookUrlPolicy = { production: false, allowedHosts: SLACK };

describe('webhookUrlProblem', () => {
  it('accepts an https webhook to Slack everywhere', () => {
    const slack = 'https://hooks.slack.com/services/T000/B000/XXXX';

    expect(webhookUrlProblem(slack, production)).toBeNull();
    expect(webhookUrlProblem(slack, elsewhere)).toBeNull();
    expect(webhookUrlProblem('https://HOOKS.slack.com./services/x', production)).toBeNull();
  });

  it('accepts a receiver on this machine outside production only', () => {
    for (const url of ['http://localhost:4000/hook', 'http://127.0.0.1:9/x', 'http://[::1]:80/']) {
      expect(webhookUrlProblem(url, elsewhere)).toBeNull();
      expect(webhookUrlProblem(url, production)).toBe('webhookUrl must use https');
    }
    expect(webhookUrlProblem('https://localhost:4000/hook', elsewhere)).toBeNull();
  });

  it('refuses plain http to any other host, even outside production', () => {
    expect(webhookUrlProblem('http://hooks.slack.com/services/x', elsewhere)).toMatch(/https/);
    expect(webhookUrlProblem('http://127.0.0.2/x', elsewhere)).toMatch(/https/);
  });

  it('refuses other schemes and credentials in the URL', () => {
    expect(webhookUrlProblem('ftp://example.com/x', elsewhere)).toBe('webhookUrl must use https');
    expect(webhookUrlProblem('https://user:pw@hooks.slack.com/x', production)).toBe(
      'webhookUrl must not carry credentials',
    );
    expect(webhookUrlProblem('not a url', production)).toBe('webhookUrl must be an absolute URL');
  });

  it('refuses private and loopback addresses in production', () => {
    for (const host of [
      'localhost',
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '[::1]',
      '[fd00::1]',
      '[::ffff:10.0.0.7]',
    ]) {
      expect(webhookUrlProblem(`https://${host}/hook`, production)).toMatch(/^webhookUrl must/);
    }
    expect(webhookUrlProblem('https://10.1.2.3/hook', production)).toBe(
      'webhookUrl must point to a public host',
    );
  });
});

describe('webhookUrlProblem: the Slack host allow-list', () => {
  it('refuses a public-looking host that is not Slack (it may resolve anywhere)', () => {
    for (const policy of [production, elsewhere]) {
      expect(webhookUrlProblem('https://internal.corp.example/x', policy)).toBe(
        'webhookUrl must point to hooks.slack.com',
      );
      expect(webhookUrlProblem('https://hooks.slack.com.evil.example/x', policy)).not.toBeNull();
      expect(webhookUrlProblem('https://8.8.8.8/x', policy)).not.toBeNull();
    }
  });

  it('takes the hosts from the policy, subdomain patterns included', () => {
    const custom: WebhookUrlPolicy = { production: true, allowedHosts: ['*.chat.example.com'] };

    expect(webhookUrlProblem('https://hooks.chat.example.com/x', custom)).toBeNull();
    expect(webhookUrlProblem('https://chat.example.com/x', custom)).not.toBeNull();
    expect(webhookUrlProblem('https://hooks.slack.com/x', custom)).not.toBeNull();
  });
});
