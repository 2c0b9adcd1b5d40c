interface Props {
  /** "request": the open base is selected; "response": the answer carried `X-Lab-Mode: open`. */
  context: "request" | "response";
  base: string;
}

/**
 * The visible mark of open mode: the lab's open FHIR base answers anyone, which no real server holding patient
 * data may do, so every use of it says so.
 */
export function OpenModeBanner({ context, base }: Props) {
  return (
    <div className="open-mode-banner" role="note" aria-label="Open mode">
      <p>
        <strong>Open mode — no authorization.</strong>{" "}
        {context === "request" ? (
          <>
            Requests go to <code>{base}</code>, which checks no token. It exists for the FHIR basics lab only.
          </>
        ) : (
          <>
            This answer carries <code>X-Lab-Mode: open</code>: the server checked no token and applied no scopes.
          </>
        )}{" "}
        A real FHIR server with patient data never answers without an access token.
      </p>
    </div>
  );
}
