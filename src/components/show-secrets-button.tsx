/** The one toggle that reveals, and hides again, the credentials a view masks. */
export function ShowSecretsButton({ shown, count, onToggle }: { shown: boolean; count: number; onToggle(): void }) {
  return (
    <button type="button" className="button button-small" aria-pressed={shown} onClick={onToggle}>
      {shown ? "Hide secrets" : `Show secrets (${count})`}
    </button>
  );
}
