/** A change that can break an existing client (request side) or consumer (response and event side). */
export interface BreakingChange {
  /** Where: a JSON-pointer-like path into the contract, e.g. `GET /v1/accounts 200 .items[].status`. */
  at: string;
  message: string;
}

/**
 * `input`: what clients send us (requests). A change breaks them when we accept less than before.
 * `output`: what we send (responses, events). A change breaks consumers when they may receive something they
 * could not receive before, or lose something they relied on.
 */
export type Direction = "input" | "output";

type Schema = Record<string, unknown>;

/** Both documents a schema lives in, so `$ref`s (`#/components/…`, `#/$defs/…`) resolve on their own side. */
export interface SchemaRoots {
  before: unknown;
  after: unknown;
}

const TIGHTER_IF_LOWER = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"] as const;
const TIGHTER_IF_HIGHER = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"] as const;

/**
 * Finds the changes between two JSON Schemas that break the other side (see {@link Direction}). Rules, also in
 * the READMEs: removing a field, a union member, an operation or a value a client may send breaks; a type that
 * widens on output or narrows on input breaks; a field that becomes required on input, or optional on output,
 * breaks; tighter input limits break. Adding optional input fields, output fields, output enum values and union
 * members does not: consumers must ignore what they do not know.
 */
export function diffSchemas(
  before: unknown,
  after: unknown,
  direction: Direction,
  at = "",
  roots: SchemaRoots = { before, after },
): BreakingChange[] {
  const changes: BreakingChange[] = [];
  compare(resolve(before, roots.before), resolve(after, roots.after), { direction, roots, changes, depth: 0 }, at);
  return changes;
}

interface Context {
  direction: Direction;
  roots: SchemaRoots;
  changes: BreakingChange[];
  depth: number;
}

function compare(before: Schema | undefined, after: Schema | undefined, ctx: Context, at: string): void {
  // Recursive schemas: past this depth the same pair is being compared again.
  if (!before || !after || ctx.depth > 40) return;
  const next = { ...ctx, depth: ctx.depth + 1 };
  const beforeVariants = variants(before, ctx.roots.before);
  const afterVariants = variants(after, ctx.roots.after);
  if (beforeVariants.length > 1 || afterVariants.length > 1) {
    compareUnions(beforeVariants, afterVariants, next, at);
    return;
  }
  compareTypes(before, after, ctx, at);
  compareValues(before, after, ctx, at);
  compareLimits(before, after, ctx, at);
  compareObjects(before, after, next, at);
  const beforeItems = resolve(before.items, ctx.roots.before);
  const afterItems = resolve(after.items, ctx.roots.after);
  if (beforeItems && afterItems) compare(beforeItems, afterItems, next, `${at}[]`);
}

function compareUnions(before: Schema[], after: Schema[], ctx: Context, at: string): void {
  const nonNull = (list: Schema[]) => list.filter((s) => s.type !== "null");
  if (ctx.direction === "output" && !before.some((s) => s.type === "null") && after.some((s) => s.type === "null")) {
    ctx.changes.push({ at, message: "may now be null" });
  }
  if (ctx.direction === "input" && before.some((s) => s.type === "null") && !after.some((s) => s.type === "null")) {
    ctx.changes.push({ at, message: "no longer accepts null" });
  }
  const afterList = nonNull(after);
  nonNull(before).forEach((variant, index) => {
    const tag = discriminator(variant);
    const match = tag !== undefined ? afterList.find((s) => discriminator(s) === tag) : afterList[index];
    const label = tag !== undefined ? `${at}<${tag}>` : `${at}<${index}>`;
    if (!match) ctx.changes.push({ at: label, message: "union member removed" });
    else compare(variant, match, ctx, label);
  });
}

function compareTypes(before: Schema, after: Schema, ctx: Context, at: string): void {
  const beforeTypes = typesOf(before);
  const afterTypes = typesOf(after);
  if (!beforeTypes || !afterTypes) return;
  const covers = (set: Set<string>, type: string) => set.has(type) || (type === "integer" && set.has("number"));
  if (ctx.direction === "output") {
    const added = [...afterTypes].filter((type) => !covers(beforeTypes, type));
    if (added.length > 0) ctx.changes.push({ at, message: `type changed: may now be ${added.join(", ")}` });
  } else {
    const removed = [...beforeTypes].filter((type) => !covers(afterTypes, type));
    if (removed.length > 0) ctx.changes.push({ at, message: `type changed: no longer accepts ${removed.join(", ")}` });
  }
}

