// A key and a self-signed certificate for 127.0.0.1, made afresh for one
// bench run, so a loopback table can answer over https as every DynamoDB
// endpoint does. RSA 2048 and SHA-256, like the certificates AWS's regional
// endpoints present; valid for a day, long enough for any run.
import * as fs from "node:fs";
import * as path from "node:path";
import { generate } from "selfsigned";

export interface LoopbackTls {
  /** PEM private key, for the server. */
  key: string;
  /** PEM certificate, for the server, and the only one a client needs to trust. */
  cert: string;
}

export async function loopbackTls(): Promise<LoopbackTls> {
  const notBeforeDate = new Date();
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "rsa",
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * Writes `cert` to `dir` for NODE_EXTRA_CA_CERTS: a child node process then
 * trusts the loopback endpoint as it trusts a public one, with no option a
 * deployed function lacks.
 */
export function trustFile(dir: string, tls: LoopbackTls): string {
  const file = path.join(dir, "loopback-ca.pem");
  fs.writeFileSync(file, tls.cert);
  return file;
}
