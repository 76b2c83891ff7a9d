// Key rotation without downtime: every process already opens secrets with CONDUIT_ENCRYPTION_KEY
// and CONDUIT_ENCRYPTION_KEYS_OLD, so re-sealing rows with CONDUIT_ENCRYPTION_KEY never leaves a
// running process unable to read one. Row by row, each a compare-and-set: a connection saved by
// the admin meanwhile (already on the current key) is never overwritten with its older settings.
import prisma from "../db.server";
import { encrypt, encryptionKey, keyId, keyRing, decrypt, sealedWithCurrent } from "../crypto.server";

export interface RotationResult {
  keyId: string;
  rotated: number;
  current: number;
  /** Connections no configured key opens: "<shop> <vendor>: reason". */
  unreadable: string[];
}

export async function rotateKey(): Promise<RotationResult> {
  const key = encryptionKey();
  const ring = keyRing();
  const result: RotationResult = { keyId: keyId(key), rotated: 0, current: 0, unreadable: [] };
  const conns = await prisma.vendorConnection.findMany({ select: { id: true, vendor: true, secretSettings: true, shop: { select: { domain: true } } } });
  for (const c of conns) {
    if (sealedWithCurrent(c.secretSettings)) {
      result.current++;
      continue;
    }
    let plain: string;
    try {
      plain = decrypt(c.secretSettings, ring);
    } catch (err) {
      result.unreadable.push(`${c.shop.domain} ${c.vendor}: ${(err as Error).message}`);
      continue;
    }
    const { count } = await prisma.vendorConnection.updateMany({
      where: { id: c.id, secretSettings: c.secretSettings },
      data: { secretSettings: encrypt(plain, key) },
    });
    // count 0: saved meanwhile, which sealed it with the current key already.
    if (count) result.rotated++;
    else result.current++;
  }
  return result;
}
