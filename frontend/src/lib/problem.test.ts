import { describe, expect, it } from "vitest";
import { ApiError, type Problem } from "../api/client";
import { fieldErrors, generalMessage, problemOf, refusalResults } from "./problem";

const problem = (errors: Problem["errors"], extra: object = {}): Problem => ({
  type: "urn:kinmuchi:problem:validation",
  title: "Unprocessable",
  status: 422,
  detail: "入力内容に誤りがあります。",
  request_id: "r1",
  errors,
  ...extra,
});

describe("error mapping", () => {
  it("puts each error next to its field, indexes folded into the list field", () => {
    const p = problem([
      { field: "dates[1]", code: "invalid", detail: "日付が正しくありません。" },
      { field: "dates[2]", code: "invalid", detail: "二つ目" },
      { field: "reason", code: "required", detail: "事由を選んでください。" },
    ]);
    expect(fieldErrors(p)).toEqual({ dates: "日付が正しくありません。", reason: "事由を選んでください。" });
  });
  it("shows the detail above the form only when a field is not on it", () => {
    const p = problem([{ field: "reason", code: "required", detail: "x" }]);
    expect(generalMessage(p, ["reason"])).toBeNull();
    expect(generalMessage(p, ["dates"])).toBe("入力内容に誤りがあります。");
    expect(generalMessage(problem(undefined), [])).toBe("入力内容に誤りがあります。");
  });
  it("reads the engine's reasons from a refusal and the problem from an error", () => {
    const results = [{ rule: "limit.per_week", outcome: "fail", message: { ja: "超えます", en: "Over" } }];
    const err = new ApiError(422, problem(undefined, { results }));
    expect(refusalResults(problemOf(err))).toEqual(results);
    expect(problemOf(new Error("x"))).toBeNull();
    expect(refusalResults(null)).toEqual([]);
  });
});
