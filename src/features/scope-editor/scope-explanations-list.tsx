import { explainScope } from "../../protocol/scopes/explain-scope.ts";
import type { ParsedScopeList } from "../../protocol/scopes/parsed-scope.ts";

interface Props {
  list: ParsedScopeList;
}

/** What each scope asks for, in the consent screen's words (`explainScope`), outside the editor's hovers. */
export function ScopeExplanationsList({ list }: Props) {
  return (
    <details className="scope-explanations" open>
      <summary>What these scopes ask for</summary>
      {list.scopes.length === 0 ? (
        <p>No scopes yet: type one, or press Ctrl+Space in the editor for suggestions.</p>
      ) : (
        <ul>
          {list.scopes.map((scope) => {
            const explanation = explainScope(scope);
            return (
              <li key={scope.range.start}>
                <code>{scope.text}</code>: {explanation.title}
                {explanation.translation ? <> ({explanation.translation})</> : null}
                {explanation.details.length > 0 ? (
                  <ul>
                    {explanation.details.map((detail) => (
                      <li key={detail}>{detail}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </details>
  );
}
