import { Box, Text } from "@mantine/core";
import { useRef, type ReactNode } from "react";

// YamlEditor is a plain textarea over a highlighted copy of its text: the
// textarea's own text is transparent (its caret is not), so the colours come
// from the <pre> behind it. No script is generated and no style element is
// injected; the colours are classes in app.css.
export function YamlEditor({ value, onChange, label, describedBy, id }: {
  value: string;
  onChange(v: string): void;
  label: string;
  describedBy?: string;
  id: string;
}) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div>
      <Text component="label" htmlFor={id} fw={500} size="sm">
        {label}
      </Text>
      <Box className="yaml-editor">
        <pre ref={pre} aria-hidden className="yaml-layer">
          {highlight(value)}
          {"\n"}
        </pre>
        <textarea
          id={id}
          className="yaml-input"
          value={value}
          spellCheck={false}
          wrap="off"
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.currentTarget.value)}
          onScroll={(e) => {
            if (pre.current) {
              pre.current.scrollTop = e.currentTarget.scrollTop;
              pre.current.scrollLeft = e.currentTarget.scrollLeft;
            }
          }}
        />
      </Box>
    </div>
  );
}

// highlight colours YAML line by line: comments, keys, strings, numbers,
// booleans and dates. It only has to look right, not to parse.
export function highlight(text: string): ReactNode[] {
  return text.split("\n").map((line, i) => <span key={i}>{highlightLine(line)}{"\n"}</span>);
}

const token = /(#.*$)|("(?:[^"\\]|\\.)*"|'[^']*')|(\b\d{4}-\d{2}-\d{2}\b|\b\d+(?:\.\d+)?\b)|(\btrue\b|\bfalse\b|\bnull\b)|([A-Za-z_][\w.-]*)(?=\s*:(?:\s|$))/g;

function highlightLine(line: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  token.lastIndex = 0;
  let k = 0;
  while ((m = token.exec(line)) !== null) {
    if (m[0] === "") {
      token.lastIndex++;
      continue;
    }
    // A # inside a plain word (e.g. C#) is not a comment.
    if (m[1] && m.index > 0 && !/\s/.test(line[m.index - 1])) continue;
    if (m.index > last) out.push(line.slice(last, m.index));
    const cls = m[1] ? "y-comment" : m[2] ? "y-string" : m[3] ? "y-number" : m[4] ? "y-bool" : "y-key";
    out.push(
      <span key={k++} className={cls}>
        {m[0]}
      </span>,
    );
    last = m.index + m[0].length;
    if (m[1]) break;
  }
  if (last < line.length) out.push(line.slice(last));
  return out;
}
