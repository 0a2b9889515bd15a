export { describeNeed } from "../components/placement.js";
export { type IcLayoutInput, type IcLayoutResult, type IcModelLayout, icLayout } from "./ic-layout.js";
export { simulate } from "./simulate.js";
