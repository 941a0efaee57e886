import { describe, expect, it } from "vitest";
import { canonicalEmbedStyle } from "./css";

describe("canonicalEmbedStyle", () => {
  it.each([
    ["max-width: 605px;min-width: 325px;", "max-width: 605px;min-width: 325px;"],
    ["min-width:325px; MAX-WIDTH : 605PX", "max-width: 605px;min-width: 325px;"],
    ["max-width: 605.5px", "max-width: 605.5px;"],
    ["", ""],
    [" ; ", ""],
  ])("accepts %j", (style, expected) => {
    expect(canonicalEmbedStyle(style)).toBe(expected);
  });

  it.each([
    "width: 605px",
    "max-width: 605em",
    "max-width: 605px; max-width: 605px",
    "max-width: url(x)",
    "max-width: 605px; background: red",
    "max-width: 6\\05px",
    "max-width: 605px /* x */",
    "max-width:: 605px",
    "max-width: 99999px",
  ])("rejects %j", (style) => {
    expect(canonicalEmbedStyle(style)).toBeUndefined();
  });
});
