import { useQuery } from "@tanstack/react-query";
import { deriveS256Challenge, isCodeVerifier } from "../../protocol/oauth/pkce.ts";

/** The S256 derivation of a verifier, for the PKCE panel (react-query keeps it per verifier). */
export function usePkceDerivation(verifier: string) {
  return useQuery({
    queryKey: ["pkce-derivation", verifier],
    queryFn: () => deriveS256Challenge(verifier),
    enabled: isCodeVerifier(verifier),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Bytes as two-digit hex, space-separated (how the derivation panel shows them). */
export function hexBytes(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

/** RFC 7636 Appendix B's verifier, whose challenge the RFC publishes. */
export const RFC7636_EXAMPLE_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
