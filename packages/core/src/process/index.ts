export {
  type ChildProgram,
  ChildProgramError,
  type StartChildOptions,
  startChild,
  stopAllChildren,
} from "./child-program.js";
export { freePort } from "./free-port.js";
export { type MotoServer, startMotoServer } from "./moto-server.js";
export { ensurePythonEnv, type PythonEnv, PythonEnvError, type PythonEnvOptions } from "./python-env.js";
export { REPO_ROOT } from "./repo-root.js";
