// Key rotation: decrypt every stored secret with the current key, re-encrypt with the new one,
// all in one transaction so a failure leaves every row on the old key.
import prisma from "../db.server";
import { decrypt, encrypt, encryptionKey, generateKey, parseKey } from "../crypto.server";
import { SettingsError } from "./settings.server";

export async function rotateKey(newKeyB64?: string) {
  const generated = !newKeyB64;
  const newKey = newKeyB64 ?? generateKey();
  let next: Buffer;
  try {
    next = parseKey(newKey, "--new-key");
  } catch (err) {
    throw new SettingsError("new-key", (err as Error).message.replace(/^--new-key /, ""));
  }
  const current = encryptionKey();
  const rotated = await prisma.$transaction(async (tx) => {
    const conns = await tx.vendorConnection.findMany({ select: { id: true, secretSettings: true } });
    for (const c of conns) {
      await tx.vendorConnection.update({ where: { id: c.id }, data: { secretSettings: encrypt(decrypt(c.secretSettings, current), next) } });
    }
    return conns.length;
  });
  return { rotated, newKey, generated };
}
