/**
 * Plain text from a lesson's frontmatter (objectives, questions, summaries, speaker notes) with `backticks` shown as code, the
 * one piece of Markdown those short strings use.
 */
export function InlineCodeText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, index) =>
        // Odd positions are the text between a pair of backticks.
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, never reordered.
        index % 2 === 1 ? <code key={index}>{part}</code> : part,
      )}
    </>
  );
}
