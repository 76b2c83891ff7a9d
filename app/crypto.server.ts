// Vendor secrets at rest: AES-256-GCM with a 32-byte key from CONDUIT_ENCRYPTION_KEY (base64).
// Format "v1:<iv>:<tag>:<ciphertext>" (base64 parts) so a future scheme can sit beside this one.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export class EncryptionKeyError extends Error {}

export function parseKey(raw: string | undefined, name = "CONDUIT_ENCRYPTION_KEY"): Buffer {
  if (!raw || raw.trim() === "") {
    throw new EncryptionKeyError(`${name} is not set: generate one with \`openssl rand -base64 32\``);
  }
  const key = Buffer.from(raw.trim(), "base64");
  if (key.length !== 32 || key.toString("base64") !== raw.trim()) {
    throw new EncryptionKeyError(`${name} must be 32 bytes encoded as base64 (got ${key.length} bytes)`);
  }
  return key;
}

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

export function encrypt(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
}

export function decrypt(envelope: string, key: Buffer): string {
  const [version, iv, tag, body] = envelope.split(":");
  if (version !== "v1" || !iv || !tag || body === undefined) {
    throw new EncryptionKeyError("stored secret is not a v1 envelope");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new EncryptionKeyError("stored secret cannot be decrypted with this key (wrong CONDUIT_ENCRYPTION_KEY?)");
  }
}

let cached: Buffer | undefined;
/** The process's key; validated once. Production start-up calls this so a bad key stops it early. */
export function encryptionKey(): Buffer {
  return (cached ??= parseKey(process.env.CONDUIT_ENCRYPTION_KEY));
}

export const seal = (plaintext: string) => encrypt(plaintext, encryptionKey());
export const unseal = (envelope: string) => decrypt(envelope, encryptionKey());
