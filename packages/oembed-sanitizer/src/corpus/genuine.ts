import { GENUINE_LAYOUTS } from "./genuine-layouts";
import type { GenuineCase } from "./genuine-support";
import { GENUINE_VARIANTS } from "./genuine-variants";

export type { GenuineCase, GenuineExpectation } from "./genuine-support";

/** Genuine TikTok oEmbed responses; every one must be accepted, with the output its case spells out. */
export const GENUINE_CORPUS: readonly GenuineCase[] = [...GENUINE_LAYOUTS, ...GENUINE_VARIANTS];
