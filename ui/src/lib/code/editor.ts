// CodeMirror 6 for SQL and Python, themed with the app's CSS variables (so it follows light
// and dark): read-only with optional lines marked (destructive statements), or editable.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { MySQL, PostgreSQL, SQLite, StandardSQL, sql } from "@codemirror/lang-sql";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState, Prec, RangeSetBuilder, Text, type Extension } from "@codemirror/state";
import { Decoration, EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import type { Dialect } from "../backend";

export type CodeLanguage = "sql" | "python";

const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.modifier], color: "var(--code-keyword)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--code-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--code-number)" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "var(--code-comment)", fontStyle: "italic" },
  { tag: [tags.typeName, tags.standard(tags.name), tags.className], color: "var(--code-type)" },
  { tag: [tags.definition(tags.variableName), tags.function(tags.variableName)], color: "var(--code-type)" },
  { tag: tags.name, color: "var(--code-name)" },
]);

const theme = EditorView.theme({
  "&": { backgroundColor: "var(--bg-code)", color: "var(--fg)", fontSize: "12.5px", height: "100%" },
  ".cm-scroller": { fontFamily: "var(--mono)", overflow: "auto" },
  ".cm-gutters": { backgroundColor: "var(--bg-code)", color: "var(--fg-muted)", borderRight: "1px solid var(--border)" },
  ".cm-content": { caretColor: "transparent" },
  "&.cm-focused": { outline: "2px solid var(--focus)" },
  ".cm-activeLine": { backgroundColor: "var(--bg-hover)" },
  ".cm-destructive": { backgroundColor: "var(--danger-bg)", boxShadow: "inset 3px 0 0 var(--danger)" },
});

const sqlDialects = { sqlite: SQLite, postgresql: PostgreSQL, mysql: MySQL } as const;

function languageFor(language: CodeLanguage, dialect: Dialect | null): Extension {
  if (language === "python") return python();
  return sql({ dialect: dialect ? sqlDialects[dialect] : StandardSQL });
}

function markedLines(doc: Text, lines: readonly number[]): Extension {
  const builder = new RangeSetBuilder<Decoration>();
  const mark = Decoration.line({ class: "cm-destructive", attributes: { "data-destructive": "true" } });
  for (const n of [...new Set(lines)].sort((a, b) => a - b)) {
    if (n >= 1 && n <= doc.lines) {
      const line = doc.line(n);
      builder.add(line.from, line.from, mark);
    }
  }
  return EditorView.decorations.of(builder.finish());
}

export type EditorOptions = {
  doc: string;
  language: CodeLanguage;
  dialect: Dialect | null;
  marked: readonly number[];
  label: string;
};

export function createEditor(parent: HTMLElement, options: EditorOptions): EditorView {
  const doc = Text.of(options.doc.split(/\r\n?|\n/));
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        EditorView.contentAttributes.of({ "aria-label": options.label, tabindex: "0" }),
        languageFor(options.language, options.dialect),
        syntaxHighlighting(highlight),
        theme,
        markedLines(doc, options.marked),
      ],
    }),
  });
}

export type EditableOptions = {
  doc: string;
  language: CodeLanguage;
  dialect: Dialect | null;
  label: string;
  /** Every edit, with the whole text. */
  onchange: (text: string) => void;
};

const editableTheme = EditorView.theme({
  ".cm-content": { caretColor: "var(--fg)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "var(--bg-selected)" },
});

/** An editable editor. Tab indents; Escape then Tab leaves it (CodeMirror's focus escape). */
export function createEditableEditor(parent: HTMLElement, options: EditableOptions): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        lineNumbers(),
        history(),
        highlightActiveLine(),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": options.label }),
        languageFor(options.language, options.dialect),
        syntaxHighlighting(highlight),
        theme,
        Prec.highest(editableTheme),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onchange(update.state.doc.toString());
        }),
      ],
    }),
  });
}

/** Replaces the whole text when it differs (a new draft arrived), keeping the editor. */
export function replaceText(view: EditorView, text: string): void {
  const current = view.state.doc.toString();
  if (current !== text) view.dispatch({ changes: { from: 0, to: current.length, insert: text } });
}
