// Vendor secrets at rest: AES-256-GCM. The key that seals is CONDUIT_ENCRYPTION_KEY (32 bytes,
// base64); keys in CONDUIT_ENCRYPTION_KEYS_OLD (comma-separated) still open what they sealed, so a
// key can be rotated while every process keeps running (README: "Rotating the encryption key").
// Format "v2:<key id>:<iv>:<tag>:<ciphertext>": the key id (a hash prefix, never the key) says which
// key opens a secret without trying them all. "v1:<iv>:<tag>:<ciphertext>" (no id) is still read.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

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

/** A short public name for a key: safe to store and log, useless for decrypting. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("conduit-key-id:").update(key).digest("hex").slice(0, 12);
}

export function encrypt(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v2", keyId(key), iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
}

/** The id of the key that sealed this envelope; undefined for v1 envelopes, which carry none. */
export function envelopeKeyId(envelope: string): string | undefined {
  return envelope.startsWith("v2:") ? envelope.split(":")[1] : undefined;
}

function open(key: Buffer, iv: string, tag: string, body: string): string {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}

/** Opens an envelope with whichever of `keys` sealed it. */
export function decrypt(envelope: string, keys: Buffer | Buffer[]): string {
  const ring = Array.isArray(keys) ? keys : [keys];
  const parts = envelope.split(":");
  const [version] = parts;
  const [kid, iv, tag, body] = version === "v2" ? parts.slice(1) : [undefined, ...parts.slice(1)];
  if ((version !== "v1" && version !== "v2") || !iv || !tag || body === undefined) {
    throw new EncryptionKeyError("stored secret is not a v1 or v2 envelope");
  }
  const candidates = kid ? ring.filter((k) => keyId(k) === kid) : ring;
  if (kid && candidates.length === 0) {
    throw new EncryptionKeyError(
      `stored secret was sealed with key ${kid}, which is neither CONDUIT_ENCRYPTION_KEY (${ring[0] ? keyId(ring[0]) : "unset"}) nor in CONDUIT_ENCRYPTION_KEYS_OLD`,
    );
  }
  for (const key of candidates) {
    try {
      return open(key, iv, tag, body);
    } catch {
      // the next key, if any
    }
  }
  throw new EncryptionKeyError("stored secret cannot be decrypted with this key (wrong CONDUIT_ENCRYPTION_KEY?)");
}

let cached: Buffer | undefined;
/** The process's sealing key; validated once. Production start-up calls this so a bad key stops it early. */
export function encryptionKey(): Buffer {
  return (cached ??= parseKey(process.env.CONDUIT_ENCRYPTION_KEY));
}

let cachedOld: Buffer[] | undefined;
/** Keys that only open: CONDUIT_ENCRYPTION_KEYS_OLD, comma-separated, each validated like the main one. */
export function oldKeys(): Buffer[] {
  return (cachedOld ??= (process.env.CONDUIT_ENCRYPTION_KEYS_OLD ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((raw, i) => parseKey(raw, `CONDUIT_ENCRYPTION_KEYS_OLD (key ${i + 1})`)));
}

/** Every key this process can open with, the sealing key first. */
export const keyRing = () => [encryptionKey(), ...oldKeys()];

export const seal = (plaintext: string) => encrypt(plaintext, encryptionKey());
export const unseal = (envelope: string) => decrypt(envelope, keyRing());
/** True when the envelope is already sealed with the current key (nothing for rotate-key to do). */
export const sealedWithCurrent = (envelope: string) => envelopeKeyId(envelope) === keyId(encryptionKey());
