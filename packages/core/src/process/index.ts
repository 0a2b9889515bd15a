export {
  type ChildProgram,
  ChildProgramError,
  type StartChildOptions,
  startChild,
  stopAllChildren,
} from "./child-program.js";
export { REPO_ROOT } from "./repo-root.js";
