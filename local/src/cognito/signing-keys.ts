import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { JWK } from "jose";

/**
 * A new RSA key pair: the private key to sign with, the public key as a JWK.
 * The pair is generated encoded and read back into key objects of its own:
 * on Node.js 20 a key object that generateKeyPairSync returns shares its lock
 * with the finished generation job, and exporting it as a JWK deadlocks the
 * process when a garbage collection frees that job during the export (the
 * export holds the lock while it allocates; the job's destructor waits for it).
 */
export function newSigningKeys(modulusLength = 2048): { privateKey: KeyObject; publicJwk: JWK } {
  const encoded = generateKeyPairSync("rsa", {
    modulusLength,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "der" },
  });
  return {
    privateKey: createPrivateKey({ key: encoded.privateKey, format: "der", type: "pkcs8" }),
    publicJwk: createPublicKey({ key: encoded.publicKey, format: "der", type: "spki" }).export({ format: "jwk" }) as JWK,
  };
}
