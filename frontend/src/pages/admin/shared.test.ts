import { describe, expect, it } from "vitest";
import { rowProblems } from "./shared";

describe("rowProblems", () => {
  it("reads an import's refusal as lines and columns, the file's own problems first", () => {
    const p = {
      type: "urn:kinmuchi:problem:validation-failed", title: "", status: 422, detail: "", request_id: "",
      errors: [
        { field: "rows[12].supervisor_number", code: "unknown", detail: "上司が見つかりません。" },
        { field: "rows[3].department_code", code: "unknown", detail: "所属コード「999」は登録されていません。" },
        { field: "header", code: "missing", detail: "姓の列がありません。" },
      ],
    };
    expect(rowProblems(p)).toEqual([
      { line: null, column: "header", detail: "姓の列がありません。" },
      { line: 3, column: "department_code", detail: "所属コード「999」は登録されていません。" },
      { line: 12, column: "supervisor_number", detail: "上司が見つかりません。" },
    ]);
  });
  it("has nothing to show without a problem", () => {
    expect(rowProblems(null)).toEqual([]);
  });
});
