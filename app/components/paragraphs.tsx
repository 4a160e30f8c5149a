/** Text typed with blank lines between paragraphs, shown as paragraphs (always as text, never HTML). */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i} className="pre-line">
            {p}
          </p>
        ))}
    </>
  );
}
