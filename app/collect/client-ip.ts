// The visitor's address. X-Forwarded-For is anyone's to write, so it counts only when the peer
// is a proxy the operator named (COLLECT_TRUSTED_PROXIES, comma-separated addresses); then the
// right-most address that is not itself a trusted proxy is the visitor.
const normalize = (ip: string) => ip.trim().replace(/^::ffff:/, "");

export function trustedProxies(raw = process.env.COLLECT_TRUSTED_PROXIES ?? ""): Set<string> {
  return new Set(raw.split(",").map(normalize).filter(Boolean));
}

export function clientIp(peer: string | null, forwardedFor: string | null, trusted: Set<string>): string | null {
  const direct = peer ? normalize(peer) : null;
  if (!direct || !trusted.has(direct) || !forwardedFor) return direct;
  const hops = forwardedFor.split(",").map(normalize).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i])) return hops[i];
  return direct;
}
