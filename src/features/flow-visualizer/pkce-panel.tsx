import { useId } from "react";
import { isCodeVerifier } from "../../protocol/oauth/pkce.ts";
import { hexBytes, RFC7636_EXAMPLE_VERIFIER, usePkceDerivation } from "./pkce-derivation.ts";

interface Props {
  verifier: string;
  /** Where the challenge travels and where the verifier does, once the flow has got there. */
  sentChallenge?: string | undefined;
  /** Editable before the step runs: the learner may type a verifier or take the RFC's example. */
  onChange?: ((verifier: string) => void) | undefined;
}

/**
 * PKCE where it happens: code_verifier → its ASCII bytes → SHA-256 → base64url → code_challenge, each stage shown.
 */
export function PkcePanel({ verifier, sentChallenge, onChange }: Props) {
  const inputId = useId();
  const helpId = useId();
  const derivation = usePkceDerivation(verifier);
  const valid = isCodeVerifier(verifier);
  return (
    <section className="pkce-panel" aria-label="PKCE derivation">
      {onChange ? (
        <div className="pkce-input">
          <label htmlFor={inputId}>code_verifier</label>
          <input
            id={inputId}
            className="mono-input"
            value={verifier}
            onChange={(event) => onChange(event.target.value)}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={helpId}
            aria-invalid={!valid}
          />
          <p id={helpId} className={valid ? "form-help" : "error-text"}>
            {valid
              ? `${verifier.length} characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1: 43 to 128). Leave it, type your own, or:`
              : `Not a code_verifier: it needs 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (it has ${verifier.length}).`}
          </p>
          <button type="button" className="button button-small" onClick={() => onChange(RFC7636_EXAMPLE_VERIFIER)}>
            Use the RFC 7636 example verifier
          </button>
        </div>
      ) : null}
      <ol className="pkce-stages">
        <li>
          <span className="pkce-stage">code_verifier</span> <code>{verifier}</code>
        </li>
        <li>
          <span className="pkce-stage">ASCII bytes</span>{" "}
          <code>{derivation.data ? hexBytes(derivation.data.ascii) : "…"}</code>
        </li>
        <li>
          <span className="pkce-stage">SHA-256</span>{" "}
          <code>{derivation.data ? hexBytes(derivation.data.digest) : "…"}</code>
        </li>
        <li>
          <span className="pkce-stage">base64url = code_challenge</span>{" "}
          <code data-testid="pkce-challenge">{derivation.data?.challenge ?? "…"}</code>
        </li>
      </ol>
      {verifier === RFC7636_EXAMPLE_VERIFIER && derivation.data ? (
        <p className="form-help">
          This is the example of{" "}
          <a href="https://www.rfc-editor.org/rfc/rfc7636#appendix-B" target="_blank" rel="noreferrer">
            RFC 7636 Appendix B
          </a>
          : its published challenge is <code>E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM</code>
          {derivation.data.challenge === "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" ? " — the same." : "."}
        </p>
      ) : null}
      {sentChallenge ? (
        <p className="form-help">
          The challenge travels in the authorization request (visible to the browser and anyone watching it); the
          verifier stays in the app until the token request, where the server hashes it and compares.
        </p>
      ) : null}
    </section>
  );
}
