export { type IcLayoutInput, type IcLayoutResult, type IcModelLayout, icLayout } from "./ic-layout.js";
export { simulate } from "./simulate.js";
