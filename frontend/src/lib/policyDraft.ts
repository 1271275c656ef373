import { isMap, isSeq, parseDocument, type Document } from "yaml";
import type { Problem } from "../api/client";

// The draft of a policy version is its YAML text: the form and the text
// editor edit the same string. The form reads values from the parsed
// document and writes them back through the yaml Document API, which keeps
// the comments and the layout of the rest of the text.

export type Path = (string | number)[];

// How the draft is written back: no line folding, and flow lists as HR
// wrote them ([a, b]), so a form edit changes only its own lines.
const out = { lineWidth: 0, flowCollectionPadding: false };

// pathKey writes a path as the API reports it: limits.per_week, reasons[0].id.
export function pathKey(path: Path): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

export interface Draft {
  doc: Document | null;
  syntaxError: string | null;
}

export function parseDraft(text: string): Draft {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { doc: null, syntaxError: doc.errors[0].message };
  return { doc, syntaxError: null };
}

// readValue returns the plain value at a path (lists and maps as JS values).
export function readValue(doc: Document | null, path: Path): unknown {
  if (!doc) return undefined;
  const v = doc.getIn(path, true) as unknown;
  if (v === undefined || v === null) return undefined;
  if (isMap(v) || isSeq(v)) return v.toJSON();
  const scalar = v as { value?: unknown };
  return typeof v === "object" && "value" in (v as object) ? scalar.value : v;
}

// writeValue sets (or, for undefined and empty text, removes) the value at
// a path and answers the new text. Lists are written in flow style.
export function writeValue(text: string, path: Path, value: unknown): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  if (value === undefined || value === "" || (typeof value === "number" && Number.isNaN(value))) {
    if (doc.hasIn(path)) doc.deleteIn(path);
  } else if (Array.isArray(value)) {
    const node = doc.createNode(value, { flow: true });
    doc.setIn(path, node);
  } else {
    doc.setIn(path, value);
  }
  return doc.toString(out);
}

// appendItem adds an item to the list at a path (created when missing).
export function appendItem(text: string, path: Path, item: Record<string, unknown>): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  const seq = doc.getIn(path, true);
  const node = doc.createNode(item, { flow: false });
  if (isSeq(seq)) seq.add(node);
  else doc.setIn(path, doc.createNode([item]));
  return doc.toString(out);
}

export function removeItem(text: string, path: Path, index: number): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  doc.deleteIn([...path, index]);
  return doc.toString(out);
}

// listOf reads a list of mappings at a path (an empty list when absent).
export function listOf(doc: Document | null, path: Path): Record<string, unknown>[] {
  const v = readValue(doc, path);
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
}

// splitList and joinList turn a list into the comma-separated text a form field shows.
export function splitList(s: string): string[] {
  return s
    .split(/[,、，\s]+/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}
export function joinList(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(", ") : "";
}

// startDraft copies the version in force into a new draft: a new version
// label and the given effective date; nothing else changes.
export function startDraft(inForce: string, version: string, effectiveFrom: string): string {
  const doc = parseDocument(inForce);
  doc.set("version", version);
  doc.set("effective_from", effectiveFrom);
  return doc.toString(out);
}

export interface DraftError {
  path: string;
  detail: string;
}

// draftErrors maps a validate/simulate/publish problem onto the draft:
// "document.limits.per_week" belongs to the form field limits.per_week when
// the form shows it; every other error is listed with its path above the
// text editor. Errors not about the document (effective_from, note) stay by
// their own name in `fields`.
export function draftErrors(p: Problem | null | undefined, shown: Set<string>): {
  form: Record<string, string>;
  text: DraftError[];
  fields: Record<string, string>;
} {
  const form: Record<string, string> = {};
  const text: DraftError[] = [];
  const fields: Record<string, string> = {};
  for (const e of p?.errors ?? []) {
    if (e.field === "document" || e.field.startsWith("document.") || e.field.startsWith("document[")) {
      const path = e.field.replace(/^document\.?/, "");
      if (path && shown.has(path)) {
        if (!(path in form)) form[path] = e.detail;
      } else {
        text.push({ path, detail: e.detail });
      }
    } else if (!(e.field in fields)) {
      fields[e.field] = e.detail;
    }
  }
  return { form, text, fields };
}
