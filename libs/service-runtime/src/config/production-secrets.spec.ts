import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { productionSecretProblem, productionSecretProblems } from './production-secrets';

const ROOT = path.join(__dirname, '../../../..');
const SECRET_NAMES = [
  'JWT_SECRET',
  'PREVIEW_LINK_SECRET',
  'UNSUBSCRIBE_SECRET',
  'STRIPE_WEBHOOK_SECRET',
  'SMTP_PASS',
];

/** The fallbacks docker-compose.yml publishes for secret variables (`${NAME:-value}`). */
function composeFallbacks(): Array<[string, string]> {
  const text = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
  return [...text.matchAll(/\$\{(\w+):-([^}]*)\}/g)]
    .filter(([, name]) => SECRET_NAMES.includes(name ?? ''))
    .map(([, name, value]) => [name ?? '', value ?? '']);
}

/** The placeholders of the k8s Secret template. */
function k8sPlaceholders(): Array<[string, string]> {
  const text = readFileSync(path.join(ROOT, 'deploy/k8s/02-secret.yaml'), 'utf8');
  const secret = parseAllDocuments(text)[0]?.toJS() as { stringData: Record<string, string> };
  return Object.entries(secret.stringData).filter(([name]) => SECRET_NAMES.includes(name));
}

describe('productionSecretProblem', () => {
  it('accepts 32 random bytes as hex or base64', () => {
    for (let draw = 0; draw < 200; draw += 1) {
      const bytes = randomBytes(32);
      // A random draw may spell a placeholder word; hex never can (no v, no m...).
      const base64 = bytes.toString('base64');
      expect(
        productionSecretProblem({ name: 'JWT_SECRET', value: bytes.toString('hex') }),
      ).toBeNull();
      if (!/dev|replace|example|change-?me/i.test(base64)) {
        expect(productionSecretProblem({ name: 'JWT_SECRET', value: base64 })).toBeNull();
      }
    }
  });

  it.each([
    ['31 random bytes in hex', randomBytes(31).toString('hex')],
    ['a long run of one character', 'x'.repeat(48)],
    ['a repeated pattern', '0123456789abcdef'.repeat(4)],
    ['two characters alternating', 'ab'.repeat(40)],
    ['a short passphrase', 'correct horse battery staple'],
  ])('refuses %s', (_what, value) => {
    expect(productionSecretProblem({ name: 'JWT_SECRET', value })).toMatch(
      /^JWT_SECRET must carry at least 32 random bytes/,
    );
  });

  it.each([
    'vantage-development-only-secret-change-me-0123456789',
    'dev-only-insecure-jwt-secret-do-not-use-in-production',
    'REPLACE_ME_AT_LEAST_32_RANDOM_CHARACTERS_0000',
    `example-${randomBytes(32).toString('hex')}`,
    `${randomBytes(32).toString('hex')}changeme`,
  ])('refuses a placeholder however random the rest: %s', (value) => {
    expect(productionSecretProblem({ name: 'JWT_SECRET', value })).toMatch(/placeholder/);
  });

  it('refuses a listed published value, and checks only that for provider-formatted secrets', () => {
    const published = 'whsec_vantage_e2e_only';
    expect(
      productionSecretProblem({
        name: 'STRIPE_WEBHOOK_SECRET',
        value: published,
        published: [published],
        random: false,
      }),
    ).toMatch(/published/);
    expect(
      productionSecretProblem({
        name: 'STRIPE_WEBHOOK_SECRET',
        value: 'whsec_Zk3q9',
        random: false,
      }),
    ).toBeNull();
  });

  it('refuses every secret value published in docker-compose.yml and the k8s Secret template', () => {
    const published = [...composeFallbacks(), ...k8sPlaceholders()];
    expect(published.map(([name]) => name)).toEqual(expect.arrayContaining(['JWT_SECRET']));

    const problems = productionSecretProblems(
      published.map(([name, value]) => ({ name, value, random: false })),
    );

    expect(problems).toHaveLength(published.length);
  });
});
