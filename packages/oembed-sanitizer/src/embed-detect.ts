import { Parser } from "htmlparser2";
import { canonicalEmbedStyle } from "./css";
import {
  checkEmbedCite,
  checkEmbedLink,
  classifyUnkeptAttribute,
  containsMarkup,
  EMBED_ELEMENT_PARENTS,
  EMBED_KEPT_ATTRIBUTES,
  hasEmbedClass,
  isUrlAttribute,
} from "./embed-rules";
import type { SanitizerPolicy } from "./policy";
import type { EmbedHtmlRejectionReason } from "./reasons";
import { hasDangerousScheme } from "./url";

type Attribute = readonly [name: string, value: string];
const SCRIPT_ATTRIBUTES = new Set(["src", "async", "defer", "type"]);
const WHITESPACE_ONLY = /^[\t\n\f\r ]*$/;

/**
 * The detect pass: walks every element, attribute, text run, comment and declaration of `html` and returns the
 * first rule it breaks, or `undefined` when the markup is a well-formed TikTok embed of `videoId`. Nothing is
 * cleaned here; anything unexpected is reported so the payload can be rejected.
 */
export function findEmbedViolation(
  html: string,
  videoId: string,
  policy: SanitizerPolicy,
): EmbedHtmlRejectionReason | undefined {
  const inspector = new EmbedInspector(videoId, policy);
  const parser = new Parser(inspector.handlers(), { decodeEntities: true });
  parser.write(html);
  parser.end();
  return inspector.violation ?? inspector.structureViolation;
}

class EmbedInspector {
  /** The first security rule broken. */
  violation: EmbedHtmlRejectionReason | undefined;
  /** The first structural rule broken; reported only when no security rule is, which names the worse problem. */
  structureViolation: EmbedHtmlRejectionReason | undefined;
  private readonly stack: string[] = [];
  private attributes: Attribute[] = [];
  private duplicate = false;
  private text = "";
  private seen = new Set<string>();

  constructor(
    private readonly videoId: string,
    private readonly policy: SanitizerPolicy,
  ) {}

  handlers() {
    return {
      onopentagname: () => {
        this.flushText();
        this.attributes = [];
        this.duplicate = false;
      },
      onattribute: (name: string, value: string) => {
        if (this.attributes.some(([seen]) => seen === name)) this.duplicate = true;
        this.attributes.push([name, value]);
      },
      onopentag: (name: string) => this.openTag(name),
      ontext: (text: string) => {
        this.text += text;
      },
      onclosetag: (name: string, isImplied: boolean) => this.closeTag(name, isImplied),
      oncomment: () => this.fail("disallowed_markup"),
      oncdatastart: () => this.fail("disallowed_markup"),
      onprocessinginstruction: () => this.fail("disallowed_markup"),
      onend: () => this.end(),
    };
  }

  private fail(reason: EmbedHtmlRejectionReason | undefined): void {
    if (reason === "invalid_embed_structure") this.structureViolation ??= reason;
    else this.violation ??= reason;
  }

  private get parent(): string {
    return this.stack[this.stack.length - 1] ?? "";
  }

  private openTag(name: string): void {
    const tagViolation = this.tagViolation(name);
    if (tagViolation !== undefined || name === "script") {
      this.fail(tagViolation);
    } else {
      this.fail(this.attributeViolation(name));
      this.fail(this.placementViolation(name));
    }
    this.seen.add(name);
    this.stack.push(name);
  }

  private tagViolation(name: string): EmbedHtmlRejectionReason | undefined {
    if (name === "style") return "style_tag";
    if (this.attributes.some(([attribute]) => attribute.startsWith("on"))) return "event_handler";
    if (name === "script") return this.scriptViolation();
    if (this.duplicate) return "duplicate_attribute";
    if (this.attributes.some(([attribute, value]) => isUrlAttribute(attribute) && hasDangerousScheme(value))) {
      return "dangerous_url_scheme";
    }
    if (EMBED_ELEMENT_PARENTS[name] === undefined) return "disallowed_element";
    return undefined;
  }

  private scriptViolation(): EmbedHtmlRejectionReason | undefined {
    const src = this.attributes.find(([attribute]) => attribute === "src")?.[1];
    const typeOk = this.attributes.every(([attribute, value]) => attribute !== "type" || value === "text/javascript");
    const attributesOk = this.attributes.every(([attribute]) => SCRIPT_ATTRIBUTES.has(attribute));
    const placementOk = this.stack.length === 0 && !this.seen.has("script");
    const ok = src === this.policy.embedScriptUrl && !this.duplicate && typeOk && attributesOk && placementOk;
    return ok ? undefined : "script_tag";
  }

  private placementViolation(name: string): EmbedHtmlRejectionReason | undefined {
    const parents = EMBED_ELEMENT_PARENTS[name] ?? [];
    if (!parents.includes(this.parent)) return "invalid_embed_structure";
    if ((name === "blockquote" || name === "section") && this.seen.has(name)) return "invalid_embed_structure";
    if (name === "blockquote" && this.seen.has("script")) return "invalid_embed_structure";
    return undefined;
  }

  private attributeViolation(name: string): EmbedHtmlRejectionReason | undefined {
    const kept = EMBED_KEPT_ATTRIBUTES[name] ?? [];
    for (const [attribute, value] of this.attributes) {
      if (containsMarkup(value)) return "encoded_markup";
      const reason = kept.includes(attribute)
        ? this.keptAttributeViolation(attribute, value)
        : classifyUnkeptAttribute(attribute);
      if (reason !== undefined) return reason;
    }
    if (name === "blockquote") return this.blockquoteViolation();
    return undefined;
  }

  private keptAttributeViolation(attribute: string, value: string): EmbedHtmlRejectionReason | undefined {
    switch (attribute) {
      case "href": {
        const check = checkEmbedLink(value, this.policy);
        return check.ok ? undefined : check.reason;
      }
      case "cite": {
        const check = checkEmbedCite(value, this.videoId, this.policy);
        return check.ok ? undefined : check.reason;
      }
      case "data-video-id":
        return value === this.videoId ? undefined : "video_id_mismatch";
      case "style":
        return canonicalEmbedStyle(value) === undefined ? "disallowed_css" : undefined;
      default:
        return undefined;
    }
  }

  private blockquoteViolation(): EmbedHtmlRejectionReason | undefined {
    const value = (attribute: string) => this.attributes.find(([name]) => name === attribute)?.[1];
    const className = value("class");
    if (className === undefined || !hasEmbedClass(className)) return "invalid_embed_structure";
    if (value("cite") === undefined || value("data-video-id") === undefined) return "invalid_embed_structure";
    return undefined;
  }

  private closeTag(name: string, isImplied: boolean): void {
    this.flushText();
    if (isImplied && name !== "script") this.fail("invalid_embed_structure");
    if (this.parent === name) this.stack.pop();
  }

  private flushText(): void {
    if (this.text === "") return;
    const text = this.text;
    this.text = "";
    const parent = this.parent;
    if (parent === "script") {
      this.fail("script_tag");
    } else if (containsMarkup(text)) {
      this.fail("encoded_markup");
    } else if (parent !== "p" && parent !== "a" && parent !== "section" && !WHITESPACE_ONLY.test(text)) {
      this.fail("invalid_embed_structure");
    }
  }

  private end(): void {
    this.flushText();
    if (!this.seen.has("blockquote") || !this.seen.has("section")) this.fail("invalid_embed_structure");
  }
}