function compareValues(before: Schema, after: Schema, ctx: Context, at: string): void {
  const beforeValues = valuesOf(before);
  const afterValues = valuesOf(after);
  if (!beforeValues || !afterValues) {
    if (ctx.direction === "input" && !beforeValues && afterValues)
      ctx.changes.push({ at, message: "now restricted to fixed values" });
    return;
  }
  if (ctx.direction === "input") {
    const removed = beforeValues.filter((value) => !afterValues.includes(value));
    if (removed.length > 0) ctx.changes.push({ at, message: `no longer accepts ${removed.join(", ")}` });
  } else if ("const" in before && "const" in after && before.const !== after.const) {
    ctx.changes.push({ at, message: `constant changed from ${String(before.const)} to ${String(after.const)}` });
  }
}

function compareLimits(before: Schema, after: Schema, ctx: Context, at: string): void {
  if (ctx.direction !== "input") return;
  for (const key of TIGHTER_IF_LOWER) {
    const [b, a] = [before[key], after[key]];
    if (typeof a === "number" && (typeof b !== "number" || a < b))
      ctx.changes.push({ at, message: `${key} tightened` });
  }
  for (const key of TIGHTER_IF_HIGHER) {
    const [b, a] = [before[key], after[key]];
    if (typeof a === "number" && (typeof b !== "number" || a > b))
      ctx.changes.push({ at, message: `${key} tightened` });
  }
  if (typeof after.pattern === "string" && after.pattern !== before.pattern)
    ctx.changes.push({ at, message: "pattern changed" });
}

function compareObjects(before: Schema, after: Schema, ctx: Context, at: string): void {
  const beforeProps = (before.properties ?? {}) as Record<string, unknown>;
  const afterProps = (after.properties ?? {}) as Record<string, unknown>;
  const beforeRequired = new Set((before.required ?? []) as string[]);
  const afterRequired = new Set((after.required ?? []) as string[]);
  for (const [name, schema] of Object.entries(beforeProps)) {
    const field = `${at}.${name}`;
    if (!(name in afterProps)) {
      ctx.changes.push({ at: field, message: "field removed" });
      continue;
    }
    if (ctx.direction === "output" && beforeRequired.has(name) && !afterRequired.has(name)) {
      ctx.changes.push({ at: field, message: "may now be absent (was required)" });
    }
    compare(resolve(schema, ctx.roots.before), resolve(afterProps[name], ctx.roots.after), ctx, field);
  }
  if (ctx.direction === "input") {
    for (const name of afterRequired) {
      if (!beforeRequired.has(name)) ctx.changes.push({ at: `${at}.${name}`, message: "new required field" });
    }
  }
  const beforeExtra = resolve(before.additionalProperties, ctx.roots.before);
  const afterExtra = resolve(after.additionalProperties, ctx.roots.after);
  if (beforeExtra && afterExtra) compare(beforeExtra, afterExtra, ctx, `${at}.*`);
}

function variants(schema: Schema, root: unknown): Schema[] {
  const list = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (!Array.isArray(list)) return [schema];
  return list.map((member) => resolve(member, root)).filter((member): member is Schema => member !== undefined);
}

/** The value of a union member's `type`/`kind` constant, which tells members apart (e.g. event types). */
function discriminator(schema: Schema): string | undefined {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const key of ["type", "kind"]) {
    const property = properties[key];
    if (property && "const" in property) return String(property.const);
    if (Array.isArray(property?.enum) && property.enum.length === 1) return String(property.enum[0]);
  }
  return undefined;
}

function typesOf(schema: Schema): Set<string> | undefined {
  if (typeof schema.type === "string") return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type as string[]);
  return undefined;
}

function valuesOf(schema: Schema): unknown[] | undefined {
  if ("const" in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

/** Follows local `$ref`s (JSON pointers into the same document). */
export function resolve(schema: unknown, root: unknown, seen = 0): Schema | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const ref = (schema as Schema).$ref;
  if (typeof ref !== "string" || !ref.startsWith("#") || seen > 20) return schema as Schema;
  let target: unknown = root;
  for (const raw of ref.slice(2).split("/").filter(Boolean)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    target = typeof target === "object" && target !== null ? (target as Schema)[key] : undefined;
  }
  return resolve(target, root, seen + 1);
}
