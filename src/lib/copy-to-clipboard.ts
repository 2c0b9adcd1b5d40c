/**
 * Copies text with the asynchronous Clipboard API and says how it went, as a sentence for a status line. The API
 * exists only in secure contexts (https or localhost) and may be refused; then the learner is told to copy by hand.
 *
 */
export async function copyToClipboard(
  text: string,
  what: string,
  clipboard: Pick<Clipboard, "writeText"> | undefined = globalThis.navigator?.clipboard,
): Promise<string> {
  if (!clipboard) return `Copying is not available here: select the ${what} and copy it yourself.`;
  try {
    await clipboard.writeText(text);
    return `Copied the ${what}.`;
  } catch {
    return `The browser refused to copy: select the ${what} and copy it yourself.`;
  }
}
