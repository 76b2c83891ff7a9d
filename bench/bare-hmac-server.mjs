// The intake's ceiling: a bare node:http server that only reads the body and checks its HMAC,
// as fast as this machine answers a webhook at all. Prints "listening <port>".
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const secret = process.env.SHOPIFY_API_SECRET ?? "";
const server = createServer((req, res) => {
  const hmac = createHmac("sha256", secret);
  req.on("data", (chunk) => hmac.update(chunk));
  req.on("end", () => {
    const expected = Buffer.from(hmac.digest("base64"));
    const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""));
    res.statusCode = given.length === expected.length && timingSafeEqual(given, expected) ? 200 : 401;
    res.end();
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
