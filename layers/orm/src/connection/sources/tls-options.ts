import { readFileSync } from "node:fs";
import type { TlsSettings } from "../connection-settings";
import { ConfigurationError } from "../../environment/configuration-error";

const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

export function parseSslMode(value: string, setting: string): SslMode {
  const mode = SSL_MODES.find((candidate) => candidate === value);
  if (!mode) {
    throw new ConfigurationError(setting, `sslmode "${value}" is not one of ${SSL_MODES.join(", ")}`);
  }
  return mode;
}

export function readCertificateFile(path: string, setting: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ConfigurationError(setting, `cannot read certificate file ${path} (${reason})`);
  }
}

/**
 * libpq's sslmode in node-postgres terms. pg cannot fall back from TLS to
 * plain TCP, so `allow` and `prefer` connect without TLS, as `disable` does.
 */
export function tlsOptionsFor(mode: SslMode, rootCertificate?: string): false | TlsSettings {
  switch (mode) {
    case "disable":
    case "allow":
    case "prefer":
      return false;
    case "require":
      return rootCertificate === undefined
        ? { rejectUnauthorized: false }
        : { rejectUnauthorized: true, ca: rootCertificate, checkServerIdentity: () => undefined };
    case "verify-ca":
      return { rejectUnauthorized: true, ca: rootCertificate, checkServerIdentity: () => undefined };
    case "verify-full":
      return { rejectUnauthorized: true, ca: rootCertificate };
  }
}
