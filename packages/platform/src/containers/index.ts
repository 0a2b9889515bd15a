export { type ContainerConfig, createContainer } from "./create-container.js";
export { type ContainerFailure, ContainerUnavailableError } from "./errors.js";
export { HttpModelContainer, type HttpModelContainerOptions } from "./http-model-container.js";
