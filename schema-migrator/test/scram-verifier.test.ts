import { createHash, createHmac } from "node:crypto";
import { scramSha256Verifier } from "../src/scram-verifier";

// RFC 7677's example: user "user", password "pencil", this salt, 4096 iterations.
const SALT = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
const CLIENT_FIRST_BARE = "n=user,r=rOprNGfwEbeRWgbNEkqO";
const SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const CLIENT_FINAL_WITHOUT_PROOF = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
const EXPECTED_PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const EXPECTED_SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

describe("scramSha256Verifier", () => {
  const verifier = scramSha256Verifier("pencil", SALT);
  const [, iterationsAndSalt = "", keys = ""] = verifier.split("$");
  const [storedKeyText = "", serverKeyText = ""] = keys.split(":");

  test("has PostgreSQL's form", () => {
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(iterationsAndSalt).toBe(`4096:${SALT.toString("base64")}`);
  });

  test("verifies RFC 7677's exchange: the client's proof and the server's signature", () => {
    const authMessage = `${CLIENT_FIRST_BARE},${SERVER_FIRST},${CLIENT_FINAL_WITHOUT_PROOF}`;
    const storedKey = Buffer.from(storedKeyText, "base64");
    const clientSignature = createHmac("sha256", storedKey).update(authMessage).digest();
    const clientKey = Buffer.from(EXPECTED_PROOF, "base64").map((byte, index) => byte ^ (clientSignature[index] as number));
    expect(createHash("sha256").update(clientKey).digest().toString("base64")).toBe(storedKeyText);
    const serverSignature = createHmac("sha256", Buffer.from(serverKeyText, "base64")).update(authMessage).digest("base64");
    expect(serverSignature).toBe(EXPECTED_SERVER_SIGNATURE);
  });

  test("uses a new salt each time", () => {
    expect(scramSha256Verifier("pencil")).not.toBe(scramSha256Verifier("pencil"));
  });
});
