import { describe, expect, it } from "vitest";
import { AUDIT_CSV_HEADER, auditCsvRow, csvCell } from "./audit-csv";
import { GENESIS_HASH } from "./canonical-json";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["cr\rhere", '"cr\rhere"'],
    [" padded", '" padded"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+1", "'+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["", ""],
    ["a=b", "a=b"],
  ])("encodes %j as %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe("auditCsvRow", () => {
  it("writes every column in header order with CRLF endings", () => {
    const row = auditCsvRow({
      _id: "aud_1",
      seq: 7,
      at: new Date("2026-02-03T04:05:06.000Z"),
      actor: { type: "api_key", id: "ops" },
      action: "account.revoked",
      target: { accountId: "acc_1" },
      reason: "creator asked, twice",
      details: { scopes: ["user.info.basic"] },
      prevHash: GENESIS_HASH,
      hash: "f".repeat(64),
    });
    expect(AUDIT_CSV_HEADER).toBe(
      "seq,id,at,actor_type,actor_id,action,account_id,user_id,open_id,reason,request_id,details,prev_hash,hash\r\n",
    );
    expect(row).toBe(
      `7,aud_1,2026-02-03T04:05:06.000Z,api_key,ops,account.revoked,acc_1,,,"creator asked, twice",,"{""scopes"":[""user.info.basic""]}",${GENESIS_HASH},${"f".repeat(64)}\r\n`,
    );
  });
});
