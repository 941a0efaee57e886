export { BASE_PARTS, buildEmbedHtml, buildPayload, EMBED_SCRIPT, type EmbedParts, type HostileCase } from "./build";
export { GENUINE_CORPUS, type GenuineCase, type GenuineExpectation } from "./genuine";
export { HOSTILE_HTML_CORPUS } from "./hostile-html";
export { HOSTILE_PAYLOAD_CORPUS } from "./hostile-payloads";
export { HOSTILE_URL_CORPUS } from "./hostile-urls";

import { HOSTILE_HTML_CORPUS } from "./hostile-html";
import { HOSTILE_PAYLOAD_CORPUS } from "./hostile-payloads";
import { HOSTILE_URL_CORPUS } from "./hostile-urls";

/** Every hostile vector, each with the reason it must be rejected under. */
export const HOSTILE_CORPUS = [...HOSTILE_HTML_CORPUS, ...HOSTILE_URL_CORPUS, ...HOSTILE_PAYLOAD_CORPUS] as const;
export { type GeneratedPayload, generatePayloads } from "./generator";
