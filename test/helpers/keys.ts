import { generateKeyPairSync } from "node:crypto";

let cached: string | undefined;

/** A throwaway RSA key so Probot can sign app JWTs in tests (never a real key). */
export function testPrivateKey(): string {
  cached ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return cached;
}
