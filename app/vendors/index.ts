// The one list of vendors. Adding a fifth vendor: a new folder beside these and a line here.
import { metrilo } from "./metrilo";
import { ometria } from "./ometria";
import { tracktor } from "./tracktor";
import { tracify } from "./tracify";
import type { VendorConnector, VendorId } from "./types";

export const vendors = [metrilo, ometria, tracktor, tracify] as unknown as VendorConnector[];

export const VENDOR_IDS = vendors.map((v) => v.id) as VendorId[];

export function findVendor(id: string): VendorConnector | undefined {
  return vendors.find((v) => v.id === id);
}
