/** "Setting-up OAuth": client registrations, token lifetimes, simulated faults. (Being built.) */
export function OAuthSetupPage() {
  return (
    <article>
      <h1>OAuth setup</h1>
      <p>The registration page is being built.</p>
    </article>
  );
}
