import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Connector credentials at rest: AES-256-GCM under the key of HALLWAY_SECRET_KEY (server/env.ts), a fresh 12-byte IV
 * per secret, the connector's id as additional data (a secret copied onto another connector's row does not open).
 * Stored as `v1.<iv>.<tag>.<ciphertext>`, base64url.
 */
export interface SecretBox {
  seal(value: object, boundTo: string): string;
  open<T>(sealed: string, boundTo: string, schema: z.ZodType<T>): T;
}

export class SecretKeyMissing extends Error {
  constructor() {
    super('connecting a tool needs HALLWAY_SECRET_KEY on the server (32 random bytes: openssl rand -base64 32)');
  }
}

export function secretBox(key: Buffer | undefined): SecretBox {
  const need = () => {
    if (key?.length !== 32) throw new SecretKeyMissing();
    return key;
  };
  return {
    seal(value, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', need(), iv);
      cipher.setAAD(Buffer.from(boundTo));
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
      return `v1.${parts.join('.')}`;
    },
    open(sealed, boundTo, schema) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || ciphertext === undefined)
        throw new Error('the stored credentials are not readable');
      const decipher = createDecipheriv('aes-256-gcm', need(), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      let plain: string;
      try {
        plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new Error('the stored credentials do not open with this HALLWAY_SECRET_KEY (was the key changed?)');
      }
      return schema.parse(JSON.parse(plain));
    },
  };
}

export const zStoredSecret = z.object({ email: z.string().optional(), token: z.string() });
export type StoredSecret = z.infer<typeof zStoredSecret>;
