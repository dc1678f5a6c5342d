import { createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway.config';

/**
 * The HMAC key (HS256) of access and invite tokens, and their issuer. JWT_SECRET becomes a
 * KeyObject once, at boot: given a string, jsonwebtoken 9 rebuilds the key on every sign and
 * verify (after first trying, and failing, to parse it as a public key), ~350 µs a call against
 * ~8 µs with a KeyObject.
 */
@Injectable()
export class JwtSigningKey {
  readonly key: KeyObject;
  readonly issuer: string;

  constructor(config: GatewayConfig) {
    this.key = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
    this.issuer = config.JWT_ISSUER;
  }
}
