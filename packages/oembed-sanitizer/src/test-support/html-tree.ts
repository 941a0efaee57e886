import { Parser } from "htmlparser2";

/** An element of a parsed document; text children are plain strings (entities decoded). */
export interface HtmlNode {
  name: string;
  attributes: Record<string, string>;
  children: (HtmlNode | string)[];
}

/** A document parsed for test assertions, independently of the sanitizer's own passes. */
export interface HtmlTree {
  root: HtmlNode;
  /** Comments, CDATA sections, doctypes and processing instructions seen. */
  declarations: number;
}

/** Parses `html` into a plain tree so tests can check the stored markup element by element. */
export function parseHtmlTree(html: string): HtmlTree {
  const root: HtmlNode = { name: "#root", attributes: {}, children: [] };
  const stack: HtmlNode[] = [root];
  let declarations = 0;
  const parser = new Parser(
    {
      onopentag: (name, attributes) => {
        const node: HtmlNode = { name, attributes: { ...attributes }, children: [] };
        stack[stack.length - 1]?.children.push(node);
        stack.push(node);
      },
      onclosetag: () => {
        stack.pop();
      },
      ontext: (text) => {
        stack[stack.length - 1]?.children.push(text);
      },
      oncomment: () => {
        declarations += 1;
      },
      onprocessinginstruction: () => {
        declarations += 1;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { root, declarations };
}

/** Every element under `node` in document order. */
export function allElements(node: HtmlNode): HtmlNode[] {
  return node.children.flatMap((child) => (typeof child === "string" ? [] : [child, ...allElements(child)]));
}

/** The concatenated text under `node`. */
export function textContent(node: HtmlNode): string {
  return node.children.map((child) => (typeof child === "string" ? child : textContent(child))).join("");
}

/** Collapses runs of whitespace, for comparing text without caring about layout. */
export function collapse(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}
